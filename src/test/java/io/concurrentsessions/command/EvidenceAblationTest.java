package io.concurrentsessions.command;

import io.concurrentsessions.detect.Event;
import io.concurrentsessions.detect.EvidenceSettings;
import io.concurrentsessions.detect.EvidenceSettings.Rule;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each piece of evidence adds or costs: strict's rule on the held-out labelled set
 * ({@link LabelledBenchmarkTest#HELD_OUT_SEED}) with one rule left out at a time, location only
 * and location + ASN, printed as the ablation table in docs/evidence.md.
 */
class EvidenceAblationTest {
    /** Sessions strict reports, by the detection's own rule, with the given settings. */
    static Set<String> flagged(LabelledDataset data, EvidenceSettings settings, String asnField) {
        SessionTable table = new SessionTable(1_000_000, 1_000, settings);
        for (Map<String, List<String>> e : data.events) {
            table.observe(new Event().key(e.get("Operation"), e.get("user"), e.get("SessionId")).time(e.get("_time").get(0))
                    .addresses(e.get("src_ip")).userAgents(e.get("user_agent"))
                    .context(EventFilter.context(first(e, "lat"), first(e, "lon"), first(e, "City"),
                            first(e, "Country"), asnField == null ? null : first(e, asnField),
                            EventFilter.origin(first(e, "device_id"), first(e, "device_managed"),
                                    first(e, "device_trust_type"), first(e, "log")))));
        }
        Set<String> out = new HashSet<>();
        for (Finding f : table.findings(2)) {
            if (f.evidence().strictMatch()) {
                out.add(f.key().sessionId());
            }
        }
        return out;
    }

    private static String first(Map<String, List<String>> e, String field) {
        List<String> v = e.get(field);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Test
    void eachRuleEarnsItsPlaceOnTheHeldOutSeed() throws Exception {
        LabelledDataset data = new LabelledDataset(LabelledBenchmarkTest.HELD_OUT_SEED);
        LabelledBenchmarkTest.Score seed = LabelledBenchmarkTest.score("seed", data, List.of(), true);
        StringBuilder t = new StringBuilder("\nHELD-OUT seed " + LabelledBenchmarkTest.HELD_OUT_SEED + ", strict with one rule left out\n\n"
                + "| left out | location only: AiTM kept | benign flagged | location + ASN: AiTM kept | benign flagged |\n"
                + "|---|---|---|---|---|\n");
        List<Rule> rows = new ArrayList<>();
        rows.add(null);
        rows.addAll(List.of(Rule.values()));
        long[][] tp = new long[rows.size()][2];
        long[][] fp = new long[rows.size()][2];
        for (int r = 0; r < rows.size(); r++) {
            EvidenceSettings settings = rows.get(r) == null ? EvidenceSettings.DEFAULTS : EvidenceSettings.DEFAULTS.without(rows.get(r));
            t.append("| ").append(rows.get(r) == null ? "nothing (strict as shipped)" : rows.get(r).name().toLowerCase(Locale.ROOT));
            for (int asn = 0; asn < 2; asn++) {
                LabelledBenchmarkTest.Score s = new LabelledBenchmarkTest.Score("", data, flagged(data, settings, asn == 1 ? "asn" : null));
                tp[r][asn] = s.tp();
                fp[r][asn] = s.fp();
                t.append(String.format(Locale.ROOT, " | %d (%+d) | %d (%+d)", s.tp(), s.tp() - tp[0][asn], s.fp(), s.fp() - fp[0][asn]));
            }
            t.append(" |\n");
        }
        t.append("\n(AiTM sessions: ").append(seed.aitm()).append("; benign sessions the seed flags: ").append(seed.fp()).append(")\n");
        System.out.println(t);

        LabelledBenchmarkTest.Score command = LabelledBenchmarkTest.score("", data, List.of("profile=strict", "asn_field=asn"), true);
        assertEquals(command.tp(), tp[0][1], "the detection's rule is the command's" + t);
        assertEquals(command.fp(), fp[0][1], t.toString());
        int concurrency = rows.indexOf(Rule.CONCURRENCY);
        int travel = rows.indexOf(Rule.TRAVEL);
        int client = rows.indexOf(Rule.CLIENT_CHANGE);
        int dual = rows.indexOf(Rule.DUAL_STACK);
        int phone = rows.indexOf(Rule.PHONE_HANDOFF);
        int asnRule = rows.indexOf(Rule.ASN);
        assertTrue(tp[concurrency][1] < tp[0][1] && tp[travel][0] < tp[0][0] && tp[client][0] < tp[0][0], "each finds AiTM" + t);
        assertTrue(fp[dual][0] > fp[0][0] && fp[phone][1] > fp[0][1], "each drops benign look-alikes" + t);
        assertTrue(tp[asnRule][1] < tp[0][1], "ASN finds AiTM the location cannot" + t);
    }
}
