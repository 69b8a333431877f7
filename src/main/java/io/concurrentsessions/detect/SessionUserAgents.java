package io.concurrentsessions.detect;

import java.util.Arrays;
import java.util.HashSet;

/**
 * The distinct user agents of one session, in arrival order, and which user agent was seen with
 * which address (pairs of indexes). The reading methods here are part of {@link SessionState}'s
 * public API. Like {@link SessionAddresses}, a superclass of {@link SessionState} rather than a
 * field, so that a session stays one object with its first user agent inline.
 */
abstract sealed class SessionUserAgents extends SessionAddresses permits SessionState {
    /**
     * The pairs of a session whose only pair is its first address with its first user agent, nine
     * in ten: shared, never written (copied before any change), one array fewer per session.
     */
    private static final long[] FIRST_PAIR_ONLY = {0L};

    // The first user agent lives in a field, the rest in an array from index 1 on, as addresses do:
    // nine sessions in ten have one.
    private String ua0;
    private String[] uas = NO_STRINGS; // user agents 1.. at [i - 1]
    private int uaCount;

    private long[] pairs = NO_LONGS; // (ip index << 32) | user agent index
    private int pairCount;

    /** Adds a user agent; its index. */
    public int recordUserAgent(String ua) {
        int idx = indexOfUserAgent(ua);
        return idx >= 0 ? idx : addUserAgent(ua);
    }

    /** Notes that the user agent at {@code uaIdx} was seen with the address at {@code ipIdx}. */
    public void recordPair(int ipIdx, int uaIdx) {
        if (ipIdx < 0 || ipIdx >= addressCount() || uaIdx < 0 || uaIdx >= uaCount) {
            throw new IllegalArgumentException("pair " + ipIdx + "/" + uaIdx + " outside " + addressCount() + "/" + uaCount);
        }
        long pair = ((long) ipIdx << 32) | uaIdx;
        if (rare.pairIndex != null) {
            if (!rare.pairIndex.add(pair)) {
                return;
            }
        } else {
            for (int k = 0; k < pairCount; k++) {
                if (pairs[k] == pair) {
                    return;
                }
            }
        }
        if (pairCount == 0 && pair == 0L) {
            pairs = FIRST_PAIR_ONLY;
            pairCount = 1;
            return;
        }
        if (pairCount == pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(1, pairCount * 2));
        }
        pairs[pairCount++] = pair;
        if (rare.pairIndex == null && pairCount > LINEAR_LIMIT) {
            own().pairIndex = new HashSet<>();
            for (int k = 0; k < pairCount; k++) {
                rare.pairIndex.add(pairs[k]);
            }
        }
    }

    // ---- reading ----

    public int userAgentCount() {
        return uaCount;
    }

    public String userAgent(int i) {
        return i == 0 ? ua0 : uas[i - 1];
    }

    public int pairCount() {
        return pairCount;
    }

    public int pairAddress(int k) {
        return (int) (pairs[k] >>> 32);
    }

    public int pairUserAgent(int k) {
        return (int) pairs[k];
    }

    // ---- internals ----

    /**
     * Removes the address at {@code idx} and its pairs; the last address moves into its slot, and
     * its pairs are renamed to {@code idx}.
     */
    final void evict(int idx) {
        int last = addressCount() - 1;
        removeAddress(idx);
        if (pairs == FIRST_PAIR_ONLY) {
            pairs = pairs.clone(); // rewritten in place below
        }
        int n = 0;
        for (int k = 0; k < pairCount; k++) {
            long p = pairs[k];
            int a = (int) (p >>> 32);
            if (a == idx) {
                continue;
            }
            if (a == last) {
                p = ((long) idx << 32) | (p & 0xffffffffL);
            }
            pairs[n++] = p;
        }
        pairCount = n;
        if (rare.pairIndex != null) {
            rare.pairIndex.clear();
            for (int k = 0; k < pairCount; k++) {
                rare.pairIndex.add(pairs[k]);
            }
        }
    }

    /** The user agents in index order, a new array. */
    final String[] userAgents() {
        String[] out = new String[uaCount];
        for (int i = 0; i < uaCount; i++) {
            out[i] = userAgent(i);
        }
        return out;
    }

    final int indexOfUserAgent(String ua) {
        return RareParts.find(ua, rare.uaIndex, ua0, uas, uaCount);
    }

    final int addUserAgent(String ua) {
        int idx = uaCount++;
        if (idx == 0) {
            ua0 = ua;
        } else {
            if (idx - 1 == uas.length) {
                uas = Arrays.copyOf(uas, Math.max(1, uas.length * 2));
            }
            uas[idx - 1] = ua;
        }
        if (rare.uaIndex != null) {
            rare.uaIndex.put(ua, idx);
        } else if (uaCount > LINEAR_LIMIT) {
            own().uaIndex = RareParts.index(userAgents(), uaCount);
        }
        return idx;
    }
}
