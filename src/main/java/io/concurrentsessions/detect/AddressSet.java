package io.concurrentsessions.detect;

import java.util.Arrays;

/**
 * The distinct addresses of one session, in arrival order, and what is kept per address: first
 * and last seen, event count and a {@link TimeSample}; coordinates, place and ASN, which few
 * sessions have, are in the session's {@link RareParts}, as are the hash index of a session past
 * {@value #LINEAR_LIMIT} addresses. One part of a {@link SessionState}, which reads it through
 * its own public methods ({@code address(i)}, {@code firstSeen(i)} ...).
 *
 * <p>Laid out for a million sessions: the first address, its data and its time sample live in
 * fields, the rest in arrays from index 1 on, behind {@link #address}, {@link #firstSeen} and
 * the rest. Nine sessions in ten have one address, and each array or extra object was one the
 * collector copied young -> old for every one of a million sessions. A canonical IPv4 first
 * address is held packed ({@link CanonicalIpv4}) and becomes text only when read.
 */
final class AddressSet {
    /** Entries searched linearly before a hash index (or, within one event, a bit set) takes over. */
    static final int LINEAR_LIMIT = SessionState.LINEAR_LIMIT;
    /** {@code indexOfAddress}: the session does not hold the address. */
    static final int ABSENT = -1;
    /** {@code indexOfAddress(int)}: only a comparison of texts can tell whether the session holds it. */
    static final int TEXT_NEEDED = -2;
    private static final String[] NO_STRINGS = {};
    private static final long[] NO_LONGS = {};
    private static final long[][] NO_SAMPLES = {};
    private static final int STRIDE = 4; // first seen bits, last seen bits, events, time sample level
    // Arrays start at one slot: nine sessions in ten have one address, one user agent, one pair,
    // and at millions of sessions the second slot of each was 40 bytes the collector copied.

    // The first address: its text in ip0, or, when it is a canonical IPv4 address, null there and
    // the address packed in ip0v4 (see CanonicalIpv4). A text ip0 is never a canonical IPv4 address.
    private String ip0;
    private int ip0v4;
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

    // ---- reading ----

    int count() {
        return ipCount;
    }

    /** The address at {@code i}, in arrival order (not sorted). */
    String address(int i) {
        if (i != 0) {
            return ips[i - 1];
        }
        return ip0 != null || ipCount == 0 ? ip0 : CanonicalIpv4.text(ip0v4);
    }

    /** Earliest numeric _time seen with the address at {@code i}, NaN if none. */
    double firstSeen(int i) {
        return Double.longBitsToDouble(data(i, 0));
    }

    /** Latest numeric _time seen with the address at {@code i}, NaN if none. */
    double lastSeen(int i) {
        return Double.longBitsToDouble(data(i, 1));
    }

    /** Events that carried the address at {@code i}. */
    long events(int i) {
        return data(i, 2);
    }

    /** The time sample of the address at {@code i}: sorted distinct buckets at {@link #sampleLevel}. */
    long[] sample(int i) {
        if (i != 0) {
            return samples[i - 1];
        }
        return sample0 != null ? sample0 : new long[] {sample0Bucket};
    }

    int sampleLevel(int i) {
        return (int) data(i, 3);
    }

    // ---- recording ----

    /**
     * Adds time buckets (sorted, distinct, at {@code level}) to the address at {@code idx}: both
     * brought to the coarser level, united, then coarsened until they fit {@link TimeSample#CAP}.
     */
    void recordSample(int idx, long[] buckets, int level) {
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

    /** Adds {@code n} events between first and last (NaN: no numeric time) to the address at {@code idx}. */
    void sighted(int idx, double first, double last, long n) {
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

    /** Adds a numeric time to the sample of the address at {@code idx}. */
    void recordTime(int idx, double t) {
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

    // ---- the address list ----

    /** The index of {@code ip}, or {@link #ABSENT}; {@code rare} holds the index of a big session. */
    int indexOf(String ip, RareParts rare) {
        if (ip0 == null && ipCount > 0 && rare.ipIndex == null && CanonicalIpv4.parse(ip) == Integer.toUnsignedLong(ip0v4)) {
            return 0;
        }
        return RareParts.find(ip, rare.ipIndex, ip0, ips, ipCount);
    }

    /**
     * The index of a canonical IPv4 address given packed: {@link #ABSENT} when the session
     * certainly does not hold it, {@link #TEXT_NEEDED} when only a comparison of texts can tell
     * (more than one address is held).
     */
    int indexOf(int v4) {
        if (ipCount == 0) {
            return ABSENT;
        }
        if (ip0 == null && ip0v4 == v4) {
            return 0;
        }
        return ipCount == 1 ? ABSENT : TEXT_NEEDED;
    }

    /** The first address of a session that has none, a canonical IPv4 address given packed. */
    int addFirst(int v4) {
        if (ipCount != 0) {
            throw new IllegalStateException("the session already has an address");
        }
        ipCount = 1;
        ip0 = null;
        ip0v4 = v4;
        clearSlot(0);
        return 0;
    }

    /** Adds {@code ip} (not held yet); its index. The owner's rare parts grow with the addresses. */
    int add(String ip, SessionState owner) {
        RareParts rare = owner.rare;
        int idx = ipCount++;
        if (idx > 0 && idx - 1 == ips.length) {
            int more = Math.max(1, ips.length * 2);
            ips = Arrays.copyOf(ips, more);
            ipData = Arrays.copyOf(ipData, more * STRIDE);
            samples = Arrays.copyOf(samples, more);
            rare.growAddresses(capacity());
        }
        setAddress(idx, ip);
        clearSlot(idx);
        if (rare.ipIndex != null) {
            rare.ipIndex.put(ip, idx);
        } else if (ipCount > LINEAR_LIMIT) {
            owner.own().ipIndex = RareParts.index(toArray(), ipCount);
        }
        return idx;
    }

    /**
     * At the cap: the index of the largest kept address when {@code ip} sorts before it (the one
     * to evict), or -1 when {@code ip} is the one to drop. Keeping the smallest by code point means
     * every split of a session's events keeps the same addresses.
     */
    int makeRoomFor(String ip) {
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

    /**
     * Removes the address at {@code idx} and what is kept for it; the last address moves into its
     * slot. The caller renames that last index wherever else it is held (pairs, this event's list).
     */
    void remove(int idx, RareParts rare) {
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
        rare.moveAddress(last, idx);
        setAddress(last, null);
        ipCount = last;
        if (rare.ipIndex != null) {
            rare.ipIndex.remove(gone);
            if (idx != last) {
                rare.ipIndex.put(address(idx), idx);
            }
        }
    }

    /** No sightings, times or sample yet for the address at {@code idx}. */
    private void clearSlot(int idx) {
        long nan = Double.doubleToLongBits(Double.NaN);
        setData(idx, 0, nan);
        setData(idx, 1, nan);
        setData(idx, 2, 0);
        setData(idx, 3, 0);
        setSample(idx, TimeSample.EMPTY);
    }

    /** The addresses in index order, a new array. */
    String[] toArray() {
        String[] out = new String[ipCount];
        for (int i = 0; i < ipCount; i++) {
            out[i] = address(i);
        }
        return out;
    }

    /** Slots for addresses before the arrays grow: the inline first one and the arrays' length. */
    int capacity() {
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
            long v4 = ip == null ? CanonicalIpv4.NONE : CanonicalIpv4.parse(ip);
            ip0 = v4 == CanonicalIpv4.NONE ? ip : null;
            ip0v4 = (int) v4;
        } else {
            ips[i - 1] = ip;
        }
    }
}
