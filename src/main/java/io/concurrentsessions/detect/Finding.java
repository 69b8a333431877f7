package io.concurrentsessions.detect;

import java.util.List;

/**
 * One session the detection reports: the seed's output row plus per-address detail for triage.
 *
 * @param firstTime  min(_time) as plain decimal text, null when no event had a numeric time
 * @param lastTime   max(_time), likewise
 * @param ips        distinct addresses by code point
 * @param userAgents distinct user agents by code point
 * @param addresses  per address (same order as {@code ips}): first/last seen, events, user agents
 * @param events     events grouped into the session
 */
public record Finding(SessionKey key, String firstTime, String lastTime, List<String> ips,
                      List<String> userAgents, List<AddressActivity> addresses, long events) {
    public Finding {
        ips = List.copyOf(ips);
        userAgents = List.copyOf(userAgents);
        addresses = List.copyOf(addresses);
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
