package io.concurrentsessions.detect;

import java.util.Arrays;
import java.util.BitSet;
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
 * <p>The addresses and what is kept per address ({@link SessionAddresses}), and the user agents
 * with their pairs ({@link SessionUserAgents}), are superclasses with the reading methods of
 * their part ({@code address(i)}, {@code firstSeen(i)}, {@code userAgent(i)} ...): superclasses
 * and not fields so that a session stays one object. What few sessions need is in
 * {@link RareParts}; this class holds the event count, the {@code _time} range and the sightings,
 * and takes events in and merges states.
 */
public final class SessionState extends SessionUserAgents {
    /** No cap on addresses: the seed's behaviour. */
    public static final int UNCAPPED = Integer.MAX_VALUE;

    private long events;
    private int minScale = -1; // -1: no numeric _time yet
    private int maxScale = -1;
    private long minUnscaled;
    private long maxUnscaled;
    private long sightings; // distinct addresses per event, summed, kept or not

    /**
     * One event, with a cap on distinct addresses kept. Its {@code _time} may be missing or not a
     * number: the event still contributes addresses and user agents, as stats values() does. Empty
     * values are no values; new strings are pooled through {@code pool}. Past the cap a new address
     * displaces the largest kept one by code point when it is smaller, else it is counted and dropped.
     */
    public void observe(Event event, StringPool pool, int maxIps) {
        if (event.hasIpv4() && observeIpv4(event, pool, maxIps)) {
            return;
        }
        observe(event.time(), event.addresses(), event.userAgents(), event.context(), pool, maxIps);
    }

    private void observe(EpochTime time, List<String> addresses, List<String> userAgents, EventContext context,
                         StringPool pool, int maxIps) {
        double t = countEvent(time);
        int[][] scratch = EventIndexes.SCRATCH.get();
        int[] eventIps = scratch[0];
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
                if (addressCount() >= maxIps) {
                    if (dropped == null) {
                        dropped = new HashSet<>();
                        dropped.add(ip);
                    }
                    int evicted = makeRoomFor(ip);
                    if (evicted < 0) {
                        continue;
                    }
                    if (bigIps != null ? bigIps.get(evicted) : EventIndexes.contains(eventIps, ni, evicted)) {
                        dropped.add(address(evicted)); // already sighted in this event: a repeat is no new sighting
                    }
                    evict(evicted);
                    // the count, after evict, is the old last index, which moved into the evicted one's slot
                    ni = EventIndexes.forget(eventIps, ni, evicted, addressCount());
                    bigIps = ni > LINEAR_LIMIT ? EventIndexes.track(null, eventIps, ni) : null;
                }
                idx = addAddress(pool.intern(ip));
            } else if (ni > 0 && (bigIps != null ? bigIps.get(idx) : EventIndexes.contains(eventIps, ni, idx))) {
                continue;
            } else {
                sightings++;
                anyAddress = true;
            }
            eventIps = EventIndexes.push(eventIps, ni++, idx);
            bigIps = EventIndexes.track(bigIps, eventIps, ni);
            sighted(idx, t, context, pool);
        }
        if (context != null && context.asn() != null && anyAddress) {
            recordAsn(pool.intern(context.asn()));
        }
        observeUserAgents(userAgents, pool, scratch, eventIps, ni);
    }

    /**
     * The common event, one canonical IPv4 address held packed, with no String for it: the state
     * the text of the address would give. False, having done nothing, when only the general path can
     * tell (several addresses to compare as text, or the cap to apply).
     */
    private boolean observeIpv4(Event event, StringPool pool, int maxIps) {
        int ipv4 = event.ipv4();
        int idx = indexOfAddress(ipv4);
        if (idx == TEXT_NEEDED || (idx == ABSENT && addressCount() >= maxIps)) {
            return false;
        }
        EventContext context = event.context();
        List<String> userAgents = event.userAgents();
        double t = countEvent(event.time());
        if (idx < 0) {
            idx = addressCount() == 0 ? addFirstAddress(ipv4) : addAddress(pool.intern(CanonicalIpv4.text(ipv4)));
        }
        sightings++;
        sighted(idx, t, context, pool);
        if (context != null && context.asn() != null) {
            recordAsn(pool.intern(context.asn()));
        }
        int[][] scratch = EventIndexes.SCRATCH.get();
        scratch[0][0] = idx;
        observeUserAgents(userAgents, pool, scratch, scratch[0], 1);
        return true;
    }

    /** The event's sighting of the address at {@code idx}: when (t, NaN for no time), and where. */
    private void sighted(int idx, double t, EventContext context, StringPool pool) {
        recordAddressSighting(idx, t, t, 1);
        if (!Double.isNaN(t)) {
            recordTime(idx, t);
        }
        if (context != null) {
            recordContext(idx, context.lat(), context.lon(), context.place() == null ? null : pool.intern(context.place()),
                    context.asn() == null ? null : pool.intern(context.asn()));
        }
    }

    /** Counts an event and widens the time range; the time as a double, NaN when none. */
    private double countEvent(EpochTime time) {
        events++;
        if (time == null) {
            return Double.NaN;
        }
        recordTimes(time.unscaled(), time.scale(), time.unscaled(), time.scale());
        return EpochTime.toDouble(time.unscaled(), time.scale());
    }

    /** The event's user agents, and a pair for each of them with each of its {@code ni} addresses in {@code eventIps}. */
    private void observeUserAgents(List<String> userAgents, StringPool pool, int[][] scratch, int[] eventIps, int ni) {
        int[] eventUas = scratch[1];
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
            } else if (nu > 0 && (bigUas != null ? bigUas.get(idx) : EventIndexes.contains(eventUas, nu, idx))) {
                continue;
            }
            eventUas = EventIndexes.push(eventUas, nu++, idx);
            bigUas = EventIndexes.track(bigUas, eventUas, nu);
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
        int[] uaMap = new int[other.userAgentCount()];
        for (int i = 0; i < other.userAgentCount(); i++) {
            uaMap[i] = recordUserAgent(other.userAgent(i));
        }
        for (int i = 0; i < other.rare.asnCount(); i++) {
            recordAsn(other.rare.asn(i));
        }
        int[] ipMap = new int[other.addressCount()];
        for (int i = 0; i < other.addressCount(); i++) {
            String ip = other.address(i);
            int idx = indexOfAddress(ip);
            if (idx < 0) {
                if (addressCount() >= maxIps) {
                    int evicted = makeRoomFor(ip);
                    if (evicted < 0) {
                        ipMap[i] = -1;
                        continue;
                    }
                    int moved = addressCount() - 1;
                    evict(evicted);
                    for (int j = 0; j < i; j++) {
                        ipMap[j] = ipMap[j] == evicted ? -1 : ipMap[j] == moved ? evicted : ipMap[j];
                    }
                }
                idx = addAddress(ip);
            }
            ipMap[i] = idx;
            recordAddressSighting(idx, other.firstSeen(i), other.lastSeen(i), other.addressEvents(i));
            recordSample(idx, other.sample(i), other.sampleLevel(i));
            if (other.rare.hasAddressContext()) {
                recordContext(idx, other.latitude(i), other.longitude(i), other.place(i), other.addressAsn(i));
            }
        }
        for (int k = 0; k < other.pairCount(); k++) {
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

    /** As {@link #recordAddress(String, double, double, long)} for a canonical IPv4 address, packed. */
    public int recordAddress(int ipv4, double first, double last, long n) {
        int idx = indexOfAddress(ipv4);
        if (idx == TEXT_NEEDED || (idx == ABSENT && addressCount() > 0)) {
            return recordAddress(CanonicalIpv4.text(ipv4), first, last, n);
        }
        if (idx < 0) {
            idx = addFirstAddress(ipv4);
        }
        recordAddressSighting(idx, first, last, n);
        return idx;
    }

    /** Adds {@code n} distinct-address sightings (a decoded partial's). */
    public void recordSightings(long n) {
        sightings += n;
    }

    /** Adds an ASN to the session's distinct ASNs. */
    public void recordAsn(String asn) {
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
        return sorted(addresses());
    }

    /** Distinct user agents sorted by code point, as values(user_agent) lists them. */
    public List<String> sortedUserAgents() {
        return sorted(userAgents());
    }

    /** {@code fresh}, a new array no one else holds, sorted in place. */
    private static List<String> sorted(String[] fresh) {
        Arrays.sort(fresh, CodePointOrder.INSTANCE);
        return List.of(fresh);
    }

    @Override
    public String toString() {
        return "SessionState{events=" + events + ", first=" + firstTimeText() + ", last=" + lastTimeText()
                + ", ips=" + sortedAddresses() + ", uas=" + sortedUserAgents() + ", pairs=" + pairCount() + "}";
    }
}
