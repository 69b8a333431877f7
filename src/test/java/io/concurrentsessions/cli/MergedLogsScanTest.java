package io.concurrentsessions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.concurrentsessions.ual.EntraSignIn;
import io.concurrentsessions.ual.UserLoggedInRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One session in both logs (issue 17): a responder scans the audit-log export and the sign-in
 * export together. The audit log saw the victim's managed laptop at the office and at home; the
 * sign-in log saw home too, and then an unmanaged device on another network, in the same city,
 * with the same browser, after the victim stopped: nothing but the sign-in log's device tells the
 * replay, and only the merged session shows it beside the audit log's addresses.
 */
class MergedLogsScanTest {
    static final String SID = "db92d65a-243a-444d-bb11-19b1c382295a";
    static final String OFFICE = "192.0.2.44";
    static final String HOME = "198.51.100.7";
    static final String ATTACKER = "203.0.113.66";
    static final long T0 = 1_709_622_000L;

    @TempDir
    Path dir;
    Path audit;
    Path signIns;

    @BeforeEach
    void exports() throws Exception {
        List<String> lines = new ArrayList<>();
        for (long t : new long[] {T0, T0 + 300, T0 + 600}) {
            lines.add(new UserLoggedInRecord().at(t).ip(OFFICE).sessionId(SID).device("dev-a", "True", "AzureAd").jsonLine());
        }
        for (long t : new long[] {T0 + 3_600, T0 + 3_660, T0 + 3_720}) {
            lines.add(new UserLoggedInRecord().at(t).ip(HOME).sessionId(SID).device("dev-a", "True", "AzureAd").jsonLine());
        }
        // Another user's session in the same export stays its own.
        lines.add(new UserLoggedInRecord().at(T0).upn("diego.siciliani@contoso.onmicrosoft.com")
                .sessionId("3f8f8f80-41ca-4a5a-93cb-72bf46013256").ip("192.0.2.10").jsonLine());
        audit = dir.resolve("audit.jsonl");
        Files.write(audit, lines);
        JsonObject page = EntraSignIn.page(null,
                new EntraSignIn().at(T0 + 3_610).ip(HOME).sessionId(SID).device("dev-a", true, true, "AzureAd").graph(),
                new EntraSignIn().at(T0 + 4_500).ip(ATTACKER).sessionId(SID).place("Amsterdam", "NL", 52.3702, 4.8952)
                        .device("dev-x", false, false, "").graph(),
                new EntraSignIn().at(T0 + 4_560).ip(ATTACKER).sessionId(SID).place("Amsterdam", "NL", 52.3702, 4.8952)
                        .device("dev-x", false, false, "").nonInteractive().graph());
        signIns = dir.resolve("signins.json");
        Files.writeString(signIns, page.toString());
    }

    @Test
    void byUserAndSessionIdOneSessionShowsWhichLogSawEachAddressAndTheReplay() {
        ScanCommandTest.Result r = ScanCommandTest.scan("--format", "json", "--by", "user,SessionId", "--profile", "strict",
                audit.toString(), signIns.toString());
        assertEquals(0, r.exit(), r.err());
        JsonArray rows = r.json();
        assertEquals(1, rows.size(), r.out());
        JsonObject row = rows.get(0).getAsJsonObject();
        assertEquals(SID, row.get("SessionId").getAsString());
        assertEquals("lidia.holloway@contoso.onmicrosoft.com", row.get("user").getAsString());
        assertEquals(List.of(OFFICE, HOME, ATTACKER), strings(row, "ips"));
        assertEquals(List.of("audit", "audit+signin", "signin"), strings(row, "ip_log"), row.toString());
        assertEquals(List.of("dev-a (managed)", "dev-a (managed)", "dev-x (unmanaged)"), strings(row, "ip_device"), row.toString());
        assertEquals(List.of("unknown", "Amsterdam, NL", "Amsterdam, NL"), strings(row, "ip_location"),
                "the sign-in record places the home address for the audit log's events too");
        assertEquals(List.of(3, 4, 2), ints(row, "ip_event_count"));
        JsonElement changed = row.get("device_changed_with_ip");
        assertTrue(changed.isJsonPrimitive() && changed.getAsJsonPrimitive().isBoolean() && changed.getAsBoolean(), row.toString());
        assertFalse(row.get("client_changed_with_ip").getAsBoolean(), "the same browser everywhere: only the device tells");
        assertFalse(row.get("concurrent").getAsBoolean(), row.toString());
        assertEquals(3, row.get("network_count").getAsInt());
        assertTrue(row.get("risk_score").getAsJsonPrimitive().isNumber(), row.toString());
        List<String> reasons = strings(row, "reasons");
        assertTrue(reasons.contains("managed device gave way to an unmanaged one"), reasons.toString());
        assertTrue(reasons.stream().noneMatch(s -> s.startsWith("another client") || s.startsWith("impossible travel")), reasons.toString());
    }

    @Test
    void withoutByTheTwoLogsAreTwoSessionsAndTheAuditLogAloneShowsNoReplay() {
        ScanCommandTest.Result seed = ScanCommandTest.scan("--format", "json", audit.toString(), signIns.toString());
        assertEquals(0, seed.exit(), seed.err());
        JsonArray rows = seed.json();
        assertEquals(2, rows.size(), seed.out());
        JsonObject signIn = rows.get(0).getAsJsonObject();
        JsonObject auditRow = rows.get(1).getAsJsonObject();
        assertEquals("SignInLogs", signIn.get("Operation").getAsString(), seed.out());
        assertEquals(List.of(HOME, ATTACKER), strings(signIn, "ips"));
        assertEquals(List.of("signin", "signin"), strings(signIn, "ip_log"));
        assertEquals("UserLoggedIn", auditRow.get("Operation").getAsString());
        assertEquals(List.of(OFFICE, HOME), strings(auditRow, "ips"));
        assertEquals(List.of("audit", "audit"), strings(auditRow, "ip_log"));
        assertFalse(auditRow.get("device_changed_with_ip").getAsBoolean(), auditRow.toString());

        ScanCommandTest.Result strict = ScanCommandTest.scan("--format", "json", "--profile", "strict", audit.toString(), signIns.toString());
        assertEquals(0, strict.exit(), strict.err());
        JsonArray strictRows = strict.json();
        assertEquals(1, strictRows.size(), strict.out());
        assertEquals("SignInLogs", strictRows.get(0).getAsJsonObject().get("Operation").getAsString(),
                "the audit log's own group (office, then home, one managed laptop) is a move");
    }

    private static List<String> strings(JsonObject row, String column) {
        return row.getAsJsonArray(column).asList().stream().map(JsonElement::getAsString).toList();
    }

    private static List<Integer> ints(JsonObject row, String column) {
        return row.getAsJsonArray(column).asList().stream().map(JsonElement::getAsInt).toList();
    }
}
