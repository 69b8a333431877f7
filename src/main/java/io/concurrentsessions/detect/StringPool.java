package io.concurrentsessions.detect;

import java.util.Arrays;

/**
 * Shares one copy of repeated strings (operations, users, addresses, user agents) per table, so
 * memory grows with distinct values rather than with events. Not thread-safe.
 *
 * <p>A fixed, direct-mapped cache rather than a map of every string seen: a value that keeps
 * coming back (an operation, a busy user, a user agent) stays in its slot and is shared, while a
 * value seen once (most addresses) costs one hash and one comparison, no map node, and a pool
 * that does not grow. A map of every address seen was a third of the profile: millions of
 * nodes, each lookup a cache miss, for strings that were rarely repeated.
 */
public final class StringPool {
    private static final int SLOTS = 1 << 16;
    private final String[] slots = new String[SLOTS];

    /** A string equal to {@code s}: an earlier copy when the pool still holds one, else {@code s}. */
    public String intern(String s) {
        int h = s.hashCode();
        int i = (h ^ (h >>> 14)) & (SLOTS - 1);
        String pooled = slots[i];
        if (pooled != null && pooled.equals(s)) {
            return pooled;
        }
        slots[i] = s;
        return s;
    }

    /** Strings currently held (at most the number of slots). */
    public int size() {
        int n = 0;
        for (String s : slots) {
            if (s != null) {
                n++;
            }
        }
        return n;
    }

    public void clear() {
        Arrays.fill(slots, null);
    }
}
