package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Address ranges to allow (corporate egress, VPN, SASE), parsed once into sorted, merged ranges:
 * IPv4 as unsigned 32-bit values in longs, IPv6 as two unsigned 64-bit halves; a lookup is one
 * binary search. An IPv4-mapped address ({@code ::ffff:192.0.2.1}) is its IPv4 address, in an
 * entry ({@code ::ffff:192.0.2.0/120} is {@code 192.0.2.0/24}) as in a lookup; an IPv6 entry that
 * covers all of {@code ::ffff:0:0/96} therefore covers all of IPv4. Host bits after the prefix
 * are ignored ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}). Immutable.
 */
public final class CidrSet {
    private final long[] v4; // start, end pairs (inclusive), sorted, disjoint
    private final long[] v6; // startHi, startLo, endHi, endLo quadruples, sorted, disjoint
    private final int entries;

    private CidrSet(long[] v4, long[] v6, int entries) {
        this.v4 = v4;
        this.v6 = v6;
        this.entries = entries;
    }

    /**
     * Parses CIDRs ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) or bare addresses (a /32 or /128).
     *
     * @throws IllegalArgumentException naming the first entry that is not a CIDR
     */
    public static CidrSet parse(List<String> cidrs) {
        List<long[]> r4 = new ArrayList<>();
        List<long[]> r6 = new ArrayList<>();
        int count = 0;
        for (String raw : cidrs) {
            String c = raw.strip();
            if (c.isEmpty()) {
                continue;
            }
            count++;
            int slash = c.indexOf('/');
            String addr = slash < 0 ? c : c.substring(0, slash);
            if (addr.indexOf('[') >= 0 || (addr.indexOf(':') >= 0 && addr.indexOf(':') == addr.lastIndexOf(':'))) {
                throw bad(raw); // no brackets or ports in a CIDR
            }
            byte[] b = IpAddresses.bytes(addr);
            if (b == null || addr.indexOf('%') >= 0) {
                throw bad(raw);
            }
            boolean mapped = b.length == 4 && addr.indexOf(':') >= 0;
            int bits = mapped ? 128 : b.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(c.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw bad(raw);
                }
                if (prefix < 0 || prefix > bits) {
                    throw bad(raw);
                }
            }
            if (mapped) {
                if (prefix >= 96) {
                    r4.add(range4(b, prefix - 96));
                    continue;
                }
                b = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, b[0], b[1], b[2], b[3]};
            }
            if (b.length == 4) {
                r4.add(range4(b, prefix));
            } else {
                long[] r = range6(b, prefix);
                r6.add(r);
                // ::ffff:0:0/96 written as IPv6, or anything wider around it: all of IPv4
                if (compare(r[0], r[1], 0, 0xffff00000000L) <= 0 && compare(r[2], r[3], 0, 0xffffffffffffL) >= 0) {
                    r4.add(new long[] {0, 0xffffffffL});
                }
            }
        }
        return new CidrSet(merge(r4, 2), merge(r6, 4), count);
    }

    private static IllegalArgumentException bad(String entry) {
        return new IllegalArgumentException("\"" + entry.strip() + "\" is not a CIDR (like 192.0.2.0/24 or 2001:db8::/32)");
    }

    /** Entries given (not merged ranges). */
    public int size() {
        return entries;
    }

    public boolean isEmpty() {
        return entries == 0;
    }

    /** Whether {@code address} (any spelling {@link IpAddresses} reads) is in a range; false for non-addresses. */
    public boolean contains(String address) {
        byte[] b = IpAddresses.bytes(address);
        return b != null && contains(b);
    }

    public boolean contains(byte[] b) {
        if (b.length == 4) {
            long a = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
            int lo = 0;
            int hi = v4.length / 2 - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (a < v4[2 * mid]) {
                    hi = mid - 1;
                } else if (a > v4[2 * mid + 1]) {
                    lo = mid + 1;
                } else {
                    return true;
                }
            }
            return false;
        }
        long ah = half(b, 0);
        long al = half(b, 8);
        int lo = 0;
        int hi = v6.length / 4 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(ah, al, v6[4 * mid], v6[4 * mid + 1]) < 0) {
                hi = mid - 1;
            } else if (compare(ah, al, v6[4 * mid + 2], v6[4 * mid + 3]) > 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private static long[] range4(byte[] b, int prefix) {
        long a = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        long hostMask = prefix == 0 ? 0xffffffffL : (1L << (32 - prefix)) - 1;
        long start = a & ~hostMask & 0xffffffffL;
        return new long[] {start, start | hostMask};
    }

    private static long[] range6(byte[] b, int prefix) {
        byte[] start = b.clone();
        Networks.mask(start, prefix);
        byte[] end = start.clone();
        for (int bit = prefix; bit < 128; bit++) {
            end[bit / 8] |= (byte) (0x80 >> (bit % 8));
        }
        return new long[] {half(start, 0), half(start, 8), half(end, 0), half(end, 8)};
    }

    private static long half(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xffL);
        }
        return v;
    }

    private static int compare(long hi1, long lo1, long hi2, long lo2) {
        int c = Long.compareUnsigned(hi1, hi2);
        return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
    }

    /** Sorts ranges of {@code w} longs (start then end, each w/2 longs) and merges overlapping or adjacent ones. */
    private static long[] merge(List<long[]> ranges, int w) {
        int h = w / 2;
        if (ranges.size() > 1) { // getinfo parses an empty set: no comparator, no lambda bootstrap there
            ranges.sort((x, y) -> h == 1 ? Long.compare(x[0], y[0]) : compare(x[0], x[1], y[0], y[1]));
        }
        long[] out = new long[ranges.size() * w];
        int n = 0;
        for (long[] r : ranges) {
            if (n > 0 && touches(out, n - w, r, h)) {
                int endAt = n - h;
                boolean longer = h == 1 ? r[1] > out[endAt] : compare(r[2], r[3], out[endAt], out[endAt + 1]) > 0;
                if (longer) {
                    System.arraycopy(r, h, out, endAt, h);
                }
            } else {
                System.arraycopy(r, 0, out, n, w);
                n += w;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether range {@code r} starts at most one past the end of the range at {@code out[at]}. */
    private static boolean touches(long[] out, int at, long[] r, int h) {
        if (h == 1) {
            return r[0] <= out[at + 1] + 1;
        }
        long endHi = out[at + 2];
        long endLo = out[at + 3];
        if (compare(r[0], r[1], endHi, endLo) <= 0) {
            return true;
        }
        long nextLo = endLo + 1;
        long nextHi = nextLo == 0 ? endHi + 1 : endHi;
        return !(endHi == -1L && endLo == -1L) && r[0] == nextHi && r[1] == nextLo;
    }
}
