package io.concurrentsessions.detect;

/**
 * How evidence is read from a session's state.
 *
 * @param ipv4Prefix        bits of an IPv4 address that name its network (24: NAT pools and office
 *                          egress rotate within one /24)
 * @param ipv6Prefix        bits of an IPv6 address that name its network (64: one subnet; privacy
 *                          addresses rotate inside it, while distinct customers get distinct /64s)
 * @param minOverlapSeconds two networks must overlap at least this long to count as concurrent
 *                          (a Wi-Fi to cellular hand-off overlaps for seconds)
 */
public record EvidenceSettings(int ipv4Prefix, int ipv6Prefix, double minOverlapSeconds) {
    /** Distances below this are one place: city-level IP geolocation is off by tens of km. */
    public static final double SAME_PLACE_KM = 100;
    /** Faster than an airliner's ground speed, with margin. */
    public static final double IMPOSSIBLE_KMH = 1000;

    public static final EvidenceSettings DEFAULTS = new EvidenceSettings(24, 64, 120);

    public EvidenceSettings {
        if (ipv4Prefix < 0 || ipv4Prefix > 32 || ipv6Prefix < 0 || ipv6Prefix > 128 || !(minOverlapSeconds >= 0)) {
            throw new IllegalArgumentException("prefixes 0-32 / 0-128 and a non-negative overlap");
        }
    }
}
