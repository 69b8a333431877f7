package io.concurrentsessions.detect;

import java.util.List;

/**
 * One session the detection reports: the seed's output row plus per-address detail for triage.
 *
 * @param firstTime  min(_time) as plain decimal text, null when no event had a numeric time
 * @param lastTime   max(_time), likewise
 * @param ips        distinct addresses by code point
 * @param userAgents distinct user agents by code point
 * @param addresses  per address, parallel to {@code ips}: first/last seen, events, user agents
 * @param events     events grouped into the session
 * @param evidence   what the state says beyond the seed's columns
 */
public record Finding(SessionKey key, String firstTime, String lastTime, List<String> ips,
                      List<String> userAgents, List<AddressActivity> addresses, long events, SessionEvidence evidence) {
    public Finding {
        ips = List.copyOf(ips);
        userAgents = List.copyOf(userAgents);
        addresses = List.copyOf(addresses);
        for (int k = 0; k < Math.max(ips.size(), addresses.size()); k++) {
            if (k >= ips.size() || k >= addresses.size() || !addresses.get(k).ip().equals(ips.get(k))) {
                throw new IllegalArgumentException("addresses not parallel to ips at " + k + ": " + addresses + " vs " + ips);
            }
        }
    }

    /** {@link #firstTime} as a number; NaN when no event had a numeric time. */
    public double firstSeconds() {
        return firstTime == null ? Double.NaN : Double.parseDouble(firstTime);
    }

    /** {@link #lastTime} as a number; NaN when no event had a numeric time. */
    public double lastSeconds() {
        return lastTime == null ? Double.NaN : Double.parseDouble(lastTime);
    }

    /**
     * What one address did in the session.
     *
     * @param firstSeen  earliest numeric _time with this address, NaN if none
     * @param lastSeen   latest, likewise
     * @param userAgents user agents seen in events with this address, by code point
     */
    public record AddressActivity(String ip, double firstSeen, double lastSeen, long events, List<String> userAgents) {
        public AddressActivity {
            userAgents = List.copyOf(userAgents);
        }
    }
}
