package io.concurrentsessions.ual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sign-in export shape, read through ExportFiles as the scanner reads it. */
class SignInExportsTest {
    static final String SID = "db92d65a-243a-444d-bb11-19b1c382295a";

    @TempDir
    Path dir;

    record Read(ExportReport report, List<AuditEvent> events) {
        Map<String, List<String>> fields(int i) {
            return events.get(i).fields();
        }

        String first(int i, String field) {
            List<String> v = events.get(i).values(field);
            return v.isEmpty() ? null : v.get(0);
        }
    }

    static Read read(Path file) throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        try (ExportReader r = ExportFiles.open(file)) {
            for (AuditEvent e; (e = r.next()) != null; ) {
                events.add(e);
            }
            return new Read(r.report(), events);
        }
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static String pretty(Object json) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json);
    }

    // ---- Microsoft Graph auditLogs/signIns

    @Test
    void graphBetaSignInMapsEveryField() throws Exception {
        EntraSignIn s = new EntraSignIn().at(1_709_630_525L)
                .device("8bfcb982-6856-4402-924c-ada2486321cc", true, false, "Azure AD joined");
        Read r = read(write("page1.json", pretty(EntraSignIn.page(null, s.graph()))));
        assertEquals(ExportFormat.GRAPH_SIGN_INS, r.report().format());
        assertEquals(Map.ofEntries(
                Map.entry("_time", List.of("1709630525")),
                Map.entry("Operation", List.of("SignInLogs")),
                Map.entry("Workload", List.of("AzureActiveDirectory")),
                Map.entry("log", List.of("signin")),
                Map.entry("user", List.of("lidia.holloway@contoso.onmicrosoft.com")),
                Map.entry("src_ip", List.of("203.0.113.19")),
                Map.entry("user_agent", List.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36")),
                Map.entry("SessionId", List.of(SID)),
                Map.entry("City", List.of("Amsterdam")),
                Map.entry("Country", List.of("NL")),
                Map.entry("lat", List.of("52.3676")),
                Map.entry("lon", List.of("4.9041")),
                Map.entry("device_id", List.of("8bfcb982-6856-4402-924c-ada2486321cc")),
                Map.entry("device_os", List.of("Windows10")),
                Map.entry("device_browser", List.of("Chrome 122.0.0")),
                Map.entry("device_managed", List.of("true")),
                Map.entry("device_trust_type", List.of("Azure AD joined"))), r.fields(0));
    }

    @Test
    void severalSavedPagesInOneFileOrSeveralFilesAllCount() throws Exception {
        JsonObject page1 = EntraSignIn.page("https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=abc",
                new EntraSignIn().at(1000).graph(), new EntraSignIn().at(1001).nonInteractive().graph());
        JsonObject page2 = EntraSignIn.page(null, new EntraSignIn().at(1002).ip("2001:db8:bad::66").graph());
        Read first = read(write("p1.json", pretty(page1)));
        Read second = read(write("p2.json", page2.toString()));
        assertEquals(2, first.events().size());
        assertEquals("NonInteractiveUserSignInLogs", first.first(1, "Operation"), "signInEventTypes nonInteractiveUser");
        assertEquals(1, second.events().size());
        assertEquals("2001:db8:bad::66", second.first(0, "src_ip"), "IPv6 kept as written; the scanner normalises");
        // Pages appended into one file, compact or pretty, one after another.
        Read both = read(write("all.json", page1 + "\n" + pretty(page2) + "\n"));
        assertEquals(ExportFormat.GRAPH_SIGN_INS, both.report().format());
        assertEquals(List.of("1000", "1001", "1002"), both.events().stream().map(e -> e.values("_time").get(0)).toList());
        assertEquals(0, both.report().malformed());
    }

    @Test
    void graphV1HasNoSessionIdSoItsSignInsFormNoSession() throws Exception {
        Read r = read(write("v1.json", pretty(EntraSignIn.page(null, new EntraSignIn().v1().graph(),
                new EntraSignIn().v1().nonInteractive().graph()))));
        assertNull(r.first(0, "SessionId"));
        assertNull(r.first(0, "user_agent"));
        assertEquals("SignInLogs", r.first(0, "Operation"));
        assertEquals("NonInteractiveUserSignInLogs", r.first(1, "Operation"), "isInteractive false without signInEventTypes");
    }

    @Test
    void missingSessionIdAndEmptyIpAddressAreAbsentFields() throws Exception {
        Read r = read(write("gaps.json", pretty(EntraSignIn.page(null,
                new EntraSignIn().sessionId(null).graph(), new EntraSignIn().ip("").graph()))));
        assertFalse(r.fields(0).containsKey("SessionId"));
        assertFalse(r.fields(1).containsKey("src_ip"));
        assertEquals(2, r.report().events());
    }

    @Test
    void otherKindsAndFailuresAreSkippedAndCountedNotMalformed() throws Exception {
        JsonObject audit = new JsonObject();
        audit.addProperty("id", "Directory_1");
        audit.addProperty("activityDateTime", "2024-03-05T09:12:05Z");
        audit.addProperty("activityDisplayName", "Update user");
        JsonObject risk = new JsonObject();
        risk.addProperty("id", "r1");
        risk.addProperty("riskEventType", "unfamiliarFeatures");
        risk.addProperty("detectedDateTime", "2024-03-05T09:12:05Z");
        JsonObject page = EntraSignIn.page(null, new EntraSignIn().graph(), audit, risk, new EntraSignIn().failed(50126).graph());
        Read r = read(write("mixed.json", pretty(page)));
        assertEquals(1, r.report().events());
        assertEquals(0, r.report().malformed());
        assertEquals(3, r.report().otherKinds());
        List<String> why = r.report().otherKindExamples();
        assertTrue(why.get(0).startsWith("record 2 (line "), why.toString());
        assertTrue(why.get(0).endsWith("a directory audit record (activityDateTime), not a sign-in"), why.toString());
        assertTrue(why.get(1).endsWith("a risk detection, not a sign-in"), why.toString());
        assertTrue(why.get(2).endsWith("a failed sign-in (error 50126)"), why.toString());
    }

    @Test
    void aRecordWithoutItsTimeIsMalformedWithItsRecordAndLine() throws Exception {
        JsonObject broken = new EntraSignIn().graph();
        broken.remove("createdDateTime");
        String text = pretty(EntraSignIn.page(null, new EntraSignIn().graph(), broken));
        Read r = read(write("broken.json", text));
        assertEquals(1, r.report().malformed());
        String example = r.report().examples().get(0);
        assertTrue(example.matches("record 2 \\(line \\d+\\): no createdDateTime"), example);
        int line = Integer.parseInt(example.replaceAll(".*line (\\d+).*", "$1"));
        assertTrue(text.split("\n")[line - 1].contains("{"), "the line the second record starts on: " + line);
    }

    // ---- the Entra admin center's JSON download and JSON lines

    @Test
    void adminCenterJsonIsAnArrayOfSignIns() throws Exception {
        JsonArray download = new JsonArray();
        download.add(new EntraSignIn().graph());
        download.add(new EntraSignIn().ip("198.51.100.7").place("Lagos", "NG", 6.4474, 3.3903).graph());
        Read r = read(write("InteractiveSignIns_2024-03-05.json", pretty(download)));
        assertEquals(ExportFormat.SIGN_IN_JSON, r.report().format());
        assertEquals("Lagos", r.first(1, "City"));
        assertEquals("6.4474", r.first(1, "lat"));
    }

    @Test
    void aNonInteractiveBurstOfHundredsOfRecordsForOneSessionAsJsonLines() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            lines.append(new EntraSignIn().at(1_709_630_525L + i).nonInteractive().graph()).append('\n');
        }
        lines.append("{\"createdDateTime\": \"2024-03-05T09:12:05Z\", \"userPrincipalName\": \n");
        Read r = read(write("burst.jsonl", lines.toString()));
        assertEquals(ExportFormat.SIGN_IN_JSON_LINES, r.report().format());
        assertEquals(600, r.report().events());
        assertTrue(r.events().stream().allMatch(e -> e.values("SessionId").equals(List.of(SID))
                && e.values("Operation").equals(List.of("NonInteractiveUserSignInLogs"))));
        assertEquals(1, r.report().malformed());
        assertTrue(r.report().examples().get(0).startsWith("line 601: not a JSON record"), r.report().examples().toString());
    }

    // ---- Azure Monitor diagnostic records

    @Test
    void azureMonitorRecordsGzippedWithCategoriesAndPropertiesNested() throws Exception {
        JsonObject blob = new JsonObject();
        JsonArray records = new JsonArray();
        records.add(new EntraSignIn().at(2000).azureMonitor());
        records.add(new EntraSignIn().at(2001).nonInteractive().ip("").azureMonitor());
        JsonObject audit = new JsonObject();
        audit.addProperty("time", "2024-03-05T09:12:05.0000000Z");
        audit.addProperty("category", "AuditLogs");
        audit.addProperty("operationName", "Update user");
        audit.add("properties", new JsonObject());
        records.add(audit);
        JsonObject sp = new EntraSignIn().at(2002).azureMonitor();
        sp.addProperty("category", "ServicePrincipalSignInLogs");
        sp.getAsJsonObject("properties").remove("userPrincipalName");
        records.add(sp);
        blob.add("records", records);
        Path gz = dir.resolve("PT1H.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(blob.toString().getBytes(StandardCharsets.UTF_8));
        }
        Read r = read(gz);
        assertEquals(ExportFormat.AZURE_MONITOR_SIGN_INS, r.report().format());
        assertEquals(3, r.report().events());
        assertEquals(1, r.report().otherKinds());
        assertTrue(r.report().otherKindExamples().get(0).endsWith("category AuditLogs is not a sign-in category"));
        assertEquals("SignInLogs", r.first(0, "Operation"));
        assertEquals("2000", r.first(0, "_time"), "createdDateTime with seven fraction digits and +00:00");
        assertEquals("Amsterdam", r.first(0, "City"), "the record's own location, not the outer country code");
        assertEquals("NonInteractiveUserSignInLogs", r.first(1, "Operation"));
        assertNull(r.first(1, "src_ip"), "ipAddress and callerIpAddress both empty");
        assertEquals("ServicePrincipalSignInLogs", r.first(2, "Operation"));
        assertNull(r.first(2, "user"));
    }

    @Test
    void azureMonitorFallsBackToCallerIpAddress() throws Exception {
        JsonObject rec = new EntraSignIn().azureMonitor();
        rec.getAsJsonObject("properties").addProperty("ipAddress", "");
        rec.addProperty("callerIpAddress", "192.0.2.66");
        JsonObject blob = new JsonObject();
        JsonArray records = new JsonArray();
        records.add(rec);
        blob.add("records", records);
        assertEquals("192.0.2.66", read(write("caller.json", blob.toString())).first(0, "src_ip"));
    }

    // ---- CSV: the admin center's download and a Log Analytics export

    /** The admin center's header as downloaded (2024), duplicate "Incoming token type" and trailing spaces included. */
    static final String PORTAL_HEADER = "\"Date (UTC)\",\"Request ID\",\"User agent\",\"Correlation ID\",\"User ID\",\"User\",\"Username\","
            + "\"User type\",\"Cross tenant access type\",\"Incoming token type\",\"Authentication Protocol\",\"Unique token identifier\","
            + "\"Original transfer method\",\"Client credential type\",\"Token Protection - Sign In Session\","
            + "\"Token Protection - Sign In Session StatusCode\",\"Application\",\"Application ID \",\"Resource\",\"Resource ID \","
            + "\"Resource tenant ID\",\"Home tenant ID\",\"Home tenant name\",\"IP address\",\"Location\",\"Status\","
            + "\"Sign-in error code\",\"Failure reason\",\"Client app\",\"Device ID\",\"Browser\",\"Operating System\",\"Compliant\","
            + "\"Managed\",\"Join Type\",\"Multifactor authentication result\",\"Multifactor authentication auth method\","
            + "\"Multifactor authentication auth detail\",\"Authentication requirement\",\"Sign-in identifier\",\"Session ID\","
            + "\"IP address (seen by resource)\",\"Through Global Secure Access\",\"Global Secure Access IP address\","
            + "\"Autonomous system  number\",\"Flagged for review\",\"Token issuer type\",\"Incoming token type\",\"Token issuer name\","
            + "\"Latency\",\"Conditional Access\",\"Managed Identity type\",\"Associated Resource Id\",\"Federated Token Id\","
            + "\"Federated Token Issuer\"";

    static String portalRow(String date, String ip, String location, String status, String code, String sid) {
        String[] cells = new String[55];
        java.util.Arrays.fill(cells, "");
        cells[0] = date;
        cells[1] = "0231f922-93fa-4005-bb11-b344eca03c01";
        cells[2] = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
        cells[5] = "Lidia Holloway";
        cells[6] = "lidia.holloway@contoso.onmicrosoft.com";
        cells[23] = ip;
        cells[24] = location;
        cells[25] = status;
        cells[26] = code;
        cells[29] = "";
        cells[30] = "Mobile Safari 17.3";
        cells[31] = "Ios 17.3";
        cells[32] = "No";
        cells[33] = "No";
        cells[40] = sid;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(cells[i].replace("\"", "\"\"")).append('"');
        }
        return b.toString();
    }

    @Test
    void adminCenterCsvByItsRealHeader() throws Exception {
        String csv = PORTAL_HEADER + "\n"
                + portalRow("2024-03-05T09:12:05Z", "203.0.113.19", "Amsterdam, Noord-Holland, NL", "Success", "0", SID) + "\n"
                + portalRow("2024-03-05T09:16:36Z", "192.0.2.66", "Lagos, Lagos, NG", "Failure", "50126", SID) + "\n"
                + "\"2024-03-05T09:20:00Z\",\"too few\"\n";
        Read r = read(write("InteractiveSignIns_2024-03-05_2024-03-06.csv", csv));
        assertEquals(ExportFormat.ENTRA_SIGN_IN_CSV, r.report().format());
        assertEquals(1, r.report().events());
        assertEquals("lidia.holloway@contoso.onmicrosoft.com", r.first(0, "user"), "Username is the UPN; User the display name");
        assertEquals(String.valueOf(java.time.Instant.parse("2024-03-05T09:12:05Z").getEpochSecond()), r.first(0, "_time"));
        assertEquals("Amsterdam", r.first(0, "City"));
        assertEquals("NL", r.first(0, "Country"));
        assertEquals(SID, r.first(0, "SessionId"));
        assertEquals("SignInLogs", r.first(0, "Operation"));
        assertEquals("false", r.first(0, "device_managed"), "Compliant No, Managed No");
        assertEquals("Ios 17.3", r.first(0, "device_os"));
        assertEquals(1, r.report().otherKinds(), "the failed sign-in");
        assertEquals(List.of("line 4: 2 columns where the header has 55"), r.report().examples());
    }

    @Test
    void logAnalyticsCsvWithJsonCellsAndPortalTimes() throws Exception {
        String header = "TimeGenerated [UTC],CreatedDateTime [UTC],UserPrincipalName,IPAddress,UserAgent,SessionId,Category,"
                + "IsInteractive,AppDisplayName,ResultType,Location,LocationDetails,DeviceDetail\n";
        String row = "\"3/5/2024, 9:12:06.120 AM\",\"3/5/2024, 9:12:05.000 AM\",lidia.holloway@contoso.onmicrosoft.com,"
                + "2001:db8:bad::66,UA/2," + SID + ",NonInteractiveUserSignInLogs,False,OfficeHome,0,NG,"
                + "\"{\"\"city\"\":\"\"Lagos\"\",\"\"state\"\":\"\"Lagos\"\",\"\"countryOrRegion\"\":\"\"NG\"\","
                + "\"\"geoCoordinates\"\":{\"\"latitude\"\":6.4474,\"\"longitude\"\":3.3903}}\","
                + "\"{\"\"deviceId\"\":\"\"\"\",\"\"operatingSystem\"\":\"\"Linux\"\",\"\"browser\"\":\"\"Firefox 123.0\"\"}\"\n";
        Read r = read(write("query_data.csv", header + row));
        assertEquals(ExportFormat.LOG_ANALYTICS_SIGN_IN_CSV, r.report().format());
        assertEquals(1, r.report().events(), r.report().examples().toString());
        assertEquals("1709629925", r.first(0, "_time"), "CreatedDateTime, not TimeGenerated");
        assertEquals("NonInteractiveUserSignInLogs", r.first(0, "Operation"));
        assertEquals("Lagos", r.first(0, "City"));
        assertEquals("NG", r.first(0, "Country"));
        assertEquals("3.3903", r.first(0, "lon"));
        assertEquals("Firefox 123.0", r.first(0, "device_browser"));
        assertNull(r.first(0, "device_id"), "an empty deviceId is no device id");
        assertNull(r.first(0, "device_managed"), "unknown");
    }

    @Test
    void auditExportsAreStillAuditExportsAndSayWhichLog() throws Exception {
        Read r = read(write("ual.jsonl", new SignInRecord().line() + "\n"));
        assertEquals(ExportFormat.JSON_LINES, r.report().format());
        assertEquals("audit", r.first(0, "log"));
        JsonArray array = new JsonArray();
        array.add(new SignInRecord().json());
        assertEquals(ExportFormat.JSON_DOCUMENT, read(write("ual.json", pretty(array))).report().format());
    }
}
