package io.concurrentsessions.detect;

import java.util.Arrays;
import java.util.HashSet;

/**
 * The distinct user agents of one session, in arrival order, and which user agent was seen with
 * which address (pairs of indexes). One part of a {@link SessionState}, which reads it through its
 * own public methods; the first user agent lives in a field, the rest in an array from index 1
 * on, as addresses do: nine sessions in ten have one.
 */
final class UserAgentSet {
    /**
     * The pairs of a session whose only pair is its first address with its first user agent, nine
     * in ten: shared, never written (copied before any change), one array fewer per session.
     */
    private static final long[] FIRST_PAIR_ONLY = {0L};

    // The first user agent lives in a field, the rest in an array from index 1 on, as addresses do:
    // nine sessions in ten have one.
    private String ua0;
    private String[] uas = {}; // user agents 1.. at [i - 1]
    private int uaCount;

    private long[] pairs = {}; // (ip index << 32) | user agent index
    private int pairCount;

    /** Adds a user agent; its index. */
    int record(String ua, SessionState owner) {
        int idx = indexOf(ua, owner.rare);
        return idx >= 0 ? idx : add(ua, owner);
    }

    /** Notes that the user agent at {@code uaIdx} was seen with the address at {@code ipIdx} (of {@code addresses}). */
    void pair(int ipIdx, int uaIdx, int addresses, SessionState owner) {
        if (ipIdx < 0 || ipIdx >= addresses || uaIdx < 0 || uaIdx >= uaCount) {
            throw new IllegalArgumentException("pair " + ipIdx + "/" + uaIdx + " outside " + addresses + "/" + uaCount);
        }
        RareParts rare = owner.rare;
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
        if (rare.pairIndex == null && pairCount > SessionState.LINEAR_LIMIT) {
            HashSet<Long> index = new HashSet<>();
            for (int k = 0; k < pairCount; k++) {
                index.add(pairs[k]);
            }
            owner.own().pairIndex = index;
        }
    }

    // ---- reading ----

    int count() {
        return uaCount;
    }

    String userAgent(int i) {
        return i == 0 ? ua0 : uas[i - 1];
    }

    int pairCount() {
        return pairCount;
    }

    int pairAddress(int k) {
        return (int) (pairs[k] >>> 32);
    }

    int pairUserAgent(int k) {
        return (int) pairs[k];
    }

    // ---- internals ----

    /** The address at {@code idx} is gone and the one at {@code last} moved into its slot: their pairs follow. */
    void addressRemoved(int idx, int last, RareParts rare) {
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
    String[] toArray() {
        String[] out = new String[uaCount];
        for (int i = 0; i < uaCount; i++) {
            out[i] = userAgent(i);
        }
        return out;
    }

    int indexOf(String ua, RareParts rare) {
        return RareParts.find(ua, rare.uaIndex, ua0, uas, uaCount);
    }

    int add(String ua, SessionState owner) {
        RareParts rare = owner.rare;
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
        } else if (uaCount > SessionState.LINEAR_LIMIT) {
            owner.own().uaIndex = RareParts.index(toArray(), uaCount);
        }
        return idx;
    }
}
