package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether two networks of a session look like two parties or one device, and which steps of the
 * travel timeline are not travel. Notes which one-device excuse it applied, for the reasons.
 */
final class NetworkPairRules {
    private final EvidenceSettings settings;
    private final NetworkClients clients;
    private final NetworkContexts contexts;
    private final NetworkDevices devices;
    private final int[] netOf;
    private final List<String> netNames;
    private final Concurrency concurrent;
    private boolean oneDeviceDualStack; // some pair excused as IPv4 + IPv6 of one device
    private boolean oneDevicePhone; // some pair excused as one phone on Wi-Fi and cellular
    // Past EvidenceAnalysis.MANY_NETWORKS, contextDiffers answers once per pair of network classes
    // (NetworkClass): a proxy pool's hundreds of networks are a handful of classes, its pairs 10^5.
    private PairAnswers answers; // null until the first question

    NetworkPairRules(EvidenceSettings settings, NetworkClients clients, NetworkContexts contexts, NetworkDevices devices,
                     int[] netOf,
                     List<String> netNames, Concurrency concurrent) {
        this.settings = settings;
        this.clients = clients;
        this.contexts = contexts;
        this.devices = devices;
        this.netOf = netOf;
        this.netNames = netNames;
        this.concurrent = concurrent;
    }

    /** Whether two networks (x < y) were used concurrently: the caller's overlap rule. */
    interface Concurrency {
        boolean test(int x, int y);
    }

    /**
     * Whether {@link #contextDiffers} has answered for a pair of these two networks' classes, so
     * asking it for x and y would neither change the answer nor note another excuse.
     */
    boolean answered(int x, int y) {
        return answers != null && answers.answered(x, y);
    }

    boolean oneDeviceDualStack() {
        return oneDeviceDualStack;
    }

    boolean oneDevicePhone() {
        return oneDevicePhone;
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
    boolean contextDiffers(int x, int y, BitSet[] uasOf) {
        if (answers == null) {
            answers = netNames.size() > EvidenceAnalysis.MANY_NETWORKS ? PairAnswers.byClass(classKeys(uasOf)) : PairAnswers.NONE;
        }
        // The answer and the excuse it notes are the same for every pair of these two classes: the
        // excuse was noted when the pair of classes was first asked.
        return answers.answered(x, y) ? answers.answer(x, y) : answers.keep(x, y, contextDiffersOnce(x, y, uasOf));
    }

    /**
     * Everything {@link #contextDiffersOnce} reads of one network: IP version, user agents, device
     * ids and flags, ASNs, places and coordinates. Networks alike in all of them get one class.
     */
    private record NetworkClass(boolean ipv6, BitSet userAgents, Set<String> deviceIds, int deviceFlags, Set<String> asns,
                                Set<String> places, List<Double> coordinates) {
        // Written out: a record's own equals and hashCode are bootstrapped through invokedynamic on
        // first use, ~40 ms of a cold JVM's finishing step (measured at 10^4 noisy events).
        @Override
        public boolean equals(Object o) {
            return o instanceof NetworkClass c && ipv6 == c.ipv6 && deviceFlags == c.deviceFlags
                    && Objects.equals(userAgents, c.userAgents) && Objects.equals(deviceIds, c.deviceIds)
                    && Objects.equals(asns, c.asns) && Objects.equals(places, c.places) && Objects.equals(coordinates, c.coordinates);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ipv6, userAgents, deviceIds, deviceFlags, asns, places, coordinates);
        }
    }

    private NetworkClass[] classKeys(BitSet[] uasOf) {
        NetworkClass[] out = new NetworkClass[netNames.size()];
        for (int x = 0; x < out.length; x++) {
            NetworkContexts.Context c = contexts.of(x);
            List<Double> coordinates = new ArrayList<>(2 * c.geo().size());
            for (double[] g : c.geo()) {
                coordinates.add(g[0]);
                coordinates.add(g[1]);
            }
            out[x] = new NetworkClass(isIpv6(x), uasOf[x], devices.ids(x), devices.flags(x), c.asns(), c.places(), coordinates);
        }
        return out;
    }

    private boolean contextDiffersOnce(int x, int y, BitSet[] uasOf) {
        if (dualStack(x, y)) {
            oneDeviceDualStack = true;
            return false;
        }
        NetworkContexts.Context cx = contexts.of(x);
        NetworkContexts.Context cy = contexts.of(y);
        double nearest = NetworkContexts.nearestKm(cx, cy);
        if (settings.uses(EvidenceSettings.Rule.PHONE_HANDOFF) && nearest < EvidenceSettings.SAME_PLACE_KM
                && clients.samePhone(x, y) && oneDevice(x, y)) {
            oneDevicePhone = true;
            return false;
        }
        boolean asnKnown = !cx.asns().isEmpty() && !cy.asns().isEmpty();
        if (asnKnown && settings.uses(EvidenceSettings.Rule.ASN) && NetworkContexts.disjoint(cx.asns(), cy.asns())) {
            return true;
        }
        boolean placeKnown;
        if (!Double.isNaN(nearest)) {
            placeKnown = true;
            if (nearest >= EvidenceSettings.SAME_PLACE_KM) {
                return true;
            }
        } else {
            placeKnown = !cx.places().isEmpty() && !cy.places().isEmpty();
            if (placeKnown && NetworkContexts.disjoint(cx.places(), cy.places())) {
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
     * An IPv4 and an IPv6 network used with one client, one device as far as device fields tell,
     * and no disjoint ASNs: one dual-stack
     * device. IPv6 geolocation is often another city or missing; the ASN comes from routing
     * and is trusted.
     */
    private boolean dualStack(int x, int y) {
        if (!settings.uses(EvidenceSettings.Rule.DUAL_STACK) || isIpv6(x) == isIpv6(y) || !clients.same(x, y)
                || !oneDevice(x, y)) {
            return false;
        }
        NetworkContexts.Context cx = contexts.of(x);
        NetworkContexts.Context cy = contexts.of(y);
        return cx.asns().isEmpty() || cy.asns().isEmpty() || !NetworkContexts.disjoint(cx.asns(), cy.asns())
                || !settings.uses(EvidenceSettings.Rule.ASN);
    }

    /**
     * A step of the travel timeline that is not travel: between the two halves of one dual-stack
     * device, or one phone handing over between networks that are not concurrent within one
     * country (a carrier's addresses geolocate at its hub, hundreds of km from the phone).
     */
    boolean untrustedStep(int a, int b) {
        int x = Math.min(netOf[a], netOf[b]);
        int y = Math.max(netOf[a], netOf[b]);
        if (x == y) {
            return false;
        }
        if (dualStack(x, y)) {
            oneDeviceDualStack = true;
            return true;
        }
        String country = contexts.country(a);
        if (settings.uses(EvidenceSettings.Rule.PHONE_HANDOFF) && country != null && country.equals(contexts.country(b))
                && !concurrent.test(x, y) && clients.samePhone(x, y) && oneDevice(x, y)) {
            oneDevicePhone = true;
            return true;
        }
        return false;
    }

    /** Nothing the devices said makes two: no disjoint device ids, no managed/unmanaged split. */
    private boolean oneDevice(int x, int y) {
        return !devices.disjointIds(x, y) && !devices.managedSplit(x, y);
    }

    private boolean isIpv6(int x) {
        return netNames.get(x).indexOf(':') >= 0;
    }
}
