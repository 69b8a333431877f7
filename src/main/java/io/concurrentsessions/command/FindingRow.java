package io.concurrentsessions.command;

import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.RiskAnnotation;
import io.concurrentsessions.detect.SessionEvidence;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.scp.OutputRow;

/** A {@link Finding} as the row the command emits: the seed's columns, the risk annotations, the evidence. */
public final class FindingRow {
    private FindingRow() {
    }

    /** The seed's columns, then the risk annotations, then the evidence columns (docs/evidence.md). */
    public static OutputRow toRow(Finding f, CommandOptions o) {
        SessionEvidence e = f.evidence();
        OutputRow row = seedRow(f, o.evidenceScoring() ? e.riskScore() : RiskAnnotation.SCORE)
                .put("ip_first_seen", e.firstSeen())
                .put("ip_last_seen", e.lastSeen())
                .put("ip_event_count", e.eventCounts())
                .put("ip_network", e.networks())
                .put("ip_location", e.locations())
                .put("network_count", e.networkCount())
                .put("concurrent", Boolean.toString(e.concurrent()))
                .put("overlap_seconds", SessionEvidence.seconds(e.overlapSeconds()))
                .put("max_travel_kmh", Double.isNaN(e.maxTravelKmh()) ? null : Long.toString(Math.round(e.maxTravelKmh())));
        if (o.asnField() != null) {
            row.put("asns", e.asns()).put("asn_count", e.asns().size());
        }
        return row.put("user_agent_count", e.userAgentCount())
                .put("ua_changed_with_ip", Boolean.toString(e.uaChangedWithIp()))
                .put("reasons", e.reasons())
                .put("profile", o.profile());
    }

    /** The seed's columns, then the risk annotations. Output names stay the seed's whatever the input fields. */
    private static OutputRow seedRow(Finding f, int riskScore) {
        SessionKey k = f.key();
        return new OutputRow()
                .put(SessionSearch.OUT_OPERATION, k.operation())
                .put(SessionSearch.OUT_USER, k.user())
                .put(SessionSearch.OUT_SESSION, k.sessionId())
                .put("firstTime", f.firstTime())
                .put("lastTime", f.lastTime())
                .put("ips", f.ips())
                .put("user_agents", f.userAgents())
                .put("risk_score", riskScore)
                .put("risk_object", k.user())
                .put("risk_object_type", RiskAnnotation.OBJECT_TYPE)
                .put("risk_message", RiskAnnotation.message(k.user()))
                .put("mitre_technique_id", RiskAnnotation.MITRE_TECHNIQUE_ID);
    }
}
