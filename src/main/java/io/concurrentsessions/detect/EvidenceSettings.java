package io.concurrentsessions.detect;

import java.util.EnumSet;
import java.util.Set;

/**
 * How evidence is read from a session's state.
 *
 * @param ipv4Prefix        bits of an IPv4 address that name its network (24: NAT pools and office
 *                          egress rotate within one /24)
 * @param ipv6Prefix        bits of an IPv6 address that name its network (64: one subnet; privacy
 *                          addresses rotate inside it, while distinct customers get distinct /64s)
 * @param minOverlapSeconds two networks must overlap at least this long to count as concurrent
 *                          (a Wi-Fi to cellular hand-off overlaps for seconds)
 * @param ignored           rules left out, for measuring what each adds (the ablation table in
 *                          docs/evidence.md); empty in every search
 */
public record EvidenceSettings(int ipv4Prefix, int ipv6Prefix, double minOverlapSeconds, Set<Rule> ignored) {
    /** Distances below this are one place: city-level IP geolocation is off by tens of km. */
    public static final double SAME_PLACE_KM = 100;
    /** Faster than an airliner's ground speed, with margin. */
    public static final double IMPOSSIBLE_KMH = 1000;

    public static final EvidenceSettings DEFAULTS = new EvidenceSettings(24, 64, 120);

    /** The evidence the strict profile weighs, each of which can be left out to measure it. */
    public enum Rule {
        /** Concurrent networks in distinct contexts. */
        CONCURRENCY,
        /** Impossible travel. */
        TRAVEL,
        /** Disjoint ASNs make concurrent networks distinct. */
        ASN,
        /** Another client on another network is a replay (the replay rule). */
        CLIENT_CHANGE,
        /** IPv4 and IPv6 with one client are one device, whatever IPv6 geolocation says. */
        DUAL_STACK,
        /** One phone in one place (one country for a hand-off) on Wi-Fi and cellular is one device. */
        PHONE_HANDOFF
    }

    public EvidenceSettings(int ipv4Prefix, int ipv6Prefix, double minOverlapSeconds) {
        this(ipv4Prefix, ipv6Prefix, minOverlapSeconds, Set.of());
    }

    public EvidenceSettings {
        if (ipv4Prefix < 0 || ipv4Prefix > 32 || ipv6Prefix < 0 || ipv6Prefix > 128 || !(minOverlapSeconds >= 0)) {
            throw new IllegalArgumentException("prefixes 0-32 / 0-128 and a non-negative overlap");
        }
        ignored = Set.copyOf(ignored);
    }

    /** These settings with {@code rule} left out as well. */
    public EvidenceSettings without(Rule rule) {
        EnumSet<Rule> out = EnumSet.of(rule);
        out.addAll(ignored);
        return new EvidenceSettings(ipv4Prefix, ipv6Prefix, minOverlapSeconds, out);
    }

    public boolean uses(Rule rule) {
        return !ignored.contains(rule);
    }
}
