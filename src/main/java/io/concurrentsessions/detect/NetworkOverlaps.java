package io.concurrentsessions.detect;

import java.util.Arrays;

/**
 * When each network of a session was used (the union of its addresses' time samples at the
 * session's coarsest level, first and last use), and the overlap of two networks as
 * {@link SessionEvidence} defines it.
 */
final class NetworkOverlaps {
    private static final long[] NO_BUCKETS = {};
    private static final boolean[] NOT_TIMED = {};
    private final int level;
    private final double minOverlapSeconds;
    private final long[][] samples; // by network
    private final double[] firstOf; // by network, NaN when no address of it had a numeric time
    private final double[] lastOf;
    // Past EvidenceAnalysis.MANY_NETWORKS (10^5 pairs): each network's first and last bucket,
    // worked out once, and whether it has both times; empty below.
    private final long[] firstBucket;
    private final long[] lastBucket;
    private final boolean[] timed;

    /** {@code netOf[i]}: the network of the address at state index i; {@code level}: the coarsest sample level. */
    NetworkOverlaps(SessionState s, int[] netOf, int networks, int level, double minOverlapSeconds) {
        this.level = level;
        this.minOverlapSeconds = minOverlapSeconds;
        samples = new long[networks][];
        Arrays.fill(samples, TimeSample.EMPTY);
        firstOf = new double[networks];
        lastOf = new double[networks];
        Arrays.fill(firstOf, Double.NaN);
        Arrays.fill(lastOf, Double.NaN);
        for (int i = 0; i < netOf.length; i++) {
            int x = netOf[i];
            long[] b = TimeSample.coarsen(s.sample(i), level - s.sampleLevel(i));
            // samples are only read here: a network's first address lends its own
            samples[x] = samples[x].length == 0 ? b : TimeSample.union(samples[x], b);
            firstOf[x] = min(firstOf[x], s.firstSeen(i));
            lastOf[x] = max(lastOf[x], s.lastSeen(i));
        }
        boolean many = networks > EvidenceAnalysis.MANY_NETWORKS;
        firstBucket = many ? new long[networks] : NO_BUCKETS;
        lastBucket = many ? new long[networks] : NO_BUCKETS;
        timed = many ? new boolean[networks] : NOT_TIMED;
        for (int x = 0; many && x < networks; x++) {
            timed[x] = !Double.isNaN(firstOf[x]) && !Double.isNaN(lastOf[x]);
            firstBucket[x] = TimeSample.bucket(firstOf[x], level);
            lastBucket[x] = TimeSample.bucket(lastOf[x], level);
        }
    }

    /** Each network's first use, NaN when unknown: read only. */
    double[] firstSeen() {
        return firstOf;
    }

    /** Whether networks x and y were used concurrently: an overlap of at least the minimum. */
    boolean concurrent(int x, int y) {
        double o = overlap(x, y);
        return o > 0 && o >= minOverlapSeconds;
    }

    /**
     * Whether the overlap of x and y cannot exceed {@code best}: both have times and the window
     * between the later first use and the earlier last use is no longer. Known only past
     * {@link EvidenceAnalysis#MANY_NETWORKS} (false below), where it spares a proxy pool's pairs
     * the two searches of {@link #overlap}.
     */
    boolean atMost(int x, int y, double best) {
        return timed.length > 0 && timed[x] && timed[y]
                && !(Math.min(lastOf[x], lastOf[y]) - Math.max(firstOf[x], firstOf[y]) > best);
    }

    /** Seconds networks x and y were both in use (see {@link SessionEvidence}); 0 when not concurrent at all. */
    double overlap(int x, int y) {
        if (timed.length > 0 && timed[x] && timed[y]) {
            return overlapOnBuckets(x, y);
        }
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

    /**
     * As {@link #overlap} for two networks with times, on the buckets worked out once per network:
     * a bucket is monotone in time, so the bucket of the later start is the later of the two
     * starts' buckets.
     */
    private double overlapOnBuckets(int x, int y) {
        double from = Math.max(firstOf[x], firstOf[y]);
        double to = Math.min(lastOf[x], lastOf[y]);
        if (to <= from) {
            return 0;
        }
        long lo = Math.max(firstBucket[x], firstBucket[y]);
        long hi = Math.min(lastBucket[x], lastBucket[y]);
        return TimeSample.anyWithin(samples[x], lo, hi) && TimeSample.anyWithin(samples[y], lo, hi) ? to - from : 0;
    }

    private static double min(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
