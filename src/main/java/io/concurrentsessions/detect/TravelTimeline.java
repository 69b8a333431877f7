package io.concurrentsessions.detect;

import java.util.Arrays;

/**
 * Fastest implied travel of a session: the located uses of its addresses in time order (ties by
 * address order), each step between places at least {@value EvidenceSettings#SAME_PLACE_KM} km
 * apart giving distance / max(gap, bucket width).
 */
final class TravelTimeline {
    /** A step between two addresses (state indexes) that is not travel, whatever the distance. */
    interface UntrustedStep {
        boolean test(int a, int b);
    }

    private TravelTimeline() {
    }

    /**
     * In km/h; NaN when fewer than two addresses are located. {@code order[k]}: the state index
     * of the k-th address by code point; {@code level}: the session's coarsest sample level.
     */
    static double fastestKmh(SessionState s, int[] order, int level, UntrustedStep untrusted) {
        int n = order.length;
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
            if (untrusted.test(a, b)) {
                continue;
            }
            double gap = TimeSample.start(TimeSample.useBucket(timeline[j]), level)
                    - TimeSample.start(TimeSample.useBucket(timeline[j - 1]), level);
            fastest = Math.max(fastest, km / (Math.max(gap, width) / 3600.0));
        }
        return fastest;
    }
}
