package io.concurrentsessions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.concurrentsessions.ual.UserLoggedInRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: an audit-log export where only DeviceProperties tell the replay. The victim works from
 * home on a compliant, managed laptop; minutes after the victim's last use the session comes back
 * from another network with the same browser user agent (an AiTM kit passes it through), no
 * overlap, no location in the audit log: by address, time and client it is a move. The attacker's
 * machine is not managed and has another device id.
 */
class DeviceReplayScanTest {
    static final String SID = "6b3d2f1e-8c4a-4f0e-9a7d-2c5e1b8f3a90";
    static final String VICTIM = "198.51.100.7";
    static final String ATTACKER = "203.0.113.66";
    static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0";
    static final long T0 = 1_709_622_000L;

    @TempDir
    Path dir;

    /** The session's records; the attacker's DeviceProperties as given. */
    private Path export(String attackerId, String attackerManaged) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add(new UserLoggedInRecord().at(T0 + i * 120L).ip(VICTIM).sessionId(SID).userAgent(EDGE)
                    .device("5f1c7a2e-0d3b-4e8f-a6c9-7b2d4e1f0a38", "True", "AzureAd").jsonLine());
        }
        for (int i = 0; i < 3; i++) {
            lines.add(new UserLoggedInRecord().at(T0 + 900 + i * 60L).ip(ATTACKER).sessionId(SID).userAgent(EDGE)
                    .device(attackerId, attackerManaged, null).jsonLine());
        }
        Path file = dir.resolve("audit-" + attackerManaged + ".jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void strictReportsAManagedDeviceGivingWayToAnUnmanagedOne() throws Exception {
        Path file = export("c0ffee00-1111-4222-8333-444455556666", "False");
        ScanCommandTest.Result r = ScanCommandTest.scan("--format", "json", "--profile", "strict", file.toString());
        assertEquals(0, r.exit(), r.err());
        JsonArray rows = r.json();
        assertEquals(1, rows.size(), r.out());
        JsonObject row = rows.get(0).getAsJsonObject();
        assertEquals(SID, row.get("SessionId").getAsString());
        assertEquals(List.of(VICTIM, ATTACKER), strings(row, "ips"));
        assertEquals(List.of("5f1c7a2e-0d3b-4e8f-a6c9-7b2d4e1f0a38 (managed)", "c0ffee00-1111-4222-8333-444455556666 (unmanaged)"),
                strings(row, "ip_device"));
        assertEquals(List.of("audit", "audit"), strings(row, "ip_log"));
        assertTrue(row.get("device_changed_with_ip").getAsBoolean(), row.toString());
        assertFalse(row.get("client_changed_with_ip").getAsBoolean(), "one user agent on both networks");
        assertFalse(row.get("concurrent").getAsBoolean(), row.toString());
        List<String> reasons = strings(row, "reasons");
        assertTrue(reasons.contains("managed device gave way to an unmanaged one"), reasons.toString());
        assertTrue(reasons.contains("sequential move between networks (no overlap)"), reasons.toString());
    }

    @Test
    void theSameDeviceOnBothNetworksIsAMoveNotAReplay() throws Exception {
        Path file = export("5f1c7a2e-0d3b-4e8f-a6c9-7b2d4e1f0a38", "True");
        ScanCommandTest.Result strict = ScanCommandTest.scan("--format", "json", "--profile", "strict", file.toString());
        assertEquals(0, strict.exit(), strict.err());
        assertEquals(0, strict.json().size(), strict.out());

        ScanCommandTest.Result seed = ScanCommandTest.scan("--format", "json", file.toString());
        JsonArray rows = seed.json();
        assertEquals(1, rows.size(), seed.out());
        JsonObject row = rows.get(0).getAsJsonObject();
        assertEquals(List.of("5f1c7a2e-0d3b-4e8f-a6c9-7b2d4e1f0a38 (managed)", "5f1c7a2e-0d3b-4e8f-a6c9-7b2d4e1f0a38 (managed)"),
                strings(row, "ip_device"));
        assertFalse(row.get("device_changed_with_ip").getAsBoolean(), row.toString());
        List<String> reasons = strings(row, "reasons");
        assertTrue(reasons.stream().noneMatch(s -> s.contains("device")), reasons.toString());
    }

    private static List<String> strings(JsonObject row, String column) {
        return row.getAsJsonArray(column).asList().stream().map(JsonElement::getAsString).toList();
    }
}
