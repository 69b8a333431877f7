package io.concurrentsessions.detect;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;

/**
 * Writes into a {@link SessionState}: one event (the general path over address texts, and the
 * packed-IPv4 fast path), or the parts of another state. The state's own fields (event count,
 * time range, sightings) it changes only through the state's record methods.
 */
final class SessionStateWriter {
    private SessionStateWriter() {
    }

    /** See {@link SessionState#observe(Event, StringPool, int)}. */
    static void observe(SessionState s, Event event, StringPool pool, int maxIps) {
        if (event.hasIpv4() && observeIpv4(s, event, pool, maxIps)) {
            return;
        }
        observe(s, event.time(), event.addresses(), event.userAgents(), event.context(), pool, maxIps);
    }

    private static void observe(SessionState s, EpochTime time, List<String> ips, List<String> userAgents, EventContext context,
                         StringPool pool, int maxIps) {
        double t = countEvent(s, time);
        int[][] scratch = EventIndexes.SCRATCH.get();
        int[] eventIps = scratch[0];
        int ni = 0;
        BitSet bigIps = null;
        HashSet<String> dropped = null; // addresses of this event the cap dropped or evicted
        boolean anyAddress = false;
        for (int i = 0, n = ips.size(); i < n; i++) {
            String ip = ips.get(i);
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            int idx = s.addresses.indexOf(ip, s.rare);
            if (idx < 0) {
                if (dropped != null && !dropped.add(ip)) {
                    continue; // dropped or evicted earlier in this event: one sighting
                }
                s.recordSightings(1);
                anyAddress = true;
                if (s.addressCount() >= maxIps) {
                    if (dropped == null) {
                        dropped = new HashSet<>();
                        dropped.add(ip);
                    }
                    int evicted = s.addresses.makeRoomFor(ip);
                    if (evicted < 0) {
                        continue;
                    }
                    if (bigIps != null ? bigIps.get(evicted) : EventIndexes.contains(eventIps, ni, evicted)) {
                        dropped.add(s.addresses.address(evicted)); // already sighted in this event: a repeat is no new sighting
                    }
                    s.evict(evicted);
                    // the count, after evict, is the old last index, which moved into the evicted one's slot
                    ni = EventIndexes.forget(eventIps, ni, evicted, s.addressCount());
                    bigIps = ni > SessionState.LINEAR_LIMIT ? EventIndexes.track(null, eventIps, ni) : null;
                }
                idx = s.addresses.add(pool.intern(ip), s);
            } else if (ni > 0 && (bigIps != null ? bigIps.get(idx) : EventIndexes.contains(eventIps, ni, idx))) {
                continue;
            } else {
                s.recordSightings(1);
                anyAddress = true;
            }
            eventIps = EventIndexes.push(eventIps, ni++, idx);
            bigIps = EventIndexes.track(bigIps, eventIps, ni);
            sighted(s, idx, t, context, pool);
        }
        if (context != null && context.asn() != null && anyAddress) {
            s.recordAsn(pool.intern(context.asn()));
        }
        observeUserAgents(s, userAgents, pool, scratch, eventIps, ni);
    }

    /**
     * The common event, one canonical IPv4 address held packed, with no String for it: the state
     * the text of the address would give. False, having done nothing, when only the general path can
     * tell (several addresses to compare as text, or the cap to apply).
     */
    private static boolean observeIpv4(SessionState s, Event event, StringPool pool, int maxIps) {
        int ipv4 = event.ipv4();
        int idx = s.addresses.indexOf(ipv4);
        if (idx == AddressSet.TEXT_NEEDED || (idx == AddressSet.ABSENT && s.addresses.count() >= maxIps)) {
            return false;
        }
        EventContext context = event.context();
        List<String> userAgents = event.userAgents();
        double t = countEvent(s, event.time());
        if (idx < 0) {
            idx = s.addresses.count() == 0 ? s.addresses.addFirst(ipv4) : s.addresses.add(pool.intern(CanonicalIpv4.text(ipv4)), s);
        }
        s.recordSightings(1);
        sighted(s, idx, t, context, pool);
        if (context != null && context.asn() != null) {
            s.recordAsn(pool.intern(context.asn()));
        }
        int[][] scratch = EventIndexes.SCRATCH.get();
        scratch[0][0] = idx;
        observeUserAgents(s, userAgents, pool, scratch, scratch[0], 1);
        return true;
    }

    /** The event's sighting of the address at {@code idx}: when (t, NaN for no time), and where. */
    private static void sighted(SessionState s, int idx, double t, EventContext context, StringPool pool) {
        s.addresses.sighted(idx, t, t, 1);
        if (!Double.isNaN(t)) {
            s.addresses.recordTime(idx, t);
        }
        if (context != null) {
            s.recordContext(idx, context.lat(), context.lon(), context.place() == null ? null : pool.intern(context.place()),
                    context.asn() == null ? null : pool.intern(context.asn()));
            if (context.origin() != null) {
                s.recordOrigin(idx, context.origin());
            }
        }
    }

    /** Counts an event and widens the time range; the time as a double, NaN when none. */
    private static double countEvent(SessionState s, EpochTime time) {
        s.recordEvents(1);
        if (time == null) {
            return Double.NaN;
        }
        s.recordTimes(time.unscaled(), time.scale(), time.unscaled(), time.scale());
        return EpochTime.toDouble(time.unscaled(), time.scale());
    }

    /** The event's user agents, and a pair for each of them with each of its {@code ni} addresses in {@code eventIps}. */
    private static void observeUserAgents(SessionState s, List<String> userAgents, StringPool pool, int[][] scratch, int[] eventIps, int ni) {
        int[] eventUas = scratch[1];
        int nu = 0;
        BitSet bigUas = null;
        for (int i = 0, n = userAgents.size(); i < n; i++) {
            String ua = userAgents.get(i);
            if (ua == null || ua.isEmpty()) {
                continue;
            }
            int idx = s.agents.indexOf(ua, s.rare);
            if (idx < 0) {
                idx = s.agents.add(pool.intern(ua), s);
            } else if (nu > 0 && (bigUas != null ? bigUas.get(idx) : EventIndexes.contains(eventUas, nu, idx))) {
                continue;
            }
            eventUas = EventIndexes.push(eventUas, nu++, idx);
            bigUas = EventIndexes.track(bigUas, eventUas, nu);
        }
        for (int i = 0; i < ni; i++) {
            for (int j = 0; j < nu; j++) {
                s.recordPair(eventIps[i], eventUas[j]);
            }
        }
        scratch[0] = eventIps;
        scratch[1] = eventUas;
    }

    /** Adds {@code other}'s addresses, user agents, pairs and ASNs to {@code s}, keeping at most {@code maxIps} addresses. */
    static void mergeParts(SessionState s, SessionState other, int maxIps) {
        int[] uaMap = new int[other.userAgentCount()];
        for (int i = 0; i < other.userAgentCount(); i++) {
            uaMap[i] = s.agents.record(other.userAgent(i), s);
        }
        for (int i = 0; i < other.rare.asnCount(); i++) {
            s.recordAsn(other.rare.asn(i));
        }
        int[] ipMap = new int[other.addressCount()];
        for (int i = 0; i < other.addressCount(); i++) {
            String ip = other.address(i);
            int idx = s.addresses.indexOf(ip, s.rare);
            if (idx < 0) {
                if (s.addressCount() >= maxIps) {
                    int evicted = s.addresses.makeRoomFor(ip);
                    if (evicted < 0) {
                        ipMap[i] = -1;
                        continue;
                    }
                    int moved = s.addressCount() - 1;
                    s.evict(evicted);
                    for (int j = 0; j < i; j++) {
                        ipMap[j] = ipMap[j] == evicted ? -1 : ipMap[j] == moved ? evicted : ipMap[j];
                    }
                }
                idx = s.addresses.add(ip, s);
            }
            ipMap[i] = idx;
            s.addresses.sighted(idx, other.firstSeen(i), other.lastSeen(i), other.addressEvents(i));
            s.recordSample(idx, other.sample(i), other.sampleLevel(i));
            if (other.rare.hasAddressContext()) {
                s.recordContext(idx, other.latitude(i), other.longitude(i), other.place(i), other.addressAsn(i));
            }
            if (other.rare.hasDevices() && other.devices(i) != null) {
                s.recordDevices(idx, other.devices(i));
            }
        }
        for (int k = 0; k < other.pairCount(); k++) {
            int ip = ipMap[other.pairAddress(k)];
            if (ip >= 0) {
                s.recordPair(ip, uaMap[other.pairUserAgent(k)]);
            }
        }
    }
}
