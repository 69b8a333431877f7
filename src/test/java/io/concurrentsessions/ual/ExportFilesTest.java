package io.concurrentsessions.ual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import io.concurrentsessions.Fixtures;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFilesTest {
    @TempDir
    Path dir;

    /** Every event of a file, checking the report agrees. */
    static List<AuditEvent> readAll(Path file) throws IOException {
        try (ExportReader reader = ExportFiles.open(file)) {
            List<AuditEvent> events = new ArrayList<>();
            for (AuditEvent e; (e = reader.next()) != null; ) {
                events.add(e);
            }
            assertEquals(events.size(), reader.report().events());
            return events;
        }
    }

    static ExportReport reportOf(Path file) throws IOException {
        try (ExportReader reader = ExportFiles.open(file)) {
            while (reader.next() != null) {
                // drain
            }
            return reader.report();
        }
    }

    // ---- the real exports in shared/fixtures/ual

    @Test
    void purviewExportReadsTheRecordInAuditData() throws IOException {
        Path file = Fixtures.fixture("ual/purview-export-mfa-sweep.csv");
        List<AuditEvent> events = readAll(file);
        assertEquals(8, events.size());
        assertEquals(ExportFormat.PURVIEW_CSV, reportOf(file).format());
        AuditEvent first = events.get(0);
        assertEquals("line 2", first.position());
        assertEquals(List.of("1687089767"), first.values("_time")); // 2023-06-18T12:02:47Z
        assertEquals(List.of("104.28.196.199"), first.values("src_ip"));
        assertEquals(List.of("Lidia@contoso.onmicrosoft.com"), first.values("user"));
        assertEquals(List.of("31bbdbf0-dc1e-4a35-a2fb-610b34f83f02"), first.values("SessionId"));
        assertEquals(List.of("Mozilla/5.0 (X11; Ubuntu; Linux i686; rv:24.0) Gecko/20100101 Firefox/24.0"),
                first.values("user_agent"));
        assertEquals(List.of("UserLoggedIn"), first.values("Operation"));
        assertEquals(List.of("AzureActiveDirectory"), first.values("Workload"));
        // The same user also signed in over IPv6 earlier (record 7 of the export).
        assertEquals(List.of("2a09:bac5:117:105::1a:de"), events.get(6).values("src_ip"));
        assertEquals(List.of("1687088937"), events.get(6).values("_time")); // 11:48:57
    }

    @Test
    void everyFixtureIsReadWithoutLosingARecord() throws IOException {
        assertEquals(2, readAll(Fixtures.fixture("ual/purview-export-azurehound.csv")).size());
        assertEquals(9, readAll(Fixtures.fixture("ual/purview-export-msolspray.csv")).size());
        assertEquals(0, reportOf(Fixtures.fixture("ual/purview-export-msolspray.csv")).malformed());
        List<AuditEvent> spray = readAll(Fixtures.fixture("ual/ual-o365spray.json"));
        assertEquals(14, spray.size());
        assertEquals(ExportFormat.JSON_LINES, reportOf(Fixtures.fixture("ual/ual-o365spray.json")).format());
        assertEquals(9, readAll(Fixtures.fixture("ual/ual-msolspray.json")).size());
        // Failed sign-ins carry no SessionId; the one success does.
        AuditEvent success = spray.get(1);
        assertEquals(List.of("UserLoggedIn"), success.values("Operation"));
        assertEquals(List.of("Henrietta@contoso.onmicrosoft.com"), success.values("user"));
        assertEquals(List.of("7cf18d3a-5bd6-4236-b966-ae2138f12851"), success.values("SessionId"));
        assertEquals(List.of(), spray.get(0).values("SessionId"));
        // user comes from the Actor of Type 5, not the mangled UserId of this record.
        assertEquals(List.of("Lynne@contoso.onmicrosoft.com"), spray.get(9).values("user"));
    }

    @Test
    void gzippedFixtureIsDetectedByItsBytesNotItsName() throws IOException {
        Path gz = dir.resolve("export.csv"); // misleading name on purpose
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Fixtures.fixture("ual/ual-o365spray.json")));
        }
        List<AuditEvent> events = readAll(gz);
        assertEquals(14, events.size());
        assertEquals(ExportFormat.JSON_LINES, reportOf(gz).format());
        assertEquals(List.of("7cf18d3a-5bd6-4236-b966-ae2138f12851"), events.get(1).values("SessionId"));
    }

    // ---- generated exports with known answers

    @Test
    void prettyPrintedJsonArrayStreams() throws IOException {
        JsonArray array = new JsonArray();
        array.add(new SignInRecord().at(100).sessionId("a").clientIp("192.0.2.1").json());
        array.add(new SignInRecord().at(200).sessionId("b").clientIp("192.0.2.2").json());
        Path file = write("export.txt", new GsonBuilder().setPrettyPrinting().create().toJson(array));
        List<AuditEvent> events = readAll(file);
        assertEquals(ExportFormat.JSON_DOCUMENT, reportOf(file).format());
        assertEquals(List.of("a", "b"), events.stream().map(e -> e.values("SessionId").get(0)).toList());
        assertEquals("record 2", events.get(1).position());
        assertEquals(List.of("200"), events.get(1).values("_time"));
    }

    @Test
    void prettyPrintedObjectsOneAfterAnotherAndSeveralArrays() throws IOException {
        var gson = new GsonBuilder().setPrettyPrinting().create();
        String objects = gson.toJson(new SignInRecord().sessionId("x").json()) + "\n"
                + gson.toJson(new SignInRecord().sessionId("y").json());
        assertEquals(List.of("x", "y"), readAll(write("objects.json", objects)).stream()
                .map(e -> e.values("SessionId").get(0)).toList());

        String pages = "[" + new SignInRecord().sessionId("p1").line() + "]\n[" + new SignInRecord().sessionId("p2").line() + "]";
        assertEquals(List.of("p1", "p2"), readAll(write("pages.json", pages)).stream()
                .map(e -> e.values("SessionId").get(0)).toList());
    }

    @Test
    void jsonArrayRecordsThatAreNotRecordsAreCountedNotDropped() throws IOException {
        String text = "[" + new SignInRecord().sessionId("ok").line() + ", 42, {\"Operation\":\"UserLoggedIn\"}]";
        Path file = write("array.json", text);
        assertEquals(1, readAll(file).size());
        ExportReport report = reportOf(file);
        assertEquals(2, report.malformed());
        assertEquals(List.of("record 2: a JSON number where a record object belongs", "record 3: no CreationTime"),
                report.examples());
    }

    @Test
    void brokenJsonArrayStopsWithFileAndPosition() throws IOException {
        Path file = write("cut.json", "[" + new SignInRecord().line() + ",\n" + new SignInRecord().line().substring(0, 50));
        UnreadableExportException e = assertThrows(UnreadableExportException.class, () -> readAll(file));
        assertTrue(e.getMessage().startsWith(file + ": record 2: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void badJsonLinesAreCountedWithTheirLineAndTheRestIsRead() throws IOException {
        String text = String.join("\r\n",
                new SignInRecord().sessionId("s1").line(),
                "{\"CreationTime\": \"2023-06-18T12:02:47\", \"Operation\": ",
                "",
                "{\"Operation\":\"UserLoggedIn\",\"Workload\":\"AzureActiveDirectory\"}",
                new SignInRecord().sessionId("s2").line(),
                "{\"CreationTime\":\"not a time\"}");
        Path file = write("lines.jsonl", text);
        List<AuditEvent> events = readAll(file);
        assertEquals(List.of("line 1", "line 5"), events.stream().map(AuditEvent::position).toList());
        ExportReport report = reportOf(file);
        assertEquals(3, report.malformed());
        assertTrue(report.examples().get(0).startsWith("line 2: not a JSON record"), report.examples().get(0));
        assertEquals("line 4: no CreationTime", report.examples().get(1));
        assertEquals("line 6: CreationTime \"not a time\" is not a date and time", report.examples().get(2));
    }

    @Test
    void purviewCsvWithEveryProblematicField() throws IOException {
        String ua = "Odd \"agent\", with comma\nand newline, Ünïcødé 日本";
        List<String[]> rows = List.of(
                // JSON whitespace may be a line break: the cell then spans two lines of the file.
                purviewRow(new SignInRecord().at(1000).sessionId("s").clientIp("[2001:DB8::1]:443").userAgent(ua).line()
                        .replaceFirst("\\{", "{\n")),
                purviewRow(new SignInRecord().at(1001).withoutDeviceProperties().clientIp("1.2.3.4:5678").line()),
                purviewRow("{not json"),
                purviewRow(new SignInRecord().at(1002).sessionId("s").line()));
        Path file = dir.resolve("purview.csv");
        Files.write(file, bom(csv(PURVIEW_HEADER, rows)));
        List<AuditEvent> events = readAll(file);
        assertEquals(3, events.size());
        assertEquals(List.of("[2001:DB8::1]:443"), events.get(0).values("src_ip"));
        assertEquals(List.of(ua), events.get(0).values("user_agent"));
        assertEquals(List.of(), events.get(1).values("SessionId"));
        // Row 1 spans lines 2-3: the next records start on lines 4, 5 and 6.
        assertEquals(List.of("line 2", "line 4", "line 6"), events.stream().map(AuditEvent::position).toList());
        ExportReport report = reportOf(file);
        assertEquals(1, report.malformed());
        assertTrue(report.examples().get(0).startsWith("line 5: AuditData not a JSON record"), report.examples().get(0));
    }

    @Test
    void csvRowWithTheWrongNumberOfColumnsIsCounted() throws IOException {
        String text = String.join("\n", "\"CreationDate\",\"AuditData\"", "\"x\"",
                "\"x\",\"" + new SignInRecord().line().replace("\"", "\"\"") + "\"");
        Path file = write("short.csv", text);
        assertEquals(1, readAll(file).size());
        assertEquals(List.of("line 2: 1 columns where the header has 2"), reportOf(file).examples());
    }

    @Test
    void splunkCsvExportKeepsFieldsAndSplitsMultivalueCells() throws IOException {
        String[] header = {"_time", "src_ip", "user", "SessionId", "Operation", "Workload", "user_agent"};
        List<String[]> rows = List.of(
                new String[] {"2023-06-18T12:02:47.000+00:00", "1.2.3.4", "a@contoso.com", "s1", "UserLoggedIn", "AzureActiveDirectory", "UA one\nUA two"},
                new String[] {"1687089770.250", "5.6.7.8\n9.9.9.9", "a@contoso.com", "s1", "UserLoggedIn", "AzureActiveDirectory", ""},
                new String[] {"2023-06-18T14:02:47+0200", "", "", "", "UserLoggedIn", "", ""},
                new String[] {"last tuesday", "1.1.1.1", "b@contoso.com", "s2", "UserLoggedIn", "AzureActiveDirectory", ""});
        Path file = dir.resolve("splunk.csv");
        Files.write(file, csv(header, rows));
        List<AuditEvent> events = readAll(file);
        assertEquals(ExportFormat.SPLUNK_CSV, reportOf(file).format());
        assertEquals(3, events.size());
        assertEquals(List.of("1687089767"), events.get(0).values("_time"));
        assertEquals(List.of("UA one", "UA two"), events.get(0).values("user_agent"));
        assertEquals(List.of("1687089770.25"), events.get(1).values("_time"));
        assertEquals(List.of("5.6.7.8", "9.9.9.9"), events.get(1).values("src_ip"));
        assertEquals(List.of(), events.get(1).values("user_agent"));
        assertEquals(List.of("1687089767"), events.get(2).values("_time"));
        assertEquals(List.of(), events.get(2).values("user"));
        assertEquals(List.of("line 7: _time \"last tuesday\" is neither epoch seconds nor ISO 8601"),
                reportOf(file).examples());
    }

    /**
     * Found reviewing the fuzz targets' reach: "1e9999999" (9 bytes) cost 35 s of CPU and a 10 MB
     * string, "1e999999999" threw ArithmeticException out of the reader and ended the scan.
     */
    @Test
    void absurdEpochExponentsAreMalformedRecordsNotHangsOrCrashes() throws IOException {
        Path file = dir.resolve("exponents.csv");
        Files.writeString(file, "_time,src_ip,user,SessionId,Operation\n"
                + "1e9999999,1.1.1.1,a,s1,UserLoggedIn\n"
                + "1e999999999,1.1.1.1,a,s1,UserLoggedIn\n"
                + "1e-9999999,1.1.1.1,a,s1,UserLoggedIn\n"
                + "1.6870897672E9,1.1.1.1,a,s1,UserLoggedIn\n");
        List<AuditEvent> events = readAll(file);
        assertEquals(1, events.size());
        assertEquals(List.of("1687089767.2"), events.get(0).values("_time"));
        assertEquals(List.of("line 2: _time \"1e9999999\" is out of range for epoch seconds",
                "line 3: _time \"1e999999999\" is out of range for epoch seconds",
                "line 4: _time \"1e-9999999\" is out of range for epoch seconds"), reportOf(file).examples());
    }

    @Test
    void utf16PowerShellExportIsRead() throws IOException {
        byte[] utf16 = ("\uFEFF" + new String(csv(PURVIEW_HEADER, List.<String[]>of(purviewRow(new SignInRecord().sessionId("u16").line()))),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_16LE);
        Path file = dir.resolve("ps.csv");
        Files.write(file, utf16);
        assertEquals(List.of("u16"), readAll(file).get(0).values("SessionId"));
    }

    @Test
    void emptyFileHasNoRecords() throws IOException {
        Path file = write("empty.json", "\n  \n");
        assertEquals(0, readAll(file).size());
        assertEquals(ExportFormat.EMPTY, reportOf(file).format());
    }

    // ---- files that cannot be read

    @Test
    void unreadableFilesNameTheFile() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertEquals(missing + ": no such file",
                assertThrows(UnreadableExportException.class, () -> ExportFiles.open(missing)).getMessage());

        Path other = write("notes.csv", "name,address\nbob,here\n");
        String m = assertThrows(UnreadableExportException.class, () -> ExportFiles.open(other)).getMessage();
        assertTrue(m.startsWith(other + ": line 1: not an audit-log export"), m);

        Path binary = dir.resolve("image.png");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertThrows(UnreadableExportException.class, () -> ExportFiles.open(binary));
    }

    @Test
    void truncatedGzipIsAnErrorNotAShortRead() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(new SignInRecord().at(i).sessionId("s" + i).line()).append('\n');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        Path file = dir.resolve("cut.json.gz");
        Files.write(file, Arrays.copyOf(whole, whole.length * 2 / 3));
        UnreadableExportException e = assertThrows(UnreadableExportException.class, () -> readAll(file));
        assertTrue(e.getMessage().startsWith(file + ": line "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    // ---- helpers

    static final String[] PURVIEW_HEADER = {"RecordType", "CreationDate", "UserIds", "Operations", "AuditData",
        "ResultIndex", "ResultCount", "Identity", "IsValid", "ObjectState"};

    static String[] purviewRow(String auditData) {
        String id = JsonParser.parseString(auditData.startsWith("{\"") ? auditData : "{}").getAsJsonObject().has("Id")
                ? JsonParser.parseString(auditData).getAsJsonObject().get("Id").getAsString() : "x";
        return new String[] {"AzureActiveDirectoryStsLogon", "6/18/2023 12:02:47 PM", "a@contoso.com", "UserLoggedIn",
            auditData, "1", "1", id, "True", "Unchanged"};
    }

    static byte[] csv(String[] header, List<String[]> rows) {
        StringWriter w = new StringWriter();
        try (CsvWriter writer = CsvWriter.builder().lineDelimiter(de.siegmar.fastcsv.writer.LineDelimiter.LF).build(w)) {
            writer.writeRecord(header);
            for (String[] row : rows) {
                writer.writeRecord(row);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bom(byte[] utf8) {
        byte[] out = new byte[utf8.length + 3];
        out[0] = (byte) 0xef;
        out[1] = (byte) 0xbb;
        out[2] = (byte) 0xbf;
        System.arraycopy(utf8, 0, out, 3, utf8.length);
        return out;
    }

    Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
