package io.concurrentsessions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.concurrentsessions.Fixtures;
import io.concurrentsessions.command.Option;
import io.concurrentsessions.ual.SignInRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner as a responder runs it: arguments in, exit code and text out. */
class ScanCommandTest {
    static final Path SAMPLE = Path.of("samples", "ual-sample.jsonl");
    static final String LIDIA_SID = "db92d65a-243a-444d-bb11-19b1c382295a";
    static final String PRADEEP_SID = "6154fe34-cf6a-4165-9898-332ba033da40";
    static final String DIEGO_SID = "3f8f8f80-41ca-4a5a-93cb-72bf46013256";

    static Path fixture(String name) {
        return Fixtures.fixture("ual/" + name);
    }

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        JsonArray json() {
            return JsonParser.parseString(out).getAsJsonArray();
        }
    }

    static Result scan(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScanCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<String> sessionIds(JsonArray rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getAsJsonObject().get("SessionId").getAsString()));
        return ids;
    }

    // ---- the committed sample and its documented findings

    @Test
    void sampleTableShowsTheTwoAitmSessionsAndTheRoamingUser() {
        Result r = scan(SAMPLE.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Session 1 of 3: 2 IP addresses\n"), r.out());
        assertTrue(r.out().contains("  user                    lidia.holloway@contoso.onmicrosoft.com\n"), r.out());
        assertTrue(r.out().contains("  firstTime               2024-03-05 09:12:05 UTC\n"), r.out());
        // One line per address: when, how often, which network, which client (the proxy joined 4.5 minutes in).
        assertTrue(r.out().contains("  addresses               192.0.2.66  2024-03-05 09:16:36 UTC to 2024-03-05 10:06:02 UTC"
                + "  4 events  192.0.2.0/24  HeadlessChrome 121 on Linux (bot)\n"
                + "                          203.0.113.19  2024-03-05 09:12:05 UTC to"), r.out());
        assertTrue(r.out().contains("  addresses               198.51.100.20  2024-03-05 14:03:41 UTC"), r.out());
        assertTrue(r.out().contains("\n                          2001:db8:bad::66  2024-03-05 14:06:21 UTC"), r.out());
        assertFalse(r.out().contains("ip_first_seen"), "the parallel columns are folded into the address lines");
        assertTrue(r.err().contains("1 file, 286 records, 269 matched Workload=AzureActiveDirectory Operation in (NonInteractiveUserSignInLogs, SignInLogs, UserLoggedIn), 43 sessions"),
                r.err());
        assertTrue(r.err().endsWith("3 sessions used from at least 2 IP addresses\n"), r.err());
    }

    @Test
    void sampleJsonHasTheSearchCommandsFieldsArraysAndEpochNumbers() {
        Result r = scan("--format", "json", SAMPLE.toString());
        JsonArray rows = r.json();
        assertEquals(List.of(DIEGO_SID, LIDIA_SID, PRADEEP_SID), sessionIds(rows));
        JsonObject lidia = rows.get(1).getAsJsonObject();
        assertEquals(List.of("Operation", "user", "SessionId", "firstTime", "lastTime", "ips", "user_agents",
                "risk_score", "risk_object", "risk_object_type", "risk_message", "mitre_technique_id"),
                new ArrayList<>(lidia.keySet()).subList(0, 12)); // evidence columns follow (EVIDENCE_CONTRACT.md)
        assertEquals(1709629925L, lidia.get("firstTime").getAsJsonPrimitive().getAsLong()); // 2024-03-05T09:12:05Z
        assertTrue(lidia.get("firstTime").getAsJsonPrimitive().isNumber());
        assertEquals("[\"192.0.2.66\",\"203.0.113.19\"]", lidia.get("ips").toString());
        assertEquals(2, lidia.getAsJsonArray("user_agents").size());
        assertEquals(42, lidia.get("risk_score").getAsInt());
        assertEquals("T1185", lidia.get("mitre_technique_id").getAsString());
        // The evidence columns are typed too: parallel arrays of numbers, counts, booleans.
        assertEquals(2, lidia.getAsJsonArray("ip_first_seen").size());
        assertTrue(lidia.getAsJsonArray("ip_event_count").get(0).getAsJsonPrimitive().isNumber());
        assertTrue(lidia.get("network_count").getAsJsonPrimitive().isNumber());
        assertTrue(lidia.get("concurrent").getAsJsonPrimitive().isBoolean());
        assertTrue(lidia.get("concurrent").getAsBoolean(), "victim and proxy interleave");
        assertTrue(lidia.get("reasons").isJsonArray());
    }

    @Test
    void sampleCsvIsOneRowPerSessionWithUtcCtimes() throws IOException {
        Result r = scan("--format=csv", SAMPLE.toString());
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(r.out())) {
            List<NamedCsvRecord> rows = csv.stream().toList();
            assertEquals(3, rows.size());
            NamedCsvRecord pradeep = rows.get(2);
            assertEquals(PRADEEP_SID, pradeep.getField("SessionId"));
            assertEquals("2024-03-05T14:03:41", pradeep.getField("firstTime"));
            assertEquals("198.51.100.20\n2001:db8:bad::66", pradeep.getField("ips"));
        }
    }

    @Test
    void addressNormalisationIsWhatKeepsPortsFromBecomingFindings() {
        Result raw = scan("--raw-ips", "--format", "json", SAMPLE.toString());
        assertEquals(24, raw.json().size());
        assertTrue(raw.out().contains("\"198.51.100.20:"), "raw ports are counted as addresses");
        // The scanner's default is the engine's normalize_ips; the search command's option says the same.
        assertEquals(24, scan("--normalize-ips", "false", "--format", "json", SAMPLE.toString()).json().size());
        assertEquals(3, scan("--raw-ips", "--normalize-ips", "true", "--format", "json", SAMPLE.toString()).json().size());
    }

    @Test
    void failOnFindingsHasItsOwnExitCode() {
        assertEquals(ScanCommand.EXIT_FINDINGS, scan("--fail-on-findings", SAMPLE.toString()).exit());
        Result none = scan("--fail-on-findings", fixture("purview-export-mfa-sweep.csv").toString());
        assertEquals(0, none.exit(), none.err());
        assertEquals("No session was used from more than one IP address.\n", none.out());
    }

    @Test
    void searchCommandOptionsPassThrough() {
        assertEquals(0, scan("--min-ips", "3", "--format", "json", SAMPLE.toString()).json().size());
        // min_ips=1 is hunting mode: every session of the real Purview export, each with its single address.
        JsonArray all = scan("--min-ips=1", "--format", "json", fixture("purview-export-mfa-sweep.csv").toString()).json();
        assertEquals(8, all.size());
        all.forEach(row -> assertEquals(1, row.getAsJsonObject().getAsJsonArray("ips").size()));
        assertEquals(9, scan("--max-sessions", "9", "--min-ips", "1", "--format", "json",
                fixture("purview-export-mfa-sweep.csv").toString(), fixture("ual-o365spray.json").toString())
                .json().size());
    }

    @Test
    void operationAndWorkloadFilters() {
        // Failed sign-ins carry no SessionId: stats drops them, so no findings even when kept.
        Result failed = scan("--operation", "UserLoginFailed", "--min-ips", "1", "--format", "json",
                fixture("ual-o365spray.json").toString());
        assertEquals(0, failed.json().size());
        assertTrue(failed.err().contains("12 matched Workload=AzureActiveDirectory Operation=UserLoginFailed"), failed.err());
        assertTrue(failed.err().contains("(12 events without Operation, user or SessionId)"), failed.err());
        Result every = scan("--all-operations", "--all-workloads", SAMPLE.toString());
        assertTrue(every.err().contains("286 records, 286 matched every record"), every.err());
        Result sharepoint = scan("--workload", "sharepoint", "--all-operations", SAMPLE.toString());
        assertTrue(sharepoint.err().contains("9 matched Workload=sharepoint"), sharepoint.err());
    }

    @Test
    void usageErrorsExitTwo() {
        for (String[] args : List.of(new String[] {}, new String[] {"--min-ips", "zero", "x.json"},
                new String[] {"--phase", "map", "x.json"}, new String[] {"--bogus", "1", "x.json"},
                new String[] {"--format", "xml", "x.json"}, new String[] {"x.json", "--min-ips"})) {
            Result r = scan(args);
            assertEquals(ScanCommand.EXIT_USAGE, r.exit(), String.join(" ", args));
            assertTrue(r.err().startsWith("scan: "), r.err());
            assertEquals("", r.out());
        }
        assertTrue(scan("--min-ips", "zero", "x.json").err().contains("invalid value \"zero\" for option min_ips"));
        assertTrue(scan("--bogus", "1", "x.json").err().contains("unknown option --bogus"));
    }

    @Test
    void helpDocumentsEverySearchCommandOptionAndTheExitCodes() {
        Result r = scan("--help");
        assertEquals(0, r.exit());
        for (Option o : Option.values()) {
            assertEquals(o.isPublic(), r.out().contains("--" + o.optionName().replace('_', '-') + " "), o.optionName());
        }
        assertTrue(r.out().contains("3  --fail-on-findings and at least one session was flagged"));
    }

    @Test
    void unreadableInputExitsOneNamingTheFile() throws IOException {
        Result missing = scan(SAMPLE.toString(), dir.resolve("nope.json").toString());
        assertEquals(ScanCommand.EXIT_UNREADABLE, missing.exit());
        assertTrue(missing.err().startsWith("scan: " + dir.resolve("nope.json") + ": no such file\n"), missing.err());
        assertEquals("", missing.out());

        byte[] gz = gzip(Files.readAllBytes(SAMPLE));
        Path cut = dir.resolve("cut.jsonl.gz");
        Files.write(cut, java.util.Arrays.copyOf(gz, gz.length / 2));
        Result truncated = scan(cut.toString());
        assertEquals(ScanCommand.EXIT_UNREADABLE, truncated.exit());
        assertTrue(truncated.err().startsWith("scan: " + cut + ": line "), truncated.err());
    }

    @Test
    void malformedRecordsAreReportedWithFileAndLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, new SignInRecord().line() + "\n{oops\n" + new SignInRecord().line() + "\n");
        Result r = scan(file.toString());
        assertEquals(0, r.exit());
        assertTrue(r.err().startsWith("scan: warning: " + file + ": 1 malformed record skipped (line 2: not a JSON record"),
                r.err());
        assertTrue(r.err().contains("2 records, 2 matched"), r.err());
    }

    @Test
    void everyExportFormatOfTheSampleGivesTheSameFindings() throws IOException {
        List<String> lines = Files.readAllLines(SAMPLE);
        Path array = dir.resolve("sample-array.json.gz");
        Files.write(array, gzip(("[\n  " + String.join(",\n  ", lines) + "\n]\n").getBytes(StandardCharsets.UTF_8)));
        Path purview = dir.resolve("sample-purview.csv");
        try (Writer w = Files.newBufferedWriter(purview); CsvWriter csv = CsvWriter.builder().build(w)) {
            csv.writeRecord("CreationDate", "UserIds", "Operations", "AuditData");
            for (String line : lines) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                csv.writeRecord(o.get("CreationTime").getAsString(), o.get("UserId").getAsString(),
                        o.get("Operation").getAsString(), line);
            }
        }
        String expected = scan("--format", "json", SAMPLE.toString()).out();
        assertEquals(expected, scan("--format", "json", array.toString()).out());
        assertEquals(expected, scan("--format", "json", purview.toString()).out());
        // The same records split over two files are one search.
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        Files.write(first, lines.subList(0, 140));
        Files.write(second, lines.subList(140, lines.size()));
        assertEquals(expected, scan("--format", "json", first.toString(), second.toString()).out());
    }

    @Test
    void splunkCsvExportOfTheSameSessionsIsScannedToo() throws IOException {
        Path file = dir.resolve("splunk.csv");
        try (Writer w = Files.newBufferedWriter(file); CsvWriter csv = CsvWriter.builder().build(w)) {
            csv.writeRecord("_time", "src_ip", "user", "SessionId", "Operation", "Workload", "user_agent");
            csv.writeRecord("2024-03-05T09:12:05.000+00:00", "203.0.113.19", "v@contoso.com", "s1", "UserLoggedIn", "AzureActiveDirectory", "UA");
            csv.writeRecord("1709630000", "192.0.2.66:443", "v@contoso.com", "s1", "UserLoggedIn", "AzureActiveDirectory", "Evil\nUA");
        }
        JsonArray rows = scan("--format", "json", file.toString()).json();
        assertEquals(1, rows.size());
        JsonObject row = rows.get(0).getAsJsonObject();
        assertEquals("[\"192.0.2.66\",\"203.0.113.19\"]", row.get("ips").toString());
        assertEquals("[\"Evil\",\"UA\"]", row.get("user_agents").toString());
        assertEquals(1709629925L, row.get("firstTime").getAsLong());
        assertEquals(1709630000L, row.get("lastTime").getAsLong());
    }

    @Test
    void recordWithEveryProblematicField() throws IOException {
        String ua = "Odd \"agent\", with comma\nsecond line Ünïcødé 日本";
        Path file = dir.resolve("odd.jsonl");
        Files.write(file, List.of(
                new SignInRecord().at(1000).sessionId("s").clientIp("[2001:DB8::0001]:443").userAgent(ua).line(),
                new SignInRecord().at(1001).sessionId("s").clientIp("2001:db8:0:0::1").line(),
                new SignInRecord().at(1002).sessionId("s").clientIp("::ffff:192.0.2.9").line(),
                new SignInRecord().at(1003).sessionId("s").clientIp("192.0.2.9:5678").line(),
                new SignInRecord().at(1004).withoutDeviceProperties().clientIp("198.51.100.99").line()));
        JsonObject row = scan("--format", "json", file.toString()).json().get(0).getAsJsonObject();
        assertEquals("[\"192.0.2.9\",\"2001:db8::1\"]", row.get("ips").toString());
        // Sorted by code point: the default browser's "Mozilla..." before "Odd...".
        assertEquals(new SignInRecord().json().getAsJsonArray("ExtendedProperties").get(1).getAsJsonObject()
                .get("Value").getAsString(), row.getAsJsonArray("user_agents").get(0).getAsString());
        assertEquals(ua, row.getAsJsonArray("user_agents").get(1).getAsString());
        assertEquals(1000, row.get("firstTime").getAsLong());
        assertEquals(1003, row.get("lastTime").getAsLong());

        Result table = scan(file.toString());
        assertTrue(table.out().contains("Odd \"agent\", with comma\\nsecond line Ünïcødé 日本\n"), table.out());
        assertTrue(table.err().contains("5 records, 5 matched"), table.err());
        assertTrue(table.err().contains("(1 event"), table.err());
    }

    @Test
    void outputFileGetsTheFindings() throws IOException {
        Path out = dir.resolve("findings.json");
        Result r = scan("--format", "json", "-o", out.toString(), SAMPLE.toString());
        assertEquals(0, r.exit());
        assertEquals("", r.out());
        assertEquals(3, JsonParser.parseString(Files.readString(out)).getAsJsonArray().size());
        assertTrue(r.err().contains("written to " + out), r.err());
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(bytes);
        }
        return b.toByteArray();
    }
}
