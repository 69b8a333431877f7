package io.concurrentsessions.report;

import io.concurrentsessions.scp.OutputRow;
import java.util.List;

/**
 * Rows shaped as EVIDENCE_CONTRACT.md says the command emits them (seed columns, annotations, then
 * the evidence columns), for the sessions of samples/ual-sample.jsonl. Built here so the report is
 * tested on evidence before the engine emits it.
 */
final class ContractRows {
    private ContractRows() {
    }

    static OutputRow seed(String user, String sessionId, long first, long last, List<String> ips, List<String> userAgents) {
        return new OutputRow()
                .put("Operation", "UserLoggedIn").put("user", user).put("SessionId", sessionId)
                .put("firstTime", first).put("lastTime", last).put("ips", ips).put("user_agents", userAgents)
                .put("risk_score", 42).put("risk_object", user).put("risk_object_type", "user")
                .put("risk_message", "User " + user + " has logged in with the same session id from more than one unique IP address")
                .put("mitre_technique_id", "T1185");
    }

    /** Seed columns plus every evidence column, in the contract's order. */
    static OutputRow withEvidence(OutputRow seed, List<String> firstSeen, List<String> lastSeen, List<String> counts,
                                  List<String> networks, List<String> locations, boolean concurrent, long overlap,
                                  String travelKmh, List<String> reasons, int riskScore) {
        return seed.put("risk_score", riskScore)
                .put("ip_first_seen", firstSeen).put("ip_last_seen", lastSeen).put("ip_event_count", counts)
                .put("ip_network", networks).put("ip_location", locations)
                .put("network_count", networks.stream().distinct().count())
                .put("concurrent", Boolean.toString(concurrent)).put("overlap_seconds", overlap)
                .put("max_travel_kmh", travelKmh)
                .put("user_agent_count", seed.values("user_agents").size())
                .put("ua_changed_with_ip", Boolean.toString(seed.values("user_agents").size() > 1))
                .put("reasons", reasons).put("profile", "seed");
    }

    static final String SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15";
    static final String HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/121.0.0.0 Safari/537.36";
    static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0";

    /** The three findings of the sample with the evidence the contract describes. */
    static List<OutputRow> sample() {
        OutputRow lidia = withEvidence(
                seed("lidia.holloway@contoso.onmicrosoft.com", "db92d65a-243a-444d-bb11-19b1c382295a", 1709629925, 1709633162,
                        List.of("192.0.2.66", "203.0.113.19"), List.of(SAFARI, HEADLESS)),
                List.of("1709631000", "1709629925"), List.of("1709633100", "1709633162"), List.of("9", "6"),
                List.of("192.0.2.0/24", "203.0.113.0/24"), List.of("Amsterdam, Netherlands", "Seattle, United States"),
                true, 2100, "7800", List.of("2 networks used concurrently for 2100 s", "impossible travel 7800 km/h",
                        "user agent changed with network"), 80);
        OutputRow pradeep = withEvidence(
                seed("pradeep.gupta@contoso.onmicrosoft.com", "6154fe34-cf6a-4165-9898-332ba033da40", 1709647421, 1709649992,
                        List.of("198.51.100.20", "2001:db8:bad::66"), List.of(SAFARI, HEADLESS)),
                List.of("1709647421", "1709648200"), List.of("1709649900", "1709649992"), List.of("7", "5"),
                List.of("198.51.100.0/24", "2001:db8:bad::/64"), List.of("Redmond, United States", "unknown"),
                true, 1700, null, List.of("2 networks used concurrently for 1700 s", "user agent changed with network"), 70);
        OutputRow diego = withEvidence(
                seed("diego.siciliani@contoso.onmicrosoft.com", "3f8f8f80-41ca-4a5a-93cb-72bf46013256", 1709625600, 1709668800,
                        List.of("198.51.100.20", "203.0.113.12"), List.of(EDGE)),
                List.of("1709625600", "1709663400"), List.of("1709638200", "1709668800"), List.of("8", "4"),
                List.of("198.51.100.0/24", "203.0.113.0/24"), List.of("Redmond, United States", "Redmond, United States"),
                false, 0, "0", List.of("2 networks used one after another"), 20);
        return List.of(diego, lidia, pradeep);
    }
}
