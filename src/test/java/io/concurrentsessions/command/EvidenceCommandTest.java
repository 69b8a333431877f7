package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.SearchInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.concurrentsessions.command.CommandHarness.plain;
import static io.concurrentsessions.command.Events.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evidence options through the command: validation, allow lists, the address cap, and splits. */
class EvidenceCommandTest {
    private static final List<Map<String, List<String>>> LABELLED = LabelledBenchmarkTest.DATA.events.subList(0, 2_500);

    private static String error(String... args) {
        return assertThrows(CommandException.class, () -> CommandOptions.parse(List.of(args), null)).getMessage();
    }

    @Test
    void badValuesGiveClearGetinfoErrors() {
        assertTrue(error("profile=lenient").contains("invalid value \"lenient\" for option profile: expected one of seed, strict"));
        assertTrue(error("ipv4_prefix=33").contains("expected a whole number from 0 to 32"));
        assertTrue(error("ipv6_prefix=-1").contains("expected a whole number from 0 to 128"));
        assertTrue(error("normalize_ips=maybe").contains("expected true or false"));
        assertTrue(error("max_ips_per_session=1").contains("from 2 to 100000"));
        assertTrue(error("allow_cidrs=10.0.0.0/8,10.0.0.0/40").contains("\"10.0.0.0/40\" is not a CIDR"));
        assertTrue(error("risk_scoring=high").contains("expected one of seed, evidence"));
        assertTrue(error("min_ips=5", "max_ips_per_session=3").contains("max_ips_per_session=3 is below min_ips=5"));
        assertTrue(error("allow_cidrs_lookup=egress.csv").contains("the app's folder is unknown"));
    }

    @Test
    void strictTurnsOnNormalisationAndEvidenceScoringUnlessOverridden() throws CommandException {
        CommandOptions strict = CommandOptions.parse(List.of("profile=strict"), null);
        assertTrue(strict.normalizeIps() && strict.evidenceScoring() && strict.strict());
        CommandOptions raw = CommandOptions.parse(List.of("profile=strict", "normalize_ips=false", "risk_scoring=seed"), null);
        assertTrue(!raw.normalizeIps() && !raw.evidenceScoring());
        assertEquals(List.of("_time", "Operation", "user", "SessionId", "src_ip", "user_agent", "lat", "lon", "City", "Country",
                "device_id", "device_managed", "device_trust_type", "log",
                "asn", "concurrentsessions_state"), CommandOptions.parse(List.of("asn_field=asn"), null).requiredFields());
    }

    @Test
    void allowCidrsRemovesAddressesBeforeCountingAndSaysSo() throws Exception {
        List<Map<String, List<String>>> events = List.of(
                login("1", "u", "s1", "198.18.0.5", "a"),      // VPN only: not grouped
                login("2", "u", "s1", "203.0.113.9", "a"),
                login("3", "u", "s2", "::ffff:198.18.7.7", "a"), // VPN, IPv4-mapped
                login("4", "u", "s2", "203.0.113.9", "a"),
                login("5", "u", "s2", "192.0.2.1", "a"));
        CommandHarness seed = CommandHarness.run(List.of(), events);
        assertEquals(2, seed.rows.size());
        CommandHarness allowed = CommandHarness.run(List.of("allow_cidrs=198.18.0.0/15"), events);
        assertEquals(1, allowed.rows.size());
        assertEquals(List.of("192.0.2.1", "203.0.113.9"), allowed.rows.get(0).values("ips"));
        assertEquals("4", allowed.rows.get(0).value("firstTime"));
        String info = allowed.messages.stream().filter(m -> m.startsWith("INFO")).findFirst().orElseThrow();
        assertTrue(info.contains("allow_cidrs (1 ranges) removed 2 addresses; 2 events had only allowed addresses and were not grouped"), info);
    }

    @Test
    void allowCidrsLookupReadsOnlyFromTheAppsFolderAndGoesInlineToTheIndexers(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("lookups"));
        Files.writeString(app.resolve("lookups/egress.csv"), "name,cidr\nvpn,198.18.0.0/15\n\"hq\",\"2001:db8:c0::/48\"\n");
        Files.writeString(app.resolve("lookups/broken.csv"), "cidr\n10.0.0.0/8\nnot-a-cidr\n");
        Files.writeString(app.resolve("lookups/nocolumn.csv"), "range\n10.0.0.0/8\n");
        Path outside = Files.createTempFile("outside", ".csv");
        Files.writeString(outside, "cidr\n10.0.0.0/8\n");
        CommandOptions o = CommandOptions.parse(List.of("allow_cidrs_lookup=egress", "allow_cidrs=192.0.2.0/24"), app);
        assertTrue(o.allowed().contains("198.19.1.1") && o.allowed().contains("2001:db8:c0::1") && o.allowed().contains("192.0.2.1"));
        assertEquals("concurrentsessions phase=map allow_cidrs=\"192.0.2.0/24,198.18.0.0/15,2001:db8:c0::/48\"", o.mapPreop());
        assertTrue(CommandOptions.parse(List.of("allow_cidrs_lookup=" + app.resolve("lookups/egress.csv")), app).allowed().size() == 2);
        String[] refused = {"allow_cidrs_lookup=../../" + outside.getFileName(), "allow_cidrs_lookup=" + outside};
        for (String a : refused) {
            String m = assertThrows(CommandException.class, () -> CommandOptions.parse(List.of(a), app)).getMessage();
            assertTrue(m.contains("outside the app's folder") || m.contains("no such lookup file"), m);
        }
        assertTrue(assertThrows(CommandException.class, () -> CommandOptions.parse(List.of("allow_cidrs_lookup=missing.csv"), app))
                .getMessage().contains("no such lookup file " + app.toRealPath().resolve("lookups/missing.csv")));
        assertTrue(assertThrows(CommandException.class, () -> CommandOptions.parse(List.of("allow_cidrs_lookup=broken.csv"), app))
                .getMessage().contains("line 3: \"not-a-cidr\" is not a CIDR"));
        assertTrue(assertThrows(CommandException.class, () -> CommandOptions.parse(List.of("allow_cidrs_lookup=nocolumn.csv"), app))
                .getMessage().contains("has no cidr column"));
        CommandHarness h = new CommandHarness();
        String getinfoError = assertThrows(CommandException.class, () -> new ConcurrentSessionsCommand(app)
                .getinfo(SearchInfo.builder().args(List.of("allow_cidrs_lookup=missing")).build(), h)).getMessage();
        assertTrue(getinfoError.startsWith("concurrentsessions: allow_cidrs_lookup=missing: no such lookup file"), getinfoError);
    }

    @Test
    void theAddressCapWarnsNamingCapSessionsAndHowToRaiseItAndStillReports() throws Exception {
        List<Map<String, List<String>>> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(login(Integer.toString(i), "mallory@x.com", "flood", "10.0." + i + ".1", "a"));
        }
        events.add(login("1", "bob@x.com", "fine", "10.9.9.1", "a"));
        events.add(login("2", "bob@x.com", "fine", "10.9.9.2", "a"));
        CommandHarness h = CommandHarness.run(List.of("max_ips_per_session=5"), events, 7);
        assertEquals(2, h.rows.size());
        OutputRow flood = h.rows.get(1);
        assertEquals(List.of("10.0.0.1", "10.0.1.1", "10.0.10.1", "10.0.11.1", "10.0.12.1"), flood.values("ips"));
        assertTrue(flood.values("reasons").contains("address cap reached: 25 sightings of further addresses not kept"), flood.values("reasons").toString());
        List<String> warns = h.messages.stream().filter(m -> m.startsWith("WARN")).toList();
        assertEquals(1, warns.size(), h.messages::toString);
        assertTrue(warns.get(0).contains("max_ips_per_session=5 reached in 1 session (mallory@x.com flood)")
                && warns.get(0).contains("Raise the cap with max_ips_per_session=<n>"), warns.get(0));
    }

    @Test
    void normalisationCountsOneClientOnceAndStrictReportsOnlyEvidencedSessions() throws Exception {
        List<Map<String, List<String>>> events = List.of(
                login("1", "u", "s", "192.0.2.1:5000", "a"), login("2", "u", "s", "::ffff:192.0.2.1", "a"),
                login("3", "u", "s", "[2001:DB8::1]:443", "a"), login("4", "u", "s", "2001:db8:0::1", "a"));
        assertEquals(List.of("192.0.2.1:5000", "2001:db8:0::1", "::ffff:192.0.2.1", "[2001:DB8::1]:443"),
                CommandHarness.run(List.of(), events).rows.get(0).values("ips"));
        CommandHarness n = CommandHarness.run(List.of("normalize_ips=true"), events);
        assertEquals(List.of("192.0.2.1", "2001:db8::1"), n.rows.get(0).values("ips"));
        assertEquals(List.of("192.0.2.0/24", "2001:db8::/64"), n.rows.get(0).values("ip_network"));
        CommandHarness strict = CommandHarness.run(List.of("profile=strict"), events);
        assertEquals(0, strict.rows.size(), "sequential, no location: not strict evidence");
        assertTrue(strict.messages.get(0).contains("profile=strict left out 1 sessions"), strict.messages.toString());
    }

    @Test
    void strictAllowCidrsAndEvidenceMergeIdenticallyAcrossAnySplit() throws Exception {
        List<String> args = List.of("profile=strict", "asn_field=asn", "allow_cidrs=" + LabelledDataset.VPN_CIDR, "max_ips_per_session=3");
        List<Map<String, List<String>>> whole = plain(CommandHarness.run(args, LABELLED).rows);
        assertTrue(whole.size() > 50, "strict findings: " + whole.size());
        assertTrue(whole.stream().allMatch(r -> r.get("profile").equals(List.of("strict"))));
        Random r = new Random(17);
        List<String> mapArgs = new ArrayList<>(List.of("phase=map"));
        mapArgs.addAll(CommandOptions.parse(args, null).mapPreop().lines().flatMap(l -> List.of(l.split(" ")).stream())
                .filter(t -> t.contains("=") && !t.startsWith("phase=")).map(t -> t.replace("\"", "")).toList());
        for (int round = 0; round < 6; round++) {
            int peers = 1 + r.nextInt(4);
            List<List<Map<String, List<String>>>> split = new ArrayList<>();
            for (int p = 0; p < peers; p++) {
                split.add(new ArrayList<>());
            }
            List<Map<String, List<String>>> reduceInput = new ArrayList<>();
            for (Map<String, List<String>> e : LABELLED) {
                int p = r.nextInt(peers + 1);
                (p == peers ? reduceInput : split.get(p)).add(e);
            }
            for (List<Map<String, List<String>>> peer : split) {
                List<String> a = new ArrayList<>(mapArgs);
                if (r.nextBoolean()) {
                    a.add("max_sessions=" + (5 + r.nextInt(50)));
                }
                for (OutputRow row : CommandHarness.run(a, peer, 1 + r.nextInt(400)).rows) {
                    reduceInput.add(CommandHarness.asInput(row));
                }
            }
            Collections.shuffle(reduceInput, r);
            assertEquals(whole, plain(CommandHarness.run(args, reduceInput, 1 + r.nextInt(500)).rows), "round " + round);
        }
    }
}
