package io.concurrentsessions.detect;

import java.util.Arrays;
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
 *
 * <p>Its parts: the addresses and what is kept per address ({@link AddressSet}), the user agents
 * with their pairs ({@link UserAgentSet}), and what few sessions need ({@link RareParts}, shared
 * and empty until written: see {@link #own}). This class holds the event count, the
 * {@code _time} range and the sightings, and is what everyone reads: the parts' reading methods
 * are its own ({@code address(i)}, {@code userAgent(i)} ...). Events and merged parts are written
 * in by {@link SessionStateWriter}.
 */
public final class SessionState {
    /** No cap on addresses: the seed's behaviour. */
    public static final int UNCAPPED = Integer.MAX_VALUE;
    /** Entries searched linearly before a hash index (or, within one event, a bit set) takes over. */
    static final int LINEAR_LIMIT = 16;

    private long events;
    private int minScale = -1; // -1: no numeric _time yet
    private int maxScale = -1;
    private long minUnscaled;
    private long maxUnscaled;
    private long sightings; // distinct addresses per event, summed, kept or not
    final AddressSet addresses = new AddressSet();
    final UserAgentSet agents = new UserAgentSet();
    /** Shared {@link RareParts#NONE} until something rare is written: see {@link #own}. */
    RareParts rare = RareParts.NONE;

    /** This session's own rare parts, made on the first call: call it before anything that adds to them. */
    RareParts own() {
        if (rare == RareParts.NONE) {
            rare = new RareParts();
        }
        return rare;
    }

    /**
     * One event, with a cap on distinct addresses kept. Its {@code _time} may be missing or not a
     * number: the event still contributes addresses and user agents, as stats values() does. Empty
     * values are no values; new strings are pooled through {@code pool}. Past the cap a new address
     * displaces the largest kept one by code point when it is smaller, else it is counted and dropped.
     */
    public void observe(Event event, StringPool pool, int maxIps) {
        SessionStateWriter.observe(this, event, pool, maxIps);
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
        SessionStateWriter.mergeParts(this, other, maxIps);
    }

    // ---- building blocks shared by observe, merge and SessionStateBuilder (the partial-state decoder) ----

    /** Adds {@code n} to the event count (a decoded partial's events). */
    void recordEvents(long n) {
        events += n;
    }

    /** Widens min/max {@code _time} to include both bounds given. */
    void recordTimes(long minU, int minS, long maxU, int maxS) {
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
    int recordAddress(String ip, double first, double last, long n) {
        int idx = addresses.indexOf(ip, rare);
        if (idx < 0) {
            idx = addresses.add(ip, this);
        }
        addresses.sighted(idx, first, last, n);
        return idx;
    }

    /** As {@link #recordAddress(String, double, double, long)} for a canonical IPv4 address, packed. */
    int recordAddress(int ipv4, double first, double last, long n) {
        int idx = addresses.indexOf(ipv4);
        if (idx == AddressSet.TEXT_NEEDED || (idx == AddressSet.ABSENT && addresses.count() > 0)) {
            return recordAddress(CanonicalIpv4.text(ipv4), first, last, n);
        }
        if (idx < 0) {
            idx = addresses.addFirst(ipv4);
        }
        addresses.sighted(idx, first, last, n);
        return idx;
    }

    /** Adds {@code n} distinct-address sightings (a decoded partial's). */
    void recordSightings(long n) {
        sightings += n;
    }

    /** Adds an ASN to the session's distinct ASNs. */
    void recordAsn(String asn) {
        own().recordAsn(asn); // a known ASN means this session already owns its rare parts
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

    public int asnCount() {
        return rare.asnCount();
    }

    public String asn(int i) {
        return rare.asn(i);
    }

    /** Distinct ASNs sorted by code point. */
    public List<String> sortedAsns() {
        return sorted(rare.asns());
    }

    /** Distinct addresses per event, summed over events, including addresses the cap dropped. */
    public long sightings() {
        return sightings;
    }

    /** Sightings of addresses not kept because of the cap on addresses per session. */
    public long sightingsDropped() {
        long kept = 0;
        for (int i = 0; i < addressCount(); i++) {
            kept += addressEvents(i);
        }
        return Math.max(0, sightings - kept);
    }

    /** Distinct addresses sorted by code point, as values(src_ip) lists them. */
    public List<String> sortedAddresses() {
        return sorted(addresses.toArray());
    }

    /** Distinct user agents sorted by code point, as values(user_agent) lists them. */
    public List<String> sortedUserAgents() {
        return sorted(agents.toArray());
    }

    /** {@code fresh}, a new array no one else holds, sorted in place. */
    private static List<String> sorted(String[] fresh) {
        Arrays.sort(fresh, CodePointOrder.INSTANCE);
        return List.of(fresh);
    }

    /** Adds a user agent; its index. */
    int recordUserAgent(String ua) {
        return agents.record(ua, this);
    }

    /** Notes that the user agent at {@code uaIdx} was seen with the address at {@code ipIdx}. */
    void recordPair(int ipIdx, int uaIdx) {
        agents.pair(ipIdx, uaIdx, addresses.count(), this);
    }

    /**
     * Adds time buckets (sorted, distinct, at {@code level}) to the address at {@code idx}: both
     * brought to the coarser level, united, then coarsened until they fit {@link TimeSample#CAP}.
     */
    void recordSample(int idx, long[] buckets, int level) {
        addresses.recordSample(idx, buckets, level);
    }

    /**
     * Adds where the address at {@code idx} was seen. Of disagreeing values the smallest is kept
     * (coordinates by latitude then longitude, names by code point), whatever the order.
     */
    void recordContext(int idx, double lat, double lon, String place, String asn) {
        if ((!Double.isNaN(lat) && !Double.isNaN(lon)) || place != null || asn != null) {
            own().recordContext(idx, lat, lon, place, asn, addresses.capacity());
        }
    }

    /** Adds what an event said of the device and log behind the address at {@code idx}. */
    void recordOrigin(int idx, EventOrigin origin) {
        own().ownDevices(idx, addresses.capacity()).add(origin);
    }

    /** Adds another state's device evidence (or a decoded one) to the address at {@code idx}. */
    void recordDevices(int idx, AddressDevices devices) {
        own().ownDevices(idx, addresses.capacity()).merge(devices);
    }

    /** Restores decoded device evidence of the address at {@code idx}. */
    void recordDevices(int idx, List<String> ids, int flags, String trustType) {
        own().ownDevices(idx, addresses.capacity()).restore(ids, flags, trustType);
    }

    /**
     * Removes the address at {@code idx}, what is kept for it and its pairs; the last address
     * moves into its slot, and its pairs are renamed to {@code idx}.
     */
    void evict(int idx) {
        int last = addresses.count() - 1;
        addresses.remove(idx, rare);
        agents.addressRemoved(idx, last, rare);
    }

    // ---- the parts, read ----

    public int addressCount() {
        return addresses.count();
    }

    /** The address at {@code i}, in arrival order (not sorted). */
    public String address(int i) {
        return addresses.address(i);
    }

    /** Earliest numeric _time seen with the address at {@code i}, NaN if none. */
    public double firstSeen(int i) {
        return addresses.firstSeen(i);
    }

    /** Latest numeric _time seen with the address at {@code i}, NaN if none. */
    public double lastSeen(int i) {
        return addresses.lastSeen(i);
    }

    /** Events that carried the address at {@code i}. */
    public long addressEvents(int i) {
        return addresses.events(i);
    }

    /** The time sample of the address at {@code i}: sorted distinct buckets at {@link #sampleLevel}. */
    public long[] sample(int i) {
        return addresses.sample(i);
    }

    public int sampleLevel(int i) {
        return addresses.sampleLevel(i);
    }

    /** Latitude of the address at {@code i}, NaN when unknown. */
    public double latitude(int i) {
        return rare.latitude(i);
    }

    public double longitude(int i) {
        return rare.longitude(i);
    }

    /** "City, Country" of the address at {@code i}, or null. */
    public String place(int i) {
        return rare.place(i);
    }

    /** Distinct places ("City, Country") of the addresses; an address without one counts none. */
    public int placeCount() {
        HashSet<String> places = new HashSet<>();
        for (int i = 0; i < addressCount(); i++) {
            String p = place(i);
            if (p != null) {
                places.add(p);
            }
        }
        return places.size();
    }

    /** The ASN of the address at {@code i}, or null. */
    public String addressAsn(int i) {
        return rare.asnOf(i);
    }

    /** Whether any address has device or log evidence. */
    public boolean hasDevices() {
        return rare.hasDevices();
    }

    /** The device and log evidence of the address at {@code i}, or null when none: read only. */
    public AddressDevices devices(int i) {
        return rare.devices(i);
    }

    public int userAgentCount() {
        return agents.count();
    }

    public String userAgent(int i) {
        return agents.userAgent(i);
    }

    public int pairCount() {
        return agents.pairCount();
    }

    public int pairAddress(int k) {
        return agents.pairAddress(k);
    }

    public int pairUserAgent(int k) {
        return agents.pairUserAgent(k);
    }

    @Override
    public String toString() {
        return "SessionState{events=" + events + ", first=" + firstTimeText() + ", last=" + lastTimeText()
                + ", ips=" + sortedAddresses() + ", uas=" + sortedUserAgents() + ", pairs=" + pairCount() + "}";
    }
}
