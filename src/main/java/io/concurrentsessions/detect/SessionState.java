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
 *
 * <p>For the evidence, each address also keeps a {@link TimeSample} of when it was used, its
 * place and coordinates (the smallest by code point / value when events disagree, so any split
 * picks the same) and its ASN. With a cap on addresses ({@code maxIps}), a session keeps the
 * {@code maxIps} smallest addresses by code point, again so that every split keeps the same ones;
 * sightings of the others are counted ({@link #sightingsDropped()}), not kept.
 */
public final class SessionState {
    private static final int LINEAR_LIMIT = 16;
    private static final String[] NO_STRINGS = {};
    private static final long[] NO_LONGS = {};
    private static final long[][] NO_SAMPLES = {};
    private static final int STRIDE = 4; // first seen bits, last seen bits, events, time sample level
    // Arrays start at one slot: nine sessions in ten have one address, one user agent, one pair,
    // and at millions of sessions the second slot of each was 40 bytes the collector copied.
    /** No cap on addresses: the seed's behaviour. */
    public static final int UNCAPPED = Integer.MAX_VALUE;

    private long events;
    private int minScale = -1; // -1: no numeric _time yet
    private int maxScale = -1;
    private long minUnscaled;
    private long maxUnscaled;

    // The first address, its data and its time sample live in fields, the rest in arrays from
    // index 1 on: nine sessions in ten have one address, and each array was an object the
    // collector copied young -> old for every one of a million sessions.
    private String ip0;
    private long ip0First;
    private long ip0Last;
    private long ip0Events;
    private long ip0Level;
    private long[] sample0 = TimeSample.EMPTY; // null: the one bucket in sample0Bucket
    private long sample0Bucket;
    private String[] ips = NO_STRINGS; // addresses 1.. at [i - 1]
    private int ipCount;
    private long[] ipData = NO_LONGS; // addresses 1.. at [(i - 1) * STRIDE]
    private long[][] samples = NO_SAMPLES; // addresses 1.. at [i - 1]
    private long sightings; // distinct addresses per event, summed, kept or not

    private String ua0;
    private String[] uas = NO_STRINGS; // user agents 1.. at [i - 1]
    private int uaCount;

    private long[] pairs = NO_LONGS; // (ip index << 32) | user agent index
    /**
     * The pairs of a session whose only pair is its first address with its first user agent, nine
     * in ten: shared, never written (copied before any change), one array fewer per session.
     */
    private static final long[] FIRST_PAIR_ONLY = {0L};
    private int pairCount;

    /**
     * Per-thread scratch for one event's address and user-agent indexes: shared by all sessions
     * rather than two arrays per session (64 bytes each of a million sessions).
     */

    /**
     * What few sessions need (hash indexes past {@value #LINEAR_LIMIT} entries, places, coordinates
     * and ASNs): one object, made on the first write, instead of eight fields in every session.
     */
    private static final class Rare {
        HashMap<String, Integer> ipIndex;
        double[] geo; // lat, lon per address; allocated with the first located event
        String[] places;
        String[] asnOf;
        String[] asns = NO_STRINGS;
        int asnCount;
        HashMap<String, Integer> uaIndex;
        HashSet<Long> pairIndex;
    }

    /** Shared by every session with nothing rare: never written ({@link #own} copies nothing, it makes a new one). */
    private static final Rare NONE = new Rare();
    private Rare rare = NONE;

    private Rare own() {
        if (rare == NONE) {
            rare = new Rare();
        }
        return rare;
    }

    private static final ThreadLocal<int[][]> SCRATCH = ThreadLocal.withInitial(() -> new int[][] {new int[8], new int[8]});

    /**
     * One event. {@code time} is the parsed {@code _time} or null when it was missing or
     * non-numeric (the event still contributes addresses and user agents, as stats values() does).
     * Empty values are no values. New strings are pooled through {@code pool}.
     */
    public void observe(EpochTime time, List<String> addresses, List<String> userAgents, StringPool pool) {
        observe(time, addresses, userAgents, null, pool, UNCAPPED);
    }

    /**
     * One event with its context (null: none) and a cap on distinct addresses kept. Past the cap a
     * new address displaces the largest kept one by code point when it is smaller, else it is
     * counted and dropped.
     */
    public void observe(EpochTime time, List<String> addresses, List<String> userAgents, EventContext context,
                        StringPool pool, int maxIps) {
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
        HashSet<String> dropped = null; // addresses of this event the cap dropped or evicted
        boolean anyAddress = false;
        for (int i = 0, n = addresses.size(); i < n; i++) {
            String ip = addresses.get(i);
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            int idx = indexOfAddress(ip);
            if (idx < 0) {
                if (dropped != null && !dropped.add(ip)) {
                    continue; // dropped or evicted earlier in this event: one sighting
                }
                sightings++;
                anyAddress = true;
                if (ipCount >= maxIps) {
                    if (dropped == null) {
                        dropped = new HashSet<>();
                        dropped.add(ip);
                    }
                    int evicted = makeRoomFor(ip);
                    if (evicted < 0) {
                        continue;
                    }
                    if (bigIps != null ? bigIps.get(evicted) : contains(eventIps, ni, evicted)) {
                        dropped.add(address(evicted)); // already sighted in this event: a repeat is no new sighting
                    }
                    removeAddress(evicted);
                    ni = forget(eventIps, ni, evicted);
                    bigIps = ni > LINEAR_LIMIT ? track(null, eventIps, ni) : null;
                }
                idx = addAddress(pool.intern(ip));
            } else if (ni > 0 && (bigIps != null ? bigIps.get(idx) : contains(eventIps, ni, idx))) {
                continue;
            } else {
                sightings++;
                anyAddress = true;
            }
            eventIps = push(eventIps, ni++, idx);
            bigIps = track(bigIps, eventIps, ni);
            recordAddressSighting(idx, t, t, 1);
            if (!Double.isNaN(t)) {
                recordTime(idx, t);
            }
            if (context != null) {
                recordContext(idx, context.lat(), context.lon(), context.place() == null ? null : pool.intern(context.place()),
                        context.asn() == null ? null : pool.intern(context.asn()));
            }
        }
        if (context != null && context.asn() != null && anyAddress) {
            recordAsn(pool.intern(context.asn()));
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
        merge(other, UNCAPPED);
    }

    /** Adds everything {@code other} holds, keeping at most {@code maxIps} addresses as {@link #observe} does. */
    public void merge(SessionState other, int maxIps) {
        events += other.events;
        sightings += other.sightings;
        if (other.hasTime()) {
            recordTimes(other.minUnscaled, other.minScale, other.maxUnscaled, other.maxScale);
        }
        int[] uaMap = new int[other.uaCount];
        for (int i = 0; i < other.uaCount; i++) {
            uaMap[i] = recordUserAgent(other.userAgent(i));
        }
        for (int i = 0; i < other.rare.asnCount; i++) {
            recordAsn(other.rare.asns[i]);
        }
        int[] ipMap = new int[other.ipCount];
        for (int i = 0; i < other.ipCount; i++) {
            String ip = other.address(i);
            int idx = indexOfAddress(ip);
            if (idx < 0) {
                if (ipCount >= maxIps) {
                    int evicted = makeRoomFor(ip);
                    if (evicted < 0) {
                        ipMap[i] = -1;
                        continue;
                    }
                    int moved = ipCount - 1;
                    removeAddress(evicted);
                    for (int j = 0; j < i; j++) {
                        ipMap[j] = ipMap[j] == evicted ? -1 : ipMap[j] == moved ? evicted : ipMap[j];
                    }
                }
                idx = addAddress(ip);
            }
            ipMap[i] = idx;
            recordAddressSighting(idx, other.firstSeen(i), other.lastSeen(i), other.addressEvents(i));
            recordSample(idx, other.sample(i), other.sampleLevel(i));
            if (other.rare.geo != null || other.rare.places != null || other.rare.asnOf != null) {
                recordContext(idx, other.latitude(i), other.longitude(i), other.place(i), other.addressAsn(i));
            }
        }
        for (int k = 0; k < other.pairCount; k++) {
            int ip = ipMap[other.pairAddress(k)];
            if (ip >= 0) {
                recordPair(ip, uaMap[other.pairUserAgent(k)]);
            }
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

    /** Adds {@code n} distinct-address sightings (a decoded partial's). */
    public void recordSightings(long n) {
        sightings += n;
    }

    /**
     * Adds time buckets (sorted, distinct, at {@code level}) to the address at {@code idx}: both
     * brought to the coarser level, united, then coarsened until they fit {@link TimeSample#CAP}.
     */
    public void recordSample(int idx, long[] buckets, int level) {
        if (buckets.length == 0) {
            return;
        }
        int mine = sampleLevel(idx);
        int to = Math.max(mine, level);
        long[] u = TimeSample.union(TimeSample.coarsen(sample(idx), to - mine), TimeSample.coarsen(buckets, to - level));
        int fit = TimeSample.fittingLevel(u, to);
        setSample(idx, TimeSample.coarsen(u, fit - to));
        setData(idx, 3, fit);
    }

    /**
     * Adds where the address at {@code idx} was seen. Of disagreeing values the smallest is kept
     * (coordinates by latitude then longitude, names by code point), whatever the order.
     */
    public void recordContext(int idx, double lat, double lon, String place, String asn) {
        if (!Double.isNaN(lat) && !Double.isNaN(lon)) {
            if (rare.geo == null) {
                own().geo = new double[addressCapacity() * 2];
                Arrays.fill(rare.geo, Double.NaN);
            }
            double l = rare.geo[idx * 2];
            if (Double.isNaN(l) || lat < l || (lat == l && lon < rare.geo[idx * 2 + 1])) {
                rare.geo[idx * 2] = lat;
                rare.geo[idx * 2 + 1] = lon;
            }
        }
        if (place != null) {
            if (rare.places == null) {
                own().places = new String[addressCapacity()];
            }
            if (rare.places[idx] == null || CodePointOrder.INSTANCE.compare(place, rare.places[idx]) < 0) {
                rare.places[idx] = place;
            }
        }
        if (asn != null) {
            if (rare.asnOf == null) {
                own().asnOf = new String[addressCapacity()];
            }
            if (rare.asnOf[idx] == null || CodePointOrder.INSTANCE.compare(asn, rare.asnOf[idx]) < 0) {
                rare.asnOf[idx] = asn;
            }
        }
    }

    /** Adds an ASN to the session's distinct ASNs. */
    public void recordAsn(String asn) {
        for (int i = 0; i < rare.asnCount; i++) {
            if (rare.asns[i].equals(asn)) {
                return;
            }
        }
        if (rare.asnCount == rare.asns.length) {
            own().asns = Arrays.copyOf(rare.asns, Math.max(2, rare.asnCount * 2));
        }
        Rare r = own();
        r.asns[r.asnCount++] = asn;
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
        return i == 0 ? ip0 : ips[i - 1];
    }

    /** Earliest numeric _time seen with the address at {@code i}, NaN if none. */
    public double firstSeen(int i) {
        return Double.longBitsToDouble(data(i, 0));
    }

    /** Latest numeric _time seen with the address at {@code i}, NaN if none. */
    public double lastSeen(int i) {
        return Double.longBitsToDouble(data(i, 1));
    }

    /** Events that carried the address at {@code i}. */
    public long addressEvents(int i) {
        return data(i, 2);
    }

    /** The time sample of the address at {@code i}: sorted distinct buckets at {@link #sampleLevel}. */
    public long[] sample(int i) {
        if (i != 0) {
            return samples[i - 1];
        }
        return sample0 != null ? sample0 : new long[] {sample0Bucket};
    }

    public int sampleLevel(int i) {
        return (int) data(i, 3);
    }

    /** Latitude of the address at {@code i}, NaN when unknown. */
    public double latitude(int i) {
        return rare.geo == null ? Double.NaN : rare.geo[i * 2];
    }

    public double longitude(int i) {
        return rare.geo == null ? Double.NaN : rare.geo[i * 2 + 1];
    }

    /** "City, Country" of the address at {@code i}, or null. */
    public String place(int i) {
        return rare.places == null ? null : rare.places[i];
    }

    /** The ASN of the address at {@code i}, or null. */
    public String addressAsn(int i) {
        return rare.asnOf == null ? null : rare.asnOf[i];
    }

    public int asnCount() {
        return rare.asnCount;
    }

    public String asn(int i) {
        return rare.asns[i];
    }

    /** Distinct ASNs sorted by code point. */
    public List<String> sortedAsns() {
        return sorted(rare.asns, rare.asnCount);
    }

    /** Distinct addresses per event, summed over events, including addresses the cap dropped. */
    public long sightings() {
        return sightings;
    }

    /** Sightings of addresses not kept because of the cap on addresses per session. */
    public long sightingsDropped() {
        long kept = 0;
        for (int i = 0; i < ipCount; i++) {
            kept += addressEvents(i);
        }
        return Math.max(0, sightings - kept);
    }

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

    /** Distinct addresses sorted by code point, as values(src_ip) lists them. */
    public List<String> sortedAddresses() {
        return sorted(addresses(), ipCount);
    }

    /** Distinct user agents sorted by code point, as values(user_agent) lists them. */
    public List<String> sortedUserAgents() {
        return sorted(userAgents(), uaCount);
    }

    private static List<String> sorted(String[] values, int n) {
        String[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy, CodePointOrder.INSTANCE);
        return List.of(copy);
    }

    // ---- internals ----

    /** Slots for addresses before the arrays grow: the inline first one and the arrays' length. */
    private int addressCapacity() {
        return 1 + ips.length;
    }

    /** Field {@code k} (first seen bits, last seen bits, events, time sample level) of the address at {@code i}. */
    private long data(int i, int k) {
        if (i != 0) {
            return ipData[(i - 1) * STRIDE + k];
        }
        return switch (k) {
            case 0 -> ip0First;
            case 1 -> ip0Last;
            case 2 -> ip0Events;
            default -> ip0Level;
        };
    }

    private void setData(int i, int k, long v) {
        if (i != 0) {
            ipData[(i - 1) * STRIDE + k] = v;
            return;
        }
        switch (k) {
            case 0 -> ip0First = v;
            case 1 -> ip0Last = v;
            case 2 -> ip0Events = v;
            default -> ip0Level = v;
        }
    }

    private void setSample(int i, long[] b) {
        if (i != 0) {
            samples[i - 1] = b;
        } else if (b.length == 1) {
            sample0 = null; // one bucket, the common case: no array to keep
            sample0Bucket = b[0];
        } else {
            sample0 = b;
        }
    }

    private void setAddress(int i, String ip) {
        if (i == 0) {
            ip0 = ip;
        } else {
            ips[i - 1] = ip;
        }
    }

    /** The addresses in index order, a new array. */
    private String[] addresses() {
        String[] out = new String[ipCount];
        for (int i = 0; i < ipCount; i++) {
            out[i] = address(i);
        }
        return out;
    }

    private String[] userAgents() {
        String[] out = new String[uaCount];
        for (int i = 0; i < uaCount; i++) {
            out[i] = userAgent(i);
        }
        return out;
    }

    private void recordAddressSighting(int idx, double first, double last, long n) {
        double f = Double.longBitsToDouble(data(idx, 0));
        double l = Double.longBitsToDouble(data(idx, 1));
        if (!Double.isNaN(first) && (Double.isNaN(f) || first < f)) {
            setData(idx, 0, Double.doubleToLongBits(first));
        }
        if (!Double.isNaN(last) && (Double.isNaN(l) || last > l)) {
            setData(idx, 1, Double.doubleToLongBits(last));
        }
        setData(idx, 2, data(idx, 2) + n);
    }

    private void recordTime(int idx, double t) {
        int level = sampleLevel(idx);
        long v = TimeSample.bucket(t, level);
        if (idx == 0 && sample0 == null && sample0Bucket == v) {
            return; // the one bucket again
        }
        if (idx == 0 && sample0 != null && sample0.length == 0) {
            sample0Bucket = v; // the first bucket: no array
            sample0 = null;
            return;
        }
        long[] b = TimeSample.insert(sample(idx), v);
        if (b.length > TimeSample.CAP) {
            int fit = TimeSample.fittingLevel(b, level);
            b = TimeSample.coarsen(b, fit - level);
            setData(idx, 3, fit);
        }
        setSample(idx, b);
    }

    /**
     * At the cap: the index of the largest kept address when {@code ip} sorts before it (the one
     * to evict), or -1 when {@code ip} is the one to drop.
     */
    private int makeRoomFor(String ip) {
        int max = 0;
        for (int i = 1; i < ipCount; i++) {
            if (CodePointOrder.INSTANCE.compare(address(i), address(max)) > 0) {
                max = i;
            }
        }
        if (ipCount == 0 || CodePointOrder.INSTANCE.compare(ip, address(max)) >= 0) {
            return -1;
        }
        return max;
    }

    /** Removes the address at {@code idx}; the last address moves into its slot. */
    private void removeAddress(int idx) {
        int last = ipCount - 1;
        String gone = address(idx);
        setAddress(idx, address(last));
        for (int k = 0; k < STRIDE; k++) {
            setData(idx, k, data(last, k));
        }
        setSample(idx, sample(last));
        if (last != 0) {
            samples[last - 1] = null;
        } else {
            sample0 = TimeSample.EMPTY;
        }
        if (rare.geo != null) {
            rare.geo[idx * 2] = rare.geo[last * 2];
            rare.geo[idx * 2 + 1] = rare.geo[last * 2 + 1];
            rare.geo[last * 2] = Double.NaN;
            rare.geo[last * 2 + 1] = Double.NaN;
        }
        if (rare.places != null) {
            rare.places[idx] = rare.places[last];
            rare.places[last] = null;
        }
        if (rare.asnOf != null) {
            rare.asnOf[idx] = rare.asnOf[last];
            rare.asnOf[last] = null;
        }
        setAddress(last, null);
        ipCount = last;
        if (rare.ipIndex != null) {
            rare.ipIndex.remove(gone);
            if (idx != last) {
                rare.ipIndex.put(address(idx), idx);
            }
        }
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

    /** Drops {@code removed} from this event's address indexes and renames the moved last one. */
    private int forget(int[] eventIps, int n, int removed) {
        int moved = ipCount; // removeAddress already shrank the count: the old last index
        int out = 0;
        for (int i = 0; i < n; i++) {
            int v = eventIps[i];
            if (v == removed) {
                continue;
            }
            eventIps[out++] = v == moved ? removed : v;
        }
        return out;
    }

    private int indexOfAddress(String ip) {
        if (rare.ipIndex != null) {
            Integer i = rare.ipIndex.get(ip);
            return i == null ? -1 : i;
        }
        if (ipCount > 0 && ip0.equals(ip)) {
            return 0;
        }
        for (int i = 1; i < ipCount; i++) {
            if (ips[i - 1].equals(ip)) {
                return i;
            }
        }
        return -1;
    }

    private int addAddress(String ip) {
        int idx = ipCount++;
        if (idx > 0 && idx - 1 == ips.length) {
            int more = Math.max(1, ips.length * 2);
            ips = Arrays.copyOf(ips, more);
            ipData = Arrays.copyOf(ipData, more * STRIDE);
            samples = Arrays.copyOf(samples, more);
            int cap = addressCapacity();
            if (rare.geo != null) {
                int old = rare.geo.length;
                own().geo = Arrays.copyOf(rare.geo, cap * 2);
                Arrays.fill(rare.geo, old, rare.geo.length, Double.NaN);
            }
            if (rare.places != null) {
                own().places = Arrays.copyOf(rare.places, cap);
            }
            if (rare.asnOf != null) {
                own().asnOf = Arrays.copyOf(rare.asnOf, cap);
            }
        }
        setAddress(idx, ip);
        long nan = Double.doubleToLongBits(Double.NaN);
        setData(idx, 0, nan);
        setData(idx, 1, nan);
        setData(idx, 2, 0);
        setData(idx, 3, 0);
        setSample(idx, TimeSample.EMPTY);
        if (rare.ipIndex != null) {
            rare.ipIndex.put(ip, idx);
        } else if (ipCount > LINEAR_LIMIT) {
            own().ipIndex = index(addresses(), ipCount);
        }
        return idx;
    }

    private int indexOfUserAgent(String ua) {
        if (rare.uaIndex != null) {
            Integer i = rare.uaIndex.get(ua);
            return i == null ? -1 : i;
        }
        if (uaCount > 0 && ua0.equals(ua)) {
            return 0;
        }
        for (int i = 1; i < uaCount; i++) {
            if (uas[i - 1].equals(ua)) {
                return i;
            }
        }
        return -1;
    }

    private int addUserAgent(String ua) {
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
            own().uaIndex = index(userAgents(), uaCount);
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
