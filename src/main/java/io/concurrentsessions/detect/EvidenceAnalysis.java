package io.concurrentsessions.detect;

import static io.concurrentsessions.detect.SessionEvidence.UNKNOWN;
import static io.concurrentsessions.detect.SessionEvidence.seconds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;

/** Computes one session's {@link SessionEvidence} from its state: the definitions are there. */
final class EvidenceAnalysis {
    /** Counts as text, 0..255: nearly every per-address event count is one of them. */
    private static final String[] SMALL_COUNTS = new String[256];

    static {
        for (int i = 0; i < SMALL_COUNTS.length; i++) {
            SMALL_COUNTS[i] = Integer.toString(i);
        }
    }

    /**
     * Past this many networks a session is a proxy pool's (10^5 pairs of networks): what pairs are
     * asked is worked out once per network, or per class of networks, not per pair.
     */
    static final int MANY_NETWORKS = 16;

    private final SessionState s;
    private final int[] order;
    private final AddressAgents agents;
    private final EvidenceSettings settings;
    private final int n;
    private final int[] netOf; // by state index
    private final List<String> netNames = new ArrayList<>();
    private final int level;
    private final byte[] text = new byte[SessionEvidence.SECONDS_TEXT_MAX]; // seconds' digits, reused
    private NetworkClients clients;
    private NetworkPairRules pairs;

    /**
     * {@code order[k]}: the state index of the k-th address by code point; {@code address}: the
     * addresses by state index; {@code agents}: the state's pairs by address.
     */
    EvidenceAnalysis(SessionState s, int[] order, String[] address, AddressAgents agents, EvidenceSettings settings) {
        this.s = s;
        this.order = order;
        this.agents = agents;
        this.settings = settings;
        this.n = s.addressCount();
        this.netOf = new int[n];
        HashMap<String, Integer> nets = n > 16 ? new HashMap<>() : null;
        int lv = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            String net = Networks.of(address[i], settings.ipv4Prefix(), settings.ipv6Prefix());
            Integer id = nets != null ? nets.get(net) : (Integer) netNames.indexOf(net);
            if (id == null || id < 0) {
                id = netNames.size();
                if (nets != null) {
                    nets.put(net, id);
                }
                netNames.add(net);
            }
            netOf[i] = id;
            lv = Math.max(lv, s.sampleLevel(i));
        }
        this.level = lv;
    }

    SessionEvidence evidence() {
        String[] first = new String[n];
        String[] last = new String[n];
        String[] counts = new String[n];
        String[] nets = new String[n];
        String[] locs = new String[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double firstSeen = s.firstSeen(i);
            double lastSeen = s.lastSeen(i);
            first[k] = seconds(firstSeen, text);
            last[k] = lastSeen == firstSeen ? first[k] : seconds(lastSeen, text); // one use: one text
            long events = s.addressEvents(i);
            counts[k] = events >= 0 && events < SMALL_COUNTS.length ? SMALL_COUNTS[(int) events] : Long.toString(events);
            nets[k] = netNames.get(netOf[i]);
            locs[k] = location(i);
        }
        int networks = netNames.size();
        NetworkOverlaps overlaps = new NetworkOverlaps(s, netOf, networks, level, settings.minOverlapSeconds());
        double[] firstOf = overlaps.firstSeen();
        clients = new NetworkClients(s, netOf, networks, agents);
        NetworkDevices devices = NetworkDevices.of(s, netOf, networks);
        pairs = new NetworkPairRules(settings, clients, new NetworkContexts(s, netOf, networks), devices, netOf, netNames,
                overlaps::concurrent);
        BitSet[] uasOf = new BitSet[networks];
        for (int x = 0; x < networks; x++) {
            uasOf[x] = clients.userAgents(x);
        }
        double best = 0;
        boolean concurrent = false;
        boolean differs = false;
        BitSet involved = new BitSet();
        for (int x = 0; x < networks; x++) {
            for (int y = x + 1; y < networks; y++) {
                if (involved.get(x) && involved.get(y) && pairs.answered(x, y) && overlaps.atMost(x, y, best)) {
                    // Nothing this pair could change: its overlap is at most its span, which is not
                    // above the best; both networks are already involved; and the pair rules have
                    // answered (and noted their excuse) for this pair's classes. A proxy pool's
                    // 10^5 pairs are mostly such; untrustedStep asks overlaps.concurrent itself.
                    continue;
                }
                double o = overlaps.overlap(x, y);
                best = Math.max(best, o);
                if (o > 0 && o >= settings.minOverlapSeconds()) {
                    concurrent = true;
                    involved.set(x);
                    involved.set(y);
                    differs |= pairs.contextDiffers(x, y, uasOf) && settings.uses(EvidenceSettings.Rule.CONCURRENCY);
                }
            }
        }
        boolean uaChanged = uaChanged(uasOf);
        String clientChange = settings.uses(EvidenceSettings.Rule.CLIENT_CHANGE) ? clients.change(networks, firstOf) : null;
        double travel = settings.uses(EvidenceSettings.Rule.TRAVEL) ? TravelTimeline.fastestKmh(s, order, level, pairs::untrustedStep) : Double.NaN;
        String[] clientTexts = new String[n];
        // No device or log field on any address: the two columns stay empty, not a list of "unknown".
        String[] deviceTexts = new String[devices.any() ? n : 0];
        String[] logTexts = new String[devices.any() ? n : 0];
        for (int k = 0; k < n; k++) {
            clientTexts[k] = clients.textOfAddress(order[k]);
            if (devices.any()) {
                deviceTexts[k] = devices.textOfAddress(order[k]);
                logTexts[k] = devices.logsOfAddress(order[k]);
            }
        }
        boolean gaveWay = false;
        boolean otherDevice = false;
        for (int x = 0; devices.any() && x < networks; x++) {
            for (int y = 0; y < networks; y++) {
                // a later network: y not first used before x (NaN compares false: order unknown counts)
                gaveWay |= x != y && !(firstOf[y] < firstOf[x]) && devices.managedGaveWay(x, y);
                otherDevice |= x < y && devices.disjointIds(x, y);
            }
        }
        long dropped = s.sightingsDropped();
        List<String> reasons = new ArrayList<>();
        int score = RiskAnnotation.SCORE;
        if (networks == 1) {
            String net = netNames.get(0);
            int slash = net.lastIndexOf('/');
            reasons.add("single network" + (slash > 0 ? " (same " + net.substring(slash) + ")" : ""));
            score -= 25;
        } else if (concurrent) {
            reasons.add(involved.cardinality() + " networks used concurrently for " + seconds(round(best)) + " s");
            if (differs) {
                score += 30;
            } else {
                reasons.add("concurrent networks share place, ASN and user agent (dual stack or one device)");
                score -= 10;
            }
        } else if (best > 0) {
            reasons.add("networks overlapped only " + seconds(round(best)) + " s (hand-off, below "
                    + seconds(settings.minOverlapSeconds()) + " s)");
        } else if (!(travel > EvidenceSettings.IMPOSSIBLE_KMH)) {
            reasons.add("sequential move between networks (no overlap)");
        }
        if (travel > EvidenceSettings.IMPOSSIBLE_KMH) {
            reasons.add("impossible travel " + Math.round(travel) + " km/h");
            score += 25;
        } else if (travel > 0) {
            reasons.add("plausible travel " + Math.round(travel) + " km/h");
        }
        if (networks >= 2 && !concurrent && !(travel > EvidenceSettings.IMPOSSIBLE_KMH)) {
            score -= 15;
        }
        if (uaChanged) {
            reasons.add("user agent changed with network");
            score += 10;
        }
        if (clientChange != null) {
            reasons.add("another client on another network (replay): " + clientChange);
            score += 15;
        }
        if (gaveWay) {
            reasons.add("managed device gave way to an unmanaged one");
            score += 15;
        } else if (otherDevice) {
            reasons.add("another device id on another network");
            score += 10;
        }
        if (pairs.oneDeviceDualStack()) {
            reasons.add("IPv4 and IPv6 with one client: one device, IPv6 geolocation not trusted");
        }
        if (pairs.oneDevicePhone()) {
            reasons.add("one phone on Wi-Fi and cellular: carrier geolocation not trusted");
        }
        if (s.asnCount() > 1) {
            reasons.add(s.asnCount() + " ASNs");
            score += 5;
        }
        if (dropped > 0) {
            reasons.add("address cap reached: " + dropped + " sightings of further addresses not kept");
        }
        // List.of copies each array once; the record's List.copyOf then keeps these lists as they are.
        return new SessionEvidence(List.of(first), List.of(last), List.of(counts), List.of(nets), List.of(locs), networks,
                concurrent, round(best), differs, travel, s.sortedAsns(), s.userAgentCount(), uaChanged, List.of(clientTexts),
                clientChange != null, dropped, reasons, Math.max(0, Math.min(100, score)), List.of(deviceTexts),
                gaveWay || otherDevice, List.of(logTexts));
    }

    private String location(int i) {
        String place = s.place(i);
        if (place != null) {
            return place;
        }
        double lat = s.latitude(i);
        if (!Double.isNaN(lat)) {
            return degrees(lat) + "," + degrees(s.longitude(i));
        }
        return UNKNOWN;
    }

    /** A different user agent on a different network: two networks with user agents whose sets differ. */
    private static boolean uaChanged(BitSet[] uasOf) {
        BitSet reference = null;
        for (BitSet b : uasOf) {
            if (b.isEmpty()) {
                continue;
            }
            if (reference == null) {
                reference = b;
            } else if (!reference.equals(b)) {
                return true;
            }
        }
        return false;
    }

    private static String degrees(double d) {
        return BigDecimal.valueOf(d).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
