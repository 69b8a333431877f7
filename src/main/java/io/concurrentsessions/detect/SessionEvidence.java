package io.concurrentsessions.detect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

/**
 * What a session's state says beyond the seed's columns, computed at the end from the mergeable
 * state (so any split gives the same evidence). Per-address lists are parallel to the sorted
 * {@code ips}. See docs/evidence.md for the definitions; in short:
 * <ul>
 *   <li>networks: addresses masked to ipv4/ipv6 prefix;</li>
 *   <li>overlap of two networks X, Y: W = [max(firstX, firstY), min(lastX, lastY)]; its length when
 *       both X and Y were used inside W (per their time samples), else 0. A..B..A (B nested in A's
 *       span with no A inside it) is a round trip, not concurrency; A,A,B,B has an empty W;</li>
 *   <li>concurrent: some pair overlaps at least minOverlapSeconds;</li>
 *   <li>travel: over the time-ordered uses of located addresses, each step between places at
 *       least {@value EvidenceSettings#SAME_PLACE_KM} km apart gives distance / max(gap, bucket width),
 *       except between addresses geolocation cannot tell apart (below);</li>
 *   <li>clients: user agents parsed ({@link Client}); another client on another network is a
 *       replay reason on its own (the replay rule), concurrent or not;</li>
 *   <li>one device, whatever geolocation claims: an IPv4 and an IPv6 network with one client (and
 *       no disjoint ASNs), and one phone on Wi-Fi and cellular in one place, or handing over within
 *       one country (carriers' addresses geolocate at their hubs).</li>
 * </ul>
 */
public record SessionEvidence(List<String> firstSeen, List<String> lastSeen, List<String> eventCounts,
                              List<String> networks, List<String> locations, int networkCount,
                              boolean concurrent, double overlapSeconds, boolean concurrentContextDiffers,
                              double maxTravelKmh, List<String> asns, int userAgentCount, boolean uaChangedWithIp,
                              List<String> clients, boolean clientChangedWithIp,
                              long sightingsDropped, List<String> reasons, int riskScore) {
    public static final String UNKNOWN = "unknown";

    public SessionEvidence {
        firstSeen = List.copyOf(firstSeen);
        lastSeen = List.copyOf(lastSeen);
        eventCounts = List.copyOf(eventCounts);
        networks = List.copyOf(networks);
        locations = List.copyOf(locations);
        asns = List.copyOf(asns);
        clients = List.copyOf(clients);
        reasons = List.copyOf(reasons);
    }

    public boolean impossibleTravel() {
        return maxTravelKmh > EvidenceSettings.IMPOSSIBLE_KMH;
    }

    /**
     * What the strict profile reports: several networks and concurrency across distinct contexts,
     * impossible travel, or another client on another network.
     */
    public boolean strictMatch() {
        return networkCount >= 2 && (impossibleTravel() || (concurrent && concurrentContextDiffers) || clientChangedWithIp);
    }

    /** Evidence for the session; {@code order[k]} is the state index of the k-th address by code point. */
    public static SessionEvidence of(SessionState s, int[] order, EvidenceSettings settings) {
        return new Analysis(s, order, settings).evidence();
    }

    /** Seconds as plain decimal text, at most millisecond precision; "unknown" for NaN. */
    public static String seconds(double t) {
        if (Double.isNaN(t)) {
            return UNKNOWN;
        }
        if (t == Math.rint(t) && Math.abs(t) < 1e15) {
            return Long.toString((long) t);
        }
        if (t > 0 && t < 1e12) { // epoch seconds: milliseconds in a long, no BigDecimal per address
            long ms = Math.round(t * 1000);
            StringBuilder b = new StringBuilder(16).append(ms / 1000);
            int frac = (int) (ms % 1000);
            if (frac != 0) {
                b.append('.').append((char) ('0' + frac / 100));
                if (frac % 100 != 0) {
                    b.append((char) ('0' + frac / 10 % 10));
                    if (frac % 10 != 0) {
                        b.append((char) ('0' + frac % 10));
                    }
                }
            }
            return b.toString();
        }
        return BigDecimal.valueOf(t).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static final class Analysis {
        private final SessionState s;
        private final int[] order;
        private final EvidenceSettings settings;
        private final int n;
        private final int[] netOf; // by state index
        private final List<String> netNames = new ArrayList<>();
        private final int level;
        private NetworkClients clients;
        private BitSet concurrentPairs; // x * networks + y, x < y
        private Context[] contexts; // by network, built on first use
        private boolean oneDeviceDualStack; // some pair excused as IPv4 + IPv6 of one device
        private boolean oneDevicePhone; // some pair excused as one phone on Wi-Fi and cellular

        Analysis(SessionState s, int[] order, EvidenceSettings settings) {
            this.s = s;
            this.order = order;
            this.settings = settings;
            this.n = s.addressCount();
            this.netOf = new int[n];
            HashMap<String, Integer> nets = n > 16 ? new HashMap<>() : null;
            int lv = 0;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                String net = Networks.of(s.address(i), settings.ipv4Prefix(), settings.ipv6Prefix());
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
            List<String> first = new ArrayList<>(n);
            List<String> last = new ArrayList<>(n);
            List<String> counts = new ArrayList<>(n);
            List<String> nets = new ArrayList<>(n);
            List<String> locs = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                int i = order[k];
                first.add(seconds(s.firstSeen(i)));
                last.add(seconds(s.lastSeen(i)));
                counts.add(Long.toString(s.addressEvents(i)));
                nets.add(netNames.get(netOf[i]));
                locs.add(location(i));
            }
            int networks = netNames.size();
            long[][] samples = networkSamples();
            double[] firstOf = new double[networks];
            double[] lastOf = new double[networks];
            Arrays.fill(firstOf, Double.NaN);
            Arrays.fill(lastOf, Double.NaN);
            for (int i = 0; i < n; i++) {
                int x = netOf[i];
                firstOf[x] = min(firstOf[x], s.firstSeen(i));
                lastOf[x] = max(lastOf[x], s.lastSeen(i));
            }
            clients = new NetworkClients(s, netOf, networks);
            concurrentPairs = new BitSet();
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
                    double o = overlap(samples, firstOf, lastOf, x, y);
                    best = Math.max(best, o);
                    if (o > 0 && o >= settings.minOverlapSeconds()) {
                        concurrent = true;
                        concurrentPairs.set(x * networks + y);
                        involved.set(x);
                        involved.set(y);
                        differs |= contextDiffers(x, y, uasOf) && settings.uses(EvidenceSettings.Rule.CONCURRENCY);
                    }
                }
            }
            boolean uaChanged = uaChanged(uasOf);
            String clientChange = settings.uses(EvidenceSettings.Rule.CLIENT_CHANGE) ? clients.change(networks, firstOf) : null;
            double travel = settings.uses(EvidenceSettings.Rule.TRAVEL) ? maxTravel() : Double.NaN;
            List<String> clientTexts = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                clientTexts.add(clients.textOfAddress(order[k]));
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
            if (oneDeviceDualStack) {
                reasons.add("IPv4 and IPv6 with one client: one device, IPv6 geolocation not trusted");
            }
            if (oneDevicePhone) {
                reasons.add("one phone on Wi-Fi and cellular: carrier geolocation not trusted");
            }
            if (s.asnCount() > 1) {
                reasons.add(s.asnCount() + " ASNs");
                score += 5;
            }
            if (dropped > 0) {
                reasons.add("address cap reached: " + dropped + " sightings of further addresses not kept");
            }
            return new SessionEvidence(first, last, counts, nets, locs, networks, concurrent, round(best), differs,
                    travel, s.sortedAsns(), s.userAgentCount(), uaChanged, clientTexts, clientChange != null, dropped, reasons,
                    Math.max(0, Math.min(100, score)));
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

        /** Each network's uses: the union of its addresses' samples at the session's coarsest level. */
        private long[][] networkSamples() {
            long[][] out = new long[netNames.size()][];
            Arrays.fill(out, TimeSample.EMPTY);
            for (int i = 0; i < n; i++) {
                long[] b = TimeSample.coarsen(s.sample(i), level - s.sampleLevel(i));
                out[netOf[i]] = TimeSample.union(out[netOf[i]], b);
            }
            return out;
        }

        private double overlap(long[][] samples, double[] firstOf, double[] lastOf, int x, int y) {
            if (Double.isNaN(firstOf[x]) || Double.isNaN(firstOf[y])) {
                return 0;
            }
            double from = Math.max(firstOf[x], firstOf[y]);
            double to = Math.min(lastOf[x], lastOf[y]);
            if (to <= from) {
                return 0;
            }
            boolean both = TimeSample.anyWithin(samples[x], level, from, to) && TimeSample.anyWithin(samples[y], level, from, to);
            return both ? to - from : 0;
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

        /**
         * Whether two concurrent networks look like two parties rather than one device: disjoint
         * ASNs, places at least {@value EvidenceSettings#SAME_PLACE_KM} km apart (or differently
         * named when no coordinates), different clients; or nothing known about either (no
         * iplocation, no ASN), where concurrency alone has to speak. Not when geolocation is all
         * that separates them and it cannot be trusted: IPv4 and IPv6 with one client
         * ({@link #dualStack}), or one phone in one place on Wi-Fi and cellular (whose ASNs differ
         * by nature).
         */
        private boolean contextDiffers(int x, int y, BitSet[] uasOf) {
            if (dualStack(x, y)) {
                oneDeviceDualStack = true;
                return false;
            }
            Context cx = context(x);
            Context cy = context(y);
            double nearest = nearestKm(cx, cy);
            if (settings.uses(EvidenceSettings.Rule.PHONE_HANDOFF) && nearest < EvidenceSettings.SAME_PLACE_KM
                    && clients.samePhone(x, y)) {
                oneDevicePhone = true;
                return false;
            }
            boolean asnKnown = !cx.asns.isEmpty() && !cy.asns.isEmpty();
            if (asnKnown && settings.uses(EvidenceSettings.Rule.ASN) && disjoint(cx.asns, cy.asns)) {
                return true;
            }
            boolean placeKnown;
            if (!Double.isNaN(nearest)) {
                placeKnown = true;
                if (nearest >= EvidenceSettings.SAME_PLACE_KM) {
                    return true;
                }
            } else {
                placeKnown = !cx.places.isEmpty() && !cy.places.isEmpty();
                if (placeKnown && disjoint(cx.places, cy.places)) {
                    return true;
                }
            }
            if (clients.differ(x, y)) {
                return true;
            }
            if (!uasOf[x].isEmpty() && !uasOf[y].isEmpty() && !uasOf[x].equals(uasOf[y]) && !clients.same(x, y)) {
                return true; // user agents differ and none could be parsed: the raw strings are all we have
            }
            return !(asnKnown && settings.uses(EvidenceSettings.Rule.ASN)) && !placeKnown;
        }

        /**
         * An IPv4 and an IPv6 network used with one client and no disjoint ASNs: one dual-stack
         * device. IPv6 geolocation is often another city or missing; the ASN comes from routing
         * and is trusted.
         */
        private boolean dualStack(int x, int y) {
            if (!settings.uses(EvidenceSettings.Rule.DUAL_STACK) || isIpv6(x) == isIpv6(y) || !clients.same(x, y)) {
                return false;
            }
            Context cx = context(x);
            Context cy = context(y);
            return cx.asns.isEmpty() || cy.asns.isEmpty() || !disjoint(cx.asns, cy.asns) || !settings.uses(EvidenceSettings.Rule.ASN);
        }

        /**
         * A step of the travel timeline that is not travel: between the two halves of one dual-stack
         * device, or one phone handing over between networks that are not concurrent within one
         * country (a carrier's addresses geolocate at its hub, hundreds of km from the phone).
         */
        private boolean untrustedStep(int a, int b) {
            int x = Math.min(netOf[a], netOf[b]);
            int y = Math.max(netOf[a], netOf[b]);
            if (x == y) {
                return false;
            }
            if (dualStack(x, y)) {
                oneDeviceDualStack = true;
                return true;
            }
            if (settings.uses(EvidenceSettings.Rule.PHONE_HANDOFF) && !concurrentPairs.get(x * netNames.size() + y)
                    && country(a) != null && country(a).equals(country(b)) && clients.samePhone(x, y)) {
                oneDevicePhone = true;
                return true;
            }
            return false;
        }

        private boolean isIpv6(int x) {
            return netNames.get(x).indexOf(':') >= 0;
        }

        /** The country of an address's place ("City, Country"), null when unknown. */
        private String country(int i) {
            String place = s.place(i);
            if (place == null) {
                return null;
            }
            int comma = place.lastIndexOf(", ");
            return comma >= 0 ? place.substring(comma + 2) : place;
        }

        /** What iplocation and the ASN field said about a network's addresses. */
        private record Context(HashSet<String> asns, HashSet<String> places, List<double[]> geo) {
        }

        private Context context(int x) {
            if (contexts == null) {
                contexts = new Context[netNames.size()];
            }
            if (contexts[x] == null) {
                Context c = new Context(new HashSet<>(), new HashSet<>(), new ArrayList<>());
                for (int i = 0; i < n; i++) {
                    if (netOf[i] != x) {
                        continue;
                    }
                    if (s.addressAsn(i) != null) {
                        c.asns.add(s.addressAsn(i));
                    }
                    if (s.place(i) != null) {
                        c.places.add(s.place(i));
                    }
                    if (!Double.isNaN(s.latitude(i))) {
                        c.geo.add(new double[] {s.latitude(i), s.longitude(i)});
                    }
                }
                contexts[x] = c;
            }
            return contexts[x];
        }

        /** The shortest distance between two networks' coordinates; NaN when either has none. */
        private static double nearestKm(Context x, Context y) {
            if (x.geo.isEmpty() || y.geo.isEmpty()) {
                return Double.NaN;
            }
            double nearest = Double.POSITIVE_INFINITY;
            for (double[] a : x.geo) {
                for (double[] b : y.geo) {
                    nearest = Math.min(nearest, Networks.km(a[0], a[1], b[0], b[1]));
                }
            }
            return nearest;
        }

        private static boolean disjoint(HashSet<String> a, HashSet<String> b) {
            return a.stream().noneMatch(b::contains);
        }

        /**
         * Fastest implied travel: located uses in time order (ties by address order), each step
         * between places at least SAME_PLACE_KM apart. NaN when fewer than two addresses are located.
         */
        private double maxTravel() {
            int located = 0;
            int uses = 0;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                if (!Double.isNaN(s.latitude(i))) {
                    located++;
                    uses += s.sample(i).length;
                }
            }
            if (located < 2) {
                return Double.NaN;
            }
            long[] timeline = new long[uses]; // TimeSample.use(bucket, rank among located addresses)
            int[] who = new int[located];
            int u = 0;
            int rank = 0;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                if (Double.isNaN(s.latitude(i))) {
                    continue;
                }
                who[rank] = i;
                for (long b : TimeSample.coarsen(s.sample(i), level - s.sampleLevel(i))) {
                    timeline[u++] = TimeSample.use(b, rank);
                }
                rank++;
            }
            Arrays.sort(timeline, 0, u);
            double width = TimeSample.width(level);
            double fastest = 0;
            for (int j = 1; j < u; j++) {
                int a = who[TimeSample.useRank(timeline[j - 1])];
                int b = who[TimeSample.useRank(timeline[j])];
                if (a == b) {
                    continue;
                }
                double km = Networks.km(s.latitude(a), s.longitude(a), s.latitude(b), s.longitude(b));
                if (km < EvidenceSettings.SAME_PLACE_KM) {
                    continue;
                }
                if (untrustedStep(a, b)) {
                    continue;
                }
                double gap = TimeSample.start(TimeSample.useBucket(timeline[j]), level)
                        - TimeSample.start(TimeSample.useBucket(timeline[j - 1]), level);
                fastest = Math.max(fastest, km / (Math.max(gap, width) / 3600.0));
            }
            return fastest;
        }

        private static String degrees(double d) {
            return BigDecimal.valueOf(d).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }

        private static double min(double a, double b) {
            return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
        }

        private static double max(double a, double b) {
            return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
        }
    }
}
