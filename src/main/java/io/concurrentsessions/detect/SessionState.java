package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

/**
 * Everything one session has shown so far, mergeable: merging the states of any split of a
 * session's events gives the state of all of them, in any order. Holds min/max {@code _time}
 * exactly, the distinct addresses with first/last seen and event count each, the distinct user
 * agents, and which user agent was seen with which address. Small sessions cost a few arrays;
 * lookups switch to hash indexes only when a session grows past {@value #LINEAR_LIMIT} entries,
 * so a hostile session with thousands of addresses stays linear.
 */
public final class SessionState {
    private static final int LINEAR_LIMIT = 16;
    private static final String[] NO_STRINGS = {};
    private static final long[] NO_LONGS = {};
    private static final int STRIDE = 3; // first seen bits, last seen bits, events

    private long events;
    private int minScale = -1; // -1: no numeric _time yet
    private int maxScale = -1;
    private long minUnscaled;
    private long maxUnscaled;

    private String[] ips = NO_STRINGS;
    private int ipCount;
    private long[] ipData = NO_LONGS;
    private HashMap<String, Integer> ipIndex;

    private String[] uas = NO_STRINGS;
    private int uaCount;
    private HashMap<String, Integer> uaIndex;

    private long[] pairs = NO_LONGS; // (ip index << 32) | user agent index
    private int pairCount;
    private HashSet<Long> pairIndex;

    /**
     * Per-thread scratch for one event's address and user-agent indexes: shared by all sessions
     * rather than two arrays per session (64 bytes each of a million sessions).
     */
    private static final ThreadLocal<int[][]> SCRATCH = ThreadLocal.withInitial(() -> new int[][] {new int[8], new int[8]});

    /**
     * One event. {@code time} is the parsed {@code _time} or null when it was missing or
     * non-numeric (the event still contributes addresses and user agents, as stats values() does).
     * Empty values are no values. New strings are pooled through {@code pool}.
     */
    public void observe(EpochTime time, List<String> addresses, List<String> userAgents, StringPool pool) {
        events++;
        double t = Double.NaN;
        if (time != null) {
            recordTimes(time.unscaled(), time.scale(), time.unscaled(), time.scale());
            t = EpochTime.toDouble(time.unscaled(), time.scale());
        }
        int[][] scratch = SCRATCH.get();
        int[] eventIps = scratch[0];
        int[] eventUas = scratch[1];
        int ni = 0;
        BitSet bigIps = null;
        for (int i = 0, n = addresses.size(); i < n; i++) {
            String ip = addresses.get(i);
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            int idx = indexOfAddress(ip);
            if (idx < 0) {
                idx = addAddress(pool.intern(ip));
            } else if (ni > 0 && (bigIps != null ? bigIps.get(idx) : contains(eventIps, ni, idx))) {
                continue;
            }
            eventIps = push(eventIps, ni++, idx);
            bigIps = track(bigIps, eventIps, ni);
            recordAddressSighting(idx, t, t, 1);
        }
        int nu = 0;
        BitSet bigUas = null;
        for (int i = 0, n = userAgents.size(); i < n; i++) {
            String ua = userAgents.get(i);
            if (ua == null || ua.isEmpty()) {
                continue;
            }
            int idx = indexOfUserAgent(ua);
            if (idx < 0) {
                idx = addUserAgent(pool.intern(ua));
            } else if (nu > 0 && (bigUas != null ? bigUas.get(idx) : contains(eventUas, nu, idx))) {
                continue;
            }
            eventUas = push(eventUas, nu++, idx);
            bigUas = track(bigUas, eventUas, nu);
        }
        for (int i = 0; i < ni; i++) {
            for (int j = 0; j < nu; j++) {
                recordPair(eventIps[i], eventUas[j]);
            }
        }
        scratch[0] = eventIps;
        scratch[1] = eventUas;
    }

    /** Adds everything {@code other} holds; {@code other} is left unchanged. */
    public void merge(SessionState other) {
        events += other.events;
        if (other.hasTime()) {
            recordTimes(other.minUnscaled, other.minScale, other.maxUnscaled, other.maxScale);
        }
        int[] ipMap = new int[other.ipCount];
        for (int i = 0; i < other.ipCount; i++) {
            ipMap[i] = recordAddress(other.ips[i], other.firstSeen(i), other.lastSeen(i), other.addressEvents(i));
        }
        int[] uaMap = new int[other.uaCount];
        for (int i = 0; i < other.uaCount; i++) {
            uaMap[i] = recordUserAgent(other.uas[i]);
        }
        for (int k = 0; k < other.pairCount; k++) {
            recordPair(ipMap[other.pairAddress(k)], uaMap[other.pairUserAgent(k)]);
        }
    }

    // ---- building blocks shared by observe, merge and the partial-state decoder ----

    /** Adds {@code n} to the event count (a decoded partial's events). */
    public void recordEvents(long n) {
        events += n;
    }

    /** Widens min/max {@code _time} to include both bounds given. */
    public void recordTimes(long minU, int minS, long maxU, int maxS) {
        if (minScale < 0 || EpochTime.compare(minU, minS, minUnscaled, minScale) < 0) {
            minUnscaled = minU;
            minScale = minS;
        }
        if (maxScale < 0 || EpochTime.compare(maxU, maxS, maxUnscaled, maxScale) > 0) {
            maxUnscaled = maxU;
            maxScale = maxS;
        }
    }

    /** Adds an address seen {@code n} times between first and last (NaN: no numeric time); its index. */
    public int recordAddress(String ip, double first, double last, long n) {
        int idx = indexOfAddress(ip);
        if (idx < 0) {
            idx = addAddress(ip);
        }
        recordAddressSighting(idx, first, last, n);
        return idx;
    }

    /** Adds a user agent; its index. */
    public int recordUserAgent(String ua) {
        int idx = indexOfUserAgent(ua);
        return idx >= 0 ? idx : addUserAgent(ua);
    }

    /** Notes that the user agent at {@code uaIdx} was seen with the address at {@code ipIdx}. */
    public void recordPair(int ipIdx, int uaIdx) {
        if (ipIdx < 0 || ipIdx >= ipCount || uaIdx < 0 || uaIdx >= uaCount) {
            throw new IllegalArgumentException("pair " + ipIdx + "/" + uaIdx + " outside " + ipCount + "/" + uaCount);
        }
        long pair = ((long) ipIdx << 32) | uaIdx;
        if (pairIndex != null) {
            if (!pairIndex.add(pair)) {
                return;
            }
        } else {
            for (int k = 0; k < pairCount; k++) {
                if (pairs[k] == pair) {
                    return;
                }
            }
        }
        if (pairCount == pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(2, pairCount * 2));
        }
        pairs[pairCount++] = pair;
        if (pairIndex == null && pairCount > LINEAR_LIMIT) {
            pairIndex = new HashSet<>();
            for (int k = 0; k < pairCount; k++) {
                pairIndex.add(pairs[k]);
            }
        }
    }

    // ---- reading ----

    public long events() {
        return events;
    }

    /** Whether any event carried a numeric {@code _time}. */
    public boolean hasTime() {
        return minScale >= 0;
    }

    /** min(_time) as plain decimal text, or null. */
    public String firstTimeText() {
        return hasTime() ? EpochTime.format(minUnscaled, minScale) : null;
    }

    /** max(_time) as plain decimal text, or null. */
    public String lastTimeText() {
        return hasTime() ? EpochTime.format(maxUnscaled, maxScale) : null;
    }

    public int addressCount() {
        return ipCount;
    }

    /** The address at {@code i}, in arrival order (not sorted). */
    public String address(int i) {
        return ips[i];
    }

    /** Earliest numeric _time seen with the address at {@code i}, NaN if none. */
    public double firstSeen(int i) {
        return Double.longBitsToDouble(ipData[i * STRIDE]);
    }

    /** Latest numeric _time seen with the address at {@code i}, NaN if none. */
    public double lastSeen(int i) {
        return Double.longBitsToDouble(ipData[i * STRIDE + 1]);
    }

    /** Events that carried the address at {@code i}. */
    public long addressEvents(int i) {
        return ipData[i * STRIDE + 2];
    }

    public int userAgentCount() {
        return uaCount;
    }

    public String userAgent(int i) {
        return uas[i];
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

    /** Distinct addresses sorted by code point, as values(src_ip) lists them. */
    public List<String> sortedAddresses() {
        return sorted(ips, ipCount);
    }

    /** Distinct user agents sorted by code point, as values(user_agent) lists them. */
    public List<String> sortedUserAgents() {
        return sorted(uas, uaCount);
    }

    private static List<String> sorted(String[] values, int n) {
        String[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy, CodePointOrder.INSTANCE);
        return List.of(copy);
    }

    // ---- internals ----

    private void recordAddressSighting(int idx, double first, double last, long n) {
        int base = idx * STRIDE;
        double f = Double.longBitsToDouble(ipData[base]);
        double l = Double.longBitsToDouble(ipData[base + 1]);
        if (!Double.isNaN(first) && (Double.isNaN(f) || first < f)) {
            ipData[base] = Double.doubleToLongBits(first);
        }
        if (!Double.isNaN(last) && (Double.isNaN(l) || last > l)) {
            ipData[base + 1] = Double.doubleToLongBits(last);
        }
        ipData[base + 2] += n;
    }

    private int indexOfAddress(String ip) {
        if (ipIndex != null) {
            Integer i = ipIndex.get(ip);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < ipCount; i++) {
            if (ips[i].equals(ip)) {
                return i;
            }
        }
        return -1;
    }

    private int addAddress(String ip) {
        if (ipCount == ips.length) {
            int cap = Math.max(2, ipCount * 2);
            ips = Arrays.copyOf(ips, cap);
            ipData = Arrays.copyOf(ipData, cap * STRIDE);
        }
        int idx = ipCount++;
        ips[idx] = ip;
        long nan = Double.doubleToLongBits(Double.NaN);
        ipData[idx * STRIDE] = nan;
        ipData[idx * STRIDE + 1] = nan;
        ipData[idx * STRIDE + 2] = 0;
        if (ipIndex != null) {
            ipIndex.put(ip, idx);
        } else if (ipCount > LINEAR_LIMIT) {
            ipIndex = index(ips, ipCount);
        }
        return idx;
    }

    private int indexOfUserAgent(String ua) {
        if (uaIndex != null) {
            Integer i = uaIndex.get(ua);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < uaCount; i++) {
            if (uas[i].equals(ua)) {
                return i;
            }
        }
        return -1;
    }

    private int addUserAgent(String ua) {
        if (uaCount == uas.length) {
            uas = Arrays.copyOf(uas, Math.max(2, uaCount * 2));
        }
        int idx = uaCount++;
        uas[idx] = ua;
        if (uaIndex != null) {
            uaIndex.put(ua, idx);
        } else if (uaCount > LINEAR_LIMIT) {
            uaIndex = index(uas, uaCount);
        }
        return idx;
    }

    private static HashMap<String, Integer> index(String[] values, int n) {
        HashMap<String, Integer> m = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            m.put(values[i], i);
        }
        return m;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** Past a few values in one event, membership moves to a bit set so hostile fields stay linear. */
    private static BitSet track(BitSet seen, int[] a, int n) {
        if (seen != null) {
            seen.set(a[n - 1]);
            return seen;
        }
        if (n <= LINEAR_LIMIT) {
            return null;
        }
        BitSet s = new BitSet();
        for (int i = 0; i < n; i++) {
            s.set(a[i]);
        }
        return s;
    }

    private static int[] push(int[] a, int n, int v) {
        int[] out = n == a.length ? Arrays.copyOf(a, n * 2) : a;
        out[n] = v;
        return out;
    }

    @Override
    public String toString() {
        List<String> ua = new ArrayList<>(sortedUserAgents());
        return "SessionState{events=" + events + ", first=" + firstTimeText() + ", last=" + lastTimeText()
                + ", ips=" + sortedAddresses() + ", uas=" + ua + ", pairs=" + pairCount + "}";
    }
}
