package io.concurrentsessions.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.concurrentsessions.ual.ActivityRecordFields;
import io.concurrentsessions.ual.AuditEvent;
import io.concurrentsessions.ual.ExportFiles;
import io.concurrentsessions.ual.ExportReader;
import io.concurrentsessions.ual.MalformedRecordException;
import io.concurrentsessions.ual.UnreadableExportException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.concurrentsessions.fuzz.Frames.check;

/** The audit-log readers over any file: events, counted skips, or UnreadableExportException naming the file. */
class AuditLogFuzzTest {

    /** Any bytes as an export (gzip, BOMs, JSON lines, JSON documents, Purview and Splunk CSV are all reachable). */
    @FuzzTest(maxDuration = "25s")
    void exportFile(byte[] data) throws IOException {
        long events = 0;
        try (ExportReader reader = ExportFiles.open(new ByteArrayInputStream(data), "fuzz.json")) {
            for (AuditEvent e; (e = reader.next()) != null; ) {
                events++;
                check(e.values(ActivityRecordFields.TIME).size() == 1, "an event without exactly one _time");
                check(events <= data.length, "more events than bytes");
            }
            check(reader.report().events() == events, "report counts " + reader.report().events() + ", read " + events);
        } catch (UnreadableExportException e) {
            check(e.getMessage().startsWith("fuzz.json: "), "message does not name the file: " + e.getMessage());
        }
    }

    /** One record's JSON text: fields, or MalformedRecordException. */
    @FuzzTest(maxDuration = "25s")
    void activityRecord(byte[] data) {
        try {
            Map<String, List<String>> fields = ActivityRecordFields.parse(new String(data, StandardCharsets.UTF_8));
            check(fields.containsKey(ActivityRecordFields.TIME), "a record without _time");
        } catch (MalformedRecordException expected) {
            check(expected.getMessage() != null, "no reason");
        }
    }
}
