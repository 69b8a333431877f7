package io.concurrentsessions.detect;

/**
 * A {@link SessionState} rebuilt from the parts a partial-state decoder reads, in the order it
 * reads them: the only writer of a state besides {@code observe} and {@code merge}, so the
 * state's own mutators need not be public. Each call checks what a hostile or corrupt partial
 * could get wrong (pairs outside the lists) and throws {@link IllegalArgumentException}.
 */
public final class SessionStateBuilder {
    private final SessionState state = new SessionState();

    /** Adds {@code n} events. */
    public SessionStateBuilder events(long n) {
        state.recordEvents(n);
        return this;
    }

    /** Widens min/max {@code _time} to both bounds (unscaled value and scale each). */
    public SessionStateBuilder times(long minUnscaled, int minScale, long maxUnscaled, int maxScale) {
        state.recordTimes(minUnscaled, minScale, maxUnscaled, maxScale);
        return this;
    }

    /** Adds a user agent; its index (an earlier one's when it repeats). */
    public int userAgent(String ua) {
        return state.recordUserAgent(ua);
    }

    public int userAgentCount() {
        return state.userAgentCount();
    }

    /** Adds an address seen {@code n} times between first and last (NaN: no numeric time); its index. */
    public int address(String ip, double first, double last, long n) {
        return state.recordAddress(ip, first, last, n);
    }

    /** As {@link #address(String, double, double, long)} for a canonical IPv4 address, packed ({@link CanonicalIpv4}). */
    public int address(int ipv4, double first, double last, long n) {
        return state.recordAddress(ipv4, first, last, n);
    }

    public int addressCount() {
        return state.addressCount();
    }

    /** Time buckets (sorted, distinct, at {@code level}) of the address at {@code idx}. */
    public SessionStateBuilder sample(int idx, long[] buckets, int level) {
        state.recordSample(idx, buckets, level);
        return this;
    }

    /** Where the address at {@code idx} was seen (NaN / null: unknown). */
    public SessionStateBuilder context(int idx, double lat, double lon, String place, String asn) {
        state.recordContext(idx, lat, lon, place, asn);
        return this;
    }

    /** Device ids (at most {@link AddressDevices#KEPT_IDS}), flags and trust type of the address at {@code idx}. */
    public SessionStateBuilder devices(int idx, java.util.List<String> ids, int flags, String trustType) {
        if (ids.size() > AddressDevices.KEPT_IDS || (flags & ~AddressDevices.ALL_FLAGS) != 0) {
            throw new IllegalArgumentException("bad device evidence: " + ids.size() + " ids, flags " + flags);
        }
        state.recordDevices(idx, ids, flags, trustType);
        return this;
    }

    /** The user agent at {@code ua} was seen with the address at {@code ip}. */
    public SessionStateBuilder pair(int ip, int ua) {
        state.recordPair(ip, ua);
        return this;
    }

    /** One of the session's distinct ASNs. */
    public SessionStateBuilder asn(String asn) {
        state.recordAsn(asn);
        return this;
    }

    /** Adds {@code n} distinct-address sightings. */
    public SessionStateBuilder sightings(long n) {
        state.recordSightings(n);
        return this;
    }

    /** The state built. */
    public SessionState state() {
        return state;
    }
}
