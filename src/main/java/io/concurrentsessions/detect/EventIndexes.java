package io.concurrentsessions.detect;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The address or user-agent indexes one event touched, as the first {@code n} slots of an
 * {@code int[]}: a repeat within the event is one sighting, not two. Past
 * {@value SessionState#LINEAR_LIMIT} indexes membership moves to a {@link BitSet}, so a hostile
 * field with thousands of values stays linear.
 */
final class EventIndexes {
    /**
     * Per-thread scratch for one event's address and user-agent indexes: shared by all sessions
     * rather than two arrays per session (64 bytes each of a million sessions).
     */
    static final ThreadLocal<int[][]> SCRATCH = ThreadLocal.withInitial(() -> new int[][] {new int[8], new int[8]});

    private EventIndexes() {
    }

    static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** The bit set of {@code a}'s first {@code n} values once past the limit (null before), updated with the last one. */
    static BitSet track(BitSet seen, int[] a, int n) {
        if (seen != null) {
            seen.set(a[n - 1]);
            return seen;
        }
        if (n <= SessionState.LINEAR_LIMIT) {
            return null;
        }
        BitSet s = new BitSet();
        for (int i = 0; i < n; i++) {
            s.set(a[i]);
        }
        return s;
    }

    /** Sets slot {@code n} to {@code v}, growing the array when full; the array to keep. */
    static int[] push(int[] a, int n, int v) {
        int[] out = n == a.length ? Arrays.copyOf(a, n * 2) : a;
        out[n] = v;
        return out;
    }

    /**
     * Drops {@code removed} from the first {@code n} indexes and renames {@code moved} (the old last
     * address, moved into the removed one's slot) to {@code removed}; the new count.
     */
    static int forget(int[] a, int n, int removed, int moved) {
        int out = 0;
        for (int i = 0; i < n; i++) {
            int v = a[i];
            if (v == removed) {
                continue;
            }
            a[out++] = v == moved ? removed : v;
        }
        return out;
    }
}
