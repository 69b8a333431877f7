package io.concurrentsessions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.concurrentsessions.ual.EntraSignIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A responder's sign-in exports through the scanner, with no flag: the AiTM replay comes out, located by the record. */
class SignInScanTest {
    static final String VICTIM_SID = "db92d65a-243a-444d-bb11-19b1c382295a";
    static final String OTHER_SID = "3f8f8f80-41ca-4a5a-93cb-72bf46013256";

    @TempDir
    Path dir;

    /** Two saved Graph pages: the proxy's sign-in and the replay from Lagos share a session; another user's quiet burst does not. */
    private List<Path> graphPages() throws Exception {
        long t = 1_709_630_525L;
        JsonObject page1 = EntraSignIn.page("https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=p2",
                new EntraSignIn().at(t).ip("203.0.113.19").graph(),
                new EntraSignIn().at(t + 271).ip("198.51.100.7").place("Lagos", "NG", 6.4474, 3.3903)
                        .userAgent("python-requests/2.31.0").graph());
        JsonObject[] burst = new JsonObject[300];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = new EntraSignIn().at(t + i).nonInteractive().upn("diego.siciliani@contoso.onmicrosoft.com")
                    .sessionId(OTHER_SID).ip("192.0.2.10").graph();
        }
        JsonObject page2 = EntraSignIn.page(null, burst);
        Path p1 = dir.resolve("signins-page1.json");
        Path p2 = dir.resolve("signins-page2.json");
        Files.writeString(p1, page1.toString());
        Files.writeString(p2, page2.toString());
        return List.of(p1, p2);
    }

    @Test
    void aGraphExportFlagsTheReplayedSessionWithTheRecordsOwnLocation() throws Exception {
        List<Path> pages = graphPages();
        ScanCommandTest.Result r = ScanCommandTest.scan("--format", "json", pages.get(0).toString(), pages.get(1).toString());
        assertEquals(0, r.exit(), r.err());
        JsonArray rows = r.json();
        assertEquals(1, rows.size(), r.out());
        JsonObject row = rows.get(0).getAsJsonObject();
        assertEquals(VICTIM_SID, row.get("SessionId").getAsString());
        assertEquals("SignInLogs", row.get("Operation").getAsString());
        assertEquals("lidia.holloway@contoso.onmicrosoft.com", row.get("user").getAsString());
        assertEquals(List.of("198.51.100.7", "203.0.113.19"), strings(row.getAsJsonArray("ips")));
        assertEquals(List.of("Lagos, NG", "Amsterdam, NL"), strings(row.getAsJsonArray("ip_location")),
                "location from the sign-in record, no iplocation needed");
        assertTrue(r.err().contains("2 files, 302 records, 302 matched Workload=AzureActiveDirectory"
                + " Operation in (NonInteractiveUserSignInLogs, SignInLogs, UserLoggedIn), 2 sessions"), r.err());
    }

    @Test
    void theStrictProfileSeesTheTravelFromTheRecordsCoordinates() throws Exception {
        List<Path> pages = graphPages();
        ScanCommandTest.Result r = ScanCommandTest.scan("--format", "json", "--profile", "strict",
                pages.get(0).toString(), pages.get(1).toString());
        assertEquals(0, r.exit(), r.err());
        JsonArray rows = r.json();
        assertEquals(1, rows.size(), r.out());
        JsonObject row = rows.get(0).getAsJsonObject();
        assertEquals(VICTIM_SID, row.get("SessionId").getAsString());
        // Amsterdam to Lagos (about 4,900 km) in 271 seconds.
        assertTrue(row.get("max_travel_kmh").getAsDouble() > 10_000, row.toString());
    }

    @Test
    void otherKindsInASignInFileAreNotedNotFatal() throws Exception {
        JsonObject audit = new JsonObject();
        audit.addProperty("activityDateTime", "2024-03-05T09:12:05Z");
        audit.addProperty("activityDisplayName", "Update user");
        Path file = dir.resolve("mixed.json");
        Files.writeString(file, EntraSignIn.page(null, new EntraSignIn().graph(), audit).toString());
        ScanCommandTest.Result r = ScanCommandTest.scan(file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("scan: note: " + file + ": 1 record of another kind skipped"
                + " (record 2 (line 1): a directory audit record (activityDateTime), not a sign-in)"), r.err());
    }

    private static List<String> strings(JsonArray a) {
        return a.asList().stream().map(e -> e.getAsString()).toList();
    }
}
