package io.concurrentsessions.report;

import io.concurrentsessions.command.CommandOptions;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionEvidence;
import io.concurrentsessions.detect.SessionKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Findings shaped as EVIDENCE_CONTRACT.md says the command reports them (seed columns, annotations,
 * then the evidence columns), for the sessions of samples/ual-sample.jsonl. Built here so the
 * report is tested on evidence (locations, travel, hostile networks) the sample does not have.
 */
final class ContractRows {
    /** The contract's rows carry the evidence's risk score. */
    static final CommandOptions OPTIONS = options("risk_scoring=evidence");

    private ContractRows() {
    }

    /** The seed's columns only: no per-address evidence, risk 42. */
    static Finding seed(String user, String sessionId, long first, long last, List<String> ips, List<String> userAgents) {
        List<Finding.AddressActivity> activity = new ArrayList<>();
        for (String ip : ips) {
            activity.add(new Finding.AddressActivity(ip, Double.NaN, Double.NaN, 0, List.of()));
        }
        return new Finding(new SessionKey("UserLoggedIn", user, sessionId), Long.toString(first), Long.toString(last), ips,
                userAgents, activity, 0, new SessionEvidence(List.of(), List.of(), List.of(), List.of(), List.of(), 0, false, 0,
                false, Double.NaN, List.of(), userAgents.size(), false, List.of(), false, 0, List.of(), 42, List.of(), false,
                List.of()));
    }

    /** The seed's finding with every evidence column, in the contract's order; per-address lists parallel to ips. */
    static Finding withEvidence(Finding seed, List<String> firstSeen, List<String> lastSeen, List<String> counts,
                                List<String> networks, List<String> locations, boolean concurrent, long overlap,
                                String travelKmh, List<String> reasons, int riskScore) {
        List<Finding.AddressActivity> activity = new ArrayList<>();
        long events = 0;
        for (int i = 0; i < seed.ips().size(); i++) {
            activity.add(new Finding.AddressActivity(seed.ips().get(i), Double.parseDouble(firstSeen.get(i)),
                    Double.parseDouble(lastSeen.get(i)), Long.parseLong(counts.get(i)), List.of()));
            events += Long.parseLong(counts.get(i));
        }
        int userAgents = seed.userAgents().size();
        SessionEvidence e = new SessionEvidence(firstSeen, lastSeen, counts, networks, locations,
                (int) networks.stream().distinct().count(), concurrent, overlap, concurrent,
                travelKmh == null ? Double.NaN : Double.parseDouble(travelKmh), List.of(), userAgents, userAgents > 1,
                Collections.nCopies(seed.ips().size(), SessionEvidence.UNKNOWN), false, 0, reasons, riskScore,
                Collections.nCopies(seed.ips().size(), SessionEvidence.UNKNOWN), false,
                Collections.nCopies(seed.ips().size(), SessionEvidence.UNKNOWN));
        return new Finding(seed.key(), seed.firstTime(), seed.lastTime(), seed.ips(), seed.userAgents(), activity, events, e);
    }

    /** The finding with other ip_network values, aligned with ips or not. */
    static Finding withNetworks(Finding f, List<String> networks) {
        SessionEvidence e = f.evidence();
        return new Finding(f.key(), f.firstTime(), f.lastTime(), f.ips(), f.userAgents(), f.addresses(), f.events(),
                new SessionEvidence(e.firstSeen(), e.lastSeen(), e.eventCounts(), networks, e.locations(), e.networkCount(),
                        e.concurrent(), e.overlapSeconds(), e.concurrentContextDiffers(), e.maxTravelKmh(), e.asns(),
                        e.userAgentCount(), e.uaChangedWithIp(), e.clients(), e.clientChangedWithIp(), e.sightingsDropped(),
                        e.reasons(), e.riskScore(), e.devices(), e.deviceChangedWithIp(), e.logs()));
    }

    private static CommandOptions options(String... args) {
        try {
            return CommandOptions.parse(List.of(args));
        } catch (Exception e) { // a fixed, valid argument: any failure is a broken test
            throw new IllegalStateException(e);
        }
    }

    static final String SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15";
    static final String HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/121.0.0.0 Safari/537.36";
    static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0";

    /** The three findings of the sample with the evidence the contract describes. */
    static List<Finding> sample() {
        Finding lidia = withEvidence(
                seed("lidia.holloway@contoso.onmicrosoft.com", "db92d65a-243a-444d-bb11-19b1c382295a", 1709629925, 1709633162,
                        List.of("192.0.2.66", "203.0.113.19"), List.of(SAFARI, HEADLESS)),
                List.of("1709631000", "1709629925"), List.of("1709633100", "1709633162"), List.of("9", "6"),
                List.of("192.0.2.0/24", "203.0.113.0/24"), List.of("Amsterdam, Netherlands", "Seattle, United States"),
                true, 2100, "7800", List.of("2 networks used concurrently for 2100 s", "impossible travel 7800 km/h",
                        "user agent changed with network"), 80);
        Finding pradeep = withEvidence(
                seed("pradeep.gupta@contoso.onmicrosoft.com", "6154fe34-cf6a-4165-9898-332ba033da40", 1709647421, 1709649992,
                        List.of("198.51.100.20", "2001:db8:bad::66"), List.of(SAFARI, HEADLESS)),
                List.of("1709647421", "1709648200"), List.of("1709649900", "1709649992"), List.of("7", "5"),
                List.of("198.51.100.0/24", "2001:db8:bad::/64"), List.of("Redmond, United States", "unknown"),
                true, 1700, null, List.of("2 networks used concurrently for 1700 s", "user agent changed with network"), 70);
        Finding diego = withEvidence(
                seed("diego.siciliani@contoso.onmicrosoft.com", "3f8f8f80-41ca-4a5a-93cb-72bf46013256", 1709625600, 1709668800,
                        List.of("198.51.100.20", "203.0.113.12"), List.of(EDGE)),
                List.of("1709625600", "1709663400"), List.of("1709638200", "1709668800"), List.of("8", "4"),
                List.of("198.51.100.0/24", "203.0.113.0/24"), List.of("Redmond, United States", "Redmond, United States"),
                false, 0, "0", List.of("2 networks used one after another"), 20);
        return List.of(diego, lidia, pradeep);
    }
}
