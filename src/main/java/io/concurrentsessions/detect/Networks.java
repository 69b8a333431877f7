package io.concurrentsessions.detect;

import java.nio.charset.StandardCharsets;

/** The network an address belongs to, as CIDR text, and distances between places. */
public final class Networks {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private Networks() {
    }

    /**
     * {@code 203.0.113.0/24} for {@code 203.0.113.7} at prefix 24; IPv6 likewise at its prefix.
     * Text that is not an address is its own network (it can be matched to no other).
     */
    public static String of(String address, int ipv4Prefix, int ipv6Prefix) {
        long v4 = plainIpv4(address);
        // the common case, without the general parser's strings (EvidenceSettings allows no other prefix)
        if (v4 >= 0 && ipv4Prefix >= 0 && ipv4Prefix <= 32) {
            long masked = ipv4Prefix == 0 ? 0 : v4 & (0xffffffffL << (32 - ipv4Prefix)) & 0xffffffffL;
            byte[] t = new byte[18]; // "255.255.255.255/32", written here: no builder per address
            int n = decimal(t, 0, (int) (masked >>> 24));
            t[n++] = '.';
            n = decimal(t, n, (int) (masked >>> 16) & 0xff);
            t[n++] = '.';
            n = decimal(t, n, (int) (masked >>> 8) & 0xff);
            t[n++] = '.';
            n = decimal(t, n, (int) masked & 0xff);
            t[n++] = '/';
            n = decimal(t, n, ipv4Prefix);
            return new String(t, 0, n, StandardCharsets.ISO_8859_1);
        }
        if (plainIpv6(address)) { // parsed once, not normalized to text, parsed again and written twice
            int[] g = IpAddresses.parseIpv6(address);
            if (g == null) {
                return address;
            }
            if (!IpAddresses.isIpv4Mapped(g)) {
                for (int i = 0; i < g.length; i++) {
                    int keep = Math.max(0, Math.min(16, ipv6Prefix - 16 * i));
                    g[i] &= (0xffff0000 >> keep) & 0xffff;
                }
                return IpAddresses.ipv6Text(g) + "/" + ipv6Prefix;
            }
        }
        byte[] b = IpAddresses.bytes(address);
        if (b == null) {
            return address;
        }
        int prefix = b.length == 4 ? ipv4Prefix : ipv6Prefix;
        mask(b, prefix);
        return IpAddresses.text(b) + "/" + prefix;
    }

    /** Writes {@code v} (0..999) in decimal at {@code at}; where the text ends. */
    private static int decimal(byte[] t, int at, int v) {
        if (v >= 100) {
            t[at++] = (byte) ('0' + v / 100);
        }
        if (v >= 10) {
            t[at++] = (byte) ('0' + v / 10 % 10);
        }
        t[at++] = (byte) ('0' + v % 10);
        return at;
    }

    /** A dotted quad with nothing around it (no port, no leading zeros beyond "0"), as a value; else -1. */
    private static long plainIpv4(String s) {
        long v = 0;
        int octet = -1;
        int dots = 0;
        int digits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && octet == 0) {
                    return -1;
                }
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (++digits > 3 || octet > 255) {
                    return -1;
                }
            } else if (c == '.' && digits > 0 && dots < 3) {
                v = (v << 8) | octet;
                octet = -1;
                digits = 0;
                dots++;
            } else {
                return -1;
            }
        }
        return dots == 3 && digits > 0 ? (v << 8) | octet : -1;
    }

    /**
     * Hex digits and at least two colons, nothing else (no brackets, port, zone, dotted tail or
     * space): text {@link IpAddresses#normalize} would only parse and write again.
     */
    private static boolean plainIpv6(String s) {
        int colons = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                colons++;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return colons >= 2;
    }

    /** Clears every bit after the first {@code prefix}. */
    static void mask(byte[] b, int prefix) {
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            b[i] = (byte) (b[i] & (0xff00 >> keep));
        }
    }

    /** Great-circle distance in km (haversine). */
    public static double km(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
