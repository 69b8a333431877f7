package io.concurrentsessions.detect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
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
                              long sightingsDropped, List<String> reasons, int riskScore,
                              List<String> devices, boolean deviceChangedWithIp, List<String> logs) {
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
        devices = List.copyOf(devices);
        logs = List.copyOf(logs);
    }

    public boolean impossibleTravel() {
        return maxTravelKmh > EvidenceSettings.IMPOSSIBLE_KMH;
    }

    /**
     * What the strict profile reports: several networks and concurrency across distinct contexts,
     * impossible travel, another client on another network, or another device (a managed one
     * giving way to an unmanaged one, or disjoint device ids).
     */
    public boolean strictMatch() {
        return networkCount >= 2 && (impossibleTravel() || (concurrent && concurrentContextDiffers) || clientChangedWithIp
                || deviceChangedWithIp);
    }

    /** Evidence for the session; {@code order[k]} is the state index of the k-th address by code point. */
    public static SessionEvidence of(SessionState s, int[] order, EvidenceSettings settings) {
        return new EvidenceAnalysis(s, order, s.addresses.toArray(), new AddressAgents(s), settings).evidence();
    }

    /** Seconds as plain decimal text, at most millisecond precision; "unknown" for NaN. */
    public static String seconds(double t) {
        return seconds(t, null);
    }

    /** Room for {@link #seconds(double, byte[])}'s epoch texts: 13 digits, a point and 3 more. */
    static final int SECONDS_TEXT_MAX = 20;

    /**
     * As {@link #seconds(double)}, writing epoch seconds' digits in {@code scratch} (of
     * {@link #SECONDS_TEXT_MAX}; null: a new one): a finding writes four of them per address.
     */
    static String seconds(double t, byte[] scratch) {
        if (Double.isNaN(t)) {
            return UNKNOWN;
        }
        if (t == Math.rint(t) && Math.abs(t) < 1e15) {
            return Long.toString((long) t);
        }
        if (t > 0 && t < 1e12) { // epoch seconds: milliseconds in a long, no BigDecimal per address
            long ms = Math.round(t * 1000);
            byte[] b = scratch != null ? scratch : new byte[SECONDS_TEXT_MAX];
            long whole = ms / 1000;
            int n = 1;
            for (long w = whole; w >= 10; w /= 10) {
                n++;
            }
            for (int i = n - 1; i >= 0; i--, whole /= 10) {
                b[i] = (byte) ('0' + whole % 10);
            }
            int frac = (int) (ms % 1000);
            if (frac != 0) {
                b[n++] = '.';
                b[n++] = (byte) ('0' + frac / 100);
                if (frac % 100 != 0) {
                    b[n++] = (byte) ('0' + frac / 10 % 10);
                    if (frac % 10 != 0) {
                        b[n++] = (byte) ('0' + frac % 10);
                    }
                }
            }
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        return BigDecimal.valueOf(t).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
