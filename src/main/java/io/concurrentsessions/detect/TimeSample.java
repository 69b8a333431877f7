package io.concurrentsessions.detect;

import java.util.Arrays;

/**
 * A bounded, mergeable summary of when one address was used: the distinct time buckets of its
 * events, sorted, at a level {@code L} where a bucket is {@code floor(t / 2^L)} seconds. It starts
 * at level 0 (one-second buckets); when more than {@value #CAP} buckets would be kept, the level
 * rises until they fit. The result depends only on the set of event times, never on their order
 * or on how they were split: every part's level is at most the whole's (fewer times need no
 * coarser buckets), so merging at the higher level and coarsening until {@value #CAP} fit lands on
 * the level one process reaches. Arrays are exact-length; the helpers return new arrays.
 */
public final class TimeSample {
    /** Buckets kept per address (512 bytes at most): enough to see interleaving, bounded against floods. */
    public static final int CAP = 64;
    static final long[] EMPTY = {};

    private TimeSample() {
    }

    /** The bucket of {@code t} seconds at {@code level}. */
    public static long bucket(double t, int level) {
        return ((long) Math.floor(t)) >> level;
    }

    /** Seconds a bucket spans at {@code level}. */
    public static double width(int level) {
        return Math.scalb(1.0, level);
    }

    /** First second of {@code bucket} at {@code level}. */
    public static double start(long bucket, int level) {
        return Math.scalb((double) bucket, level);
    }

    /** {@code b} with {@code v} inserted (sorted, distinct): {@code b} itself when already there. */
    static long[] insert(long[] b, long v) {
        int at = Arrays.binarySearch(b, v);
        if (at >= 0) {
            return b;
        }
        at = -at - 1;
        long[] out = new long[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(b, at, out, at + 1, b.length - at);
        return out;
    }

    /** Buckets {@code by} levels coarser, distinct. */
    static long[] coarsen(long[] b, int by) {
        if (by == 0 || b.length == 0) {
            return b;
        }
        long[] out = new long[b.length];
        int n = 0;
        for (long v : b) {
            long c = v >> by;
            if (n == 0 || out[n - 1] != c) {
                out[n++] = c;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The sorted distinct union. */
    static long[] union(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long v;
            if (j >= b.length || (i < a.length && a[i] <= b[j])) {
                v = a[i++];
            } else {
                v = b[j++];
            }
            if (n == 0 || out[n - 1] != v) {
                out[n++] = v;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The level at which {@code b} (at {@code level}) fits the cap. */
    static int fittingLevel(long[] b, int level) {
        long[] c = b;
        int l = level;
        while (c.length > CAP) {
            c = coarsen(c, 1);
            l++;
        }
        return l;
    }

    /** Whether any bucket of {@code b} (at {@code level}) intersects the closed interval [from, to]. */
    public static boolean anyWithin(long[] b, int level, double from, double to) {
        return anyWithin(b, bucket(from, level), bucket(to, level));
    }

    /** Some bucket of {@code b} (sorted) in [lo, hi]. */
    static boolean anyWithin(long[] b, long lo, long hi) {
        int at = Arrays.binarySearch(b, lo);
        if (at >= 0) {
            return true;
        }
        at = -at - 1;
        return at < b.length && b[at] <= hi;
    }

    /** Bits below a timeline entry's bucket: the rank of the address it is a use of. */
    private static final int RANK_BITS = 20;

    /** One use of an address in a timeline, as a long that sorts by bucket, then by the address's rank (below 2^20). */
    static long use(long bucket, int rank) {
        return bucket << RANK_BITS | rank;
    }

    static long useBucket(long use) {
        return use >> RANK_BITS;
    }

    static int useRank(long use) {
        return (int) (use & ((1 << RANK_BITS) - 1));
    }
}
