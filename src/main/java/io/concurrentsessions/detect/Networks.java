package io.concurrentsessions.detect;

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
        long v4 = CanonicalIpv4.parse(address);
        // the common case, without the general parser's strings (EvidenceSettings allows no other prefix)
        if (v4 != CanonicalIpv4.NONE && ipv4Prefix >= 0 && ipv4Prefix <= 32) {
            long masked = ipv4Prefix == 0 ? 0 : v4 & (0xffffffffL << (32 - ipv4Prefix)) & 0xffffffffL;
            return CanonicalIpv4.cidr((int) masked, ipv4Prefix);
        }
        byte[] b = IpAddresses.bytes(address);
        if (b == null) {
            return address;
        }
        int prefix = b.length == 4 ? ipv4Prefix : ipv6Prefix;
        mask(b, prefix);
        return IpAddresses.text(b) + "/" + prefix;
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
