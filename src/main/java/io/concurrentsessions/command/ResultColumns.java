package io.concurrentsessions.command;

import java.util.Set;

/**
 * The kinds of the result columns, for writers that type their output (the scanner's JSON) instead
 * of carrying Splunk's everything-is-a-string rows. Declared beside {@link SessionSearch#toRow} so a
 * new column is typed where it is made.
 */
public final class ResultColumns {
    /** Always lists, even with one value: ips and the columns parallel to it, user agents, ASNs, reasons. */
    public static final Set<String> MULTIVALUE = Set.of("ips", "user_agents", "ip_first_seen", "ip_last_seen",
            "ip_event_count", "ip_network", "ip_location", "asns", "reasons", "ip_client");

    /** Numbers (epoch seconds, counts, scores, speeds). */
    public static final Set<String> NUMERIC = Set.of("firstTime", "lastTime", "risk_score", "ip_first_seen",
            "ip_last_seen", "ip_event_count", "network_count", "overlap_seconds", "max_travel_kmh", "asn_count",
            "user_agent_count");

    /** {@code true} / {@code false}. */
    public static final Set<String> BOOLEAN = Set.of("concurrent", "ua_changed_with_ip", "client_changed_with_ip");

    /** Epoch seconds that people read as dates. */
    public static final Set<String> TIME = Set.of("firstTime", "lastTime", "ip_first_seen", "ip_last_seen");

    private ResultColumns() {
    }
}
