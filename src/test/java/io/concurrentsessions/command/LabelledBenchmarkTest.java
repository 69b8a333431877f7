package io.concurrentsessions.command;

import io.concurrentsessions.scp.OutputRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recall and false positives of profile=seed and profile=strict on the labelled data set
 * ({@link LabelledDataset}), in four set-ups, printed as the tables in docs/evidence.md. The rules
 * were tuned on {@link #TUNING_SEED} only; the targets the issue set are asserted on
 * {@link #HELD_OUT_SEED}, a draw never looked at while tuning: without ASN (location only) strict
 * keeps at least 95% of AiTM sessions and drops at least 85% of the benign look-alikes the seed
 * flags; with ASN, 97% and 90%.
 */
class LabelledBenchmarkTest {
    static final long TUNING_SEED = 20240305L;
    static final long HELD_OUT_SEED = 20250611L;
    static final LabelledDataset DATA = new LabelledDataset(TUNING_SEED);

    enum Setup {
        NOTHING("no ASN, no location", false, List.of("profile=strict")),
        LOCATION("location only", true, List.of("profile=strict")),
        LOCATION_ASN("location + ASN", true, List.of("profile=strict", "asn_field=asn")),
        LOCATION_ASN_ALLOW("location + ASN + allow list", true,
                List.of("profile=strict", "asn_field=asn", "allow_cidrs=" + LabelledDataset.VPN_CIDR));

        final String label;
        final boolean location;
        final List<String> args;

        Setup(String label, boolean location, List<String> args) {
            this.label = label;
            this.location = location;
            this.args = args;
        }
    }

    /** The same sessions as Entra ID sign-in records ({@link LabelledDataset#signInEvents}): location and device from the record. */
    enum SignInSetup {
        SIGN_IN("sign-in log (location and device from the record)", List.of("profile=strict")),
        SIGN_IN_ASN("sign-in log + ASN", List.of("profile=strict", "asn_field=asn"));

        final String label;
        final List<String> args;

        SignInSetup(String label, List<String> args) {
            this.label = label;
            this.args = args;
        }
    }

    record Score(String name, LabelledDataset data, Set<String> flagged) {
        long tp() {
            return flagged.stream().filter(s -> data.sessions.get(s).kind().malicious).count();
        }

        long fp() {
            return flagged.size() - tp();
        }

        long aitm() {
            return data.sessions.values().stream().filter(s -> s.kind().malicious).count();
        }

        double recall() {
            return tp() / (double) aitm();
        }

        /** Share of the seed's benign findings this run does not report. */
        double dropped(Score seed) {
            return (seed.fp() - fp()) / (double) seed.fp();
        }

        int flagged(LabelledDataset.Kind k) {
            return (int) flagged.stream().filter(s -> data.sessions.get(s).kind() == k).count();
        }
    }

    /** The tables for one seed: seed profile first, then strict in each set-up. */
    record Report(LabelledDataset data, Score seed, Map<Setup, Score> strict, Map<SignInSetup, Score> signIn, String tables) {
    }

    static Score score(String name, LabelledDataset data, List<String> args, boolean location) throws Exception {
        return score(name, data, location ? data.events : withoutLocation(data.events), args);
    }

    static Score score(String name, LabelledDataset data, List<Map<String, List<String>>> events, List<String> args) throws Exception {
        CommandHarness h = CommandHarness.run(args, events, 5_000);
        Set<String> flagged = new HashSet<>();
        for (OutputRow r : h.rows) {
            flagged.add(r.value("SessionId"));
        }
        return new Score(name, data, flagged);
    }

    static List<Map<String, List<String>>> withoutLocation(List<Map<String, List<String>>> events) {
        List<Map<String, List<String>>> out = new ArrayList<>(events.size());
        for (Map<String, List<String>> e : events) {
            Map<String, List<String>> copy = new LinkedHashMap<>(e);
            copy.keySet().removeAll(List.of("lat", "lon", "City", "Country"));
            out.add(copy);
        }
        return out;
    }

    static Report report(long seed, String which) throws Exception {
        LabelledDataset data = seed == TUNING_SEED ? DATA : new LabelledDataset(seed);
        Score seedRun = score("profile=seed", data, List.of(), true);
        Map<Setup, Score> strict = new EnumMap<>(Setup.class);
        for (Setup s : Setup.values()) {
            strict.put(s, score("profile=strict, " + s.label, data, s.args, s.location));
        }
        Map<SignInSetup, Score> signIn = new EnumMap<>(SignInSetup.class);
        for (SignInSetup s : SignInSetup.values()) {
            signIn.put(s, score("profile=strict, " + s.label, data, data.signInEvents, s.args));
        }
        StringBuilder t = new StringBuilder("\n" + which + " seed " + seed + "\n\n| run | flagged | AiTM kept | benign flagged | "
                + "benign look-alikes dropped vs seed |\n|---|---|---|---|---|\n");
        List<Score> runs = new ArrayList<>(List.of(seedRun));
        runs.addAll(strict.values());
        runs.addAll(signIn.values());
        for (Score s : runs) {
            t.append(String.format(Locale.ROOT, "| %s | %d | %d / %d (%.1f%%) | %d | %s |%n", s.name(), s.flagged().size(), s.tp(),
                    s.aitm(), 100 * s.recall(), s.fp(), s == seedRun ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * s.dropped(seedRun))));
        }
        t.append("\n| kind | sessions | seed | strict, no ASN, no location | location only | location + ASN | location + ASN + allow list | sign-in log | sign-in log + ASN |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (LabelledDataset.Kind k : LabelledDataset.Kind.values()) {
            t.append(String.format(Locale.ROOT, "| %s | %d | %d", k, k.sessions, seedRun.flagged(k)));
            for (Score s : strict.values()) {
                t.append(" | ").append(s.flagged(k));
            }
            for (Score s : signIn.values()) {
                t.append(" | ").append(s.flagged(k));
            }
            t.append(" |\n");
        }
        t.append("\nby variant (flagged: location only / location + ASN, of sessions):\n");
        Map<String, int[]> variants = new TreeMap<>();
        for (LabelledDataset.Session s : data.sessions.values()) {
            int[] c = variants.computeIfAbsent(s.kind() + ": " + s.variant(), k -> new int[3]);
            c[0]++;
            c[1] += strict.get(Setup.LOCATION).flagged().contains(s.sessionId()) ? 1 : 0;
            c[2] += strict.get(Setup.LOCATION_ASN).flagged().contains(s.sessionId()) ? 1 : 0;
        }
        variants.forEach((k, c) -> t.append(String.format(Locale.ROOT, "  %-75s %4d / %4d of %4d%n", k, c[1], c[2], c[0])));
        return new Report(data, seedRun, strict, signIn, t.toString());
    }

    /** The data the rules were tuned on: printed for docs/evidence.md; the seed profile flags every AiTM session. */
    @Test
    void tuningSeedTables() throws Exception {
        Report r = report(TUNING_SEED, "TUNING");
        System.out.println(r.tables());
        assertEquals(r.seed().aitm(), r.seed().tp(), "the seed flags every AiTM session (two addresses)" + r.tables());
        Score allowed = r.strict().get(Setup.LOCATION_ASN_ALLOW);
        assertTrue(allowed.fp() <= r.strict().get(Setup.LOCATION_ASN).fp(), r.tables());
    }

    /** The targets, on a draw never used while tuning. */
    @Test
    void heldOutSeedMeetsTheTargets() throws Exception {
        Report r = report(HELD_OUT_SEED, "HELD-OUT");
        System.out.println(r.tables());
        Score location = r.strict().get(Setup.LOCATION);
        Score asn = r.strict().get(Setup.LOCATION_ASN);
        assertEquals(r.seed().aitm(), r.seed().tp(), r.tables());
        assertTrue(location.recall() >= 0.95, "location only: AiTM kept " + location.recall() + r.tables());
        assertTrue(location.dropped(r.seed()) >= 0.85, "location only: benign dropped " + location.dropped(r.seed()) + r.tables());
        assertTrue(asn.recall() >= 0.97, "location + ASN: AiTM kept " + asn.recall() + r.tables());
        assertTrue(asn.dropped(r.seed()) >= 0.90, "location + ASN: benign dropped " + asn.dropped(r.seed()) + r.tables());
    }

    /**
     * Issue 17: the same sessions as sign-in records. Held-out (seed 20250611, run once after the
     * variant was written): 255 / 260 kept (98.1%), 92.1% of the benign look-alikes dropped; the
     * device on every record never costs an AiTM session that the audit log's events find.
     */
    @Test
    void signInLogVariantOnTheHeldOutSeed() throws Exception {
        Report r = report(HELD_OUT_SEED, "HELD-OUT");
        Score signIn = r.signIn().get(SignInSetup.SIGN_IN);
        Score location = r.strict().get(Setup.LOCATION);
        assertTrue(signIn.recall() >= 0.97, "sign-in log: AiTM kept " + signIn.recall() + r.tables());
        assertTrue(signIn.dropped(r.seed()) >= 0.90, "sign-in log: benign dropped " + signIn.dropped(r.seed()) + r.tables());
        assertTrue(signIn.flagged().containsAll(location.flagged().stream().filter(s -> r.data().sessions.get(s).kind().malicious).toList()),
                "every AiTM session the audit-log events find, the sign-in records find" + r.tables());
    }
}
