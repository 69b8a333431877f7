package io.concurrentsessions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.concurrentsessions.command.ConcurrentSessionsCommand;
import io.concurrentsessions.scp.Declaration;
import io.concurrentsessions.scp.Inspector;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.Records;
import io.concurrentsessions.scp.SearchInfo;
import io.concurrentsessions.ual.AuditEvent;
import io.concurrentsessions.ual.ExportFiles;
import io.concurrentsessions.ual.ExportReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scanner and the Splunk search command give the same rows for the same events: the events
 * the seed's {@code Workload=AzureActiveDirectory Operation=UserLoggedIn} would return, sent to
 * {@link ConcurrentSessionsCommand} as execute chunks of decoded records, against the scanner on
 * the export file.
 */
class ScanMatchesSearchCommandTest {

    @Test
    void sampleExportGivesIdenticalRows() throws Exception {
        assertSameRows(ScanCommandTest.SAMPLE, List.of(), 24);
        assertSameRows(ScanCommandTest.SAMPLE, List.of("min_ips=3"), 10);
    }

    @Test
    void realPurviewExportGivesIdenticalRows() throws Exception {
        assertSameRows(ScanCommandTest.fixture("purview-export-mfa-sweep.csv"), List.of("min_ips=1"), 8);
    }

    /** {@code --raw-ips}: Splunk's events carry src_ip as the add-on extracts it, unnormalised. */
    private static void assertSameRows(Path export, List<String> commandArgs, int expectedRows) throws Exception {
        List<String> scanArgs = new ArrayList<>(List.of("--raw-ips", "--format", "json"));
        for (String a : commandArgs) {
            int eq = a.indexOf('=');
            scanArgs.add("--" + a.substring(0, eq).replace('_', '-'));
            scanArgs.add(a.substring(eq + 1));
        }
        scanArgs.add(export.toString());
        String scanned = ScanCommandTest.scan(scanArgs.toArray(String[]::new)).out();

        List<OutputRow> emitted = runSearchCommand(export, commandArgs);
        assertEquals(expectedRows, emitted.size());
        StringWriter fromCommand = new StringWriter();
        FindingsFormat.json(emitted, fromCommand);
        assertEquals(fromCommand.toString(), scanned);
    }

    private static List<OutputRow> runSearchCommand(Path export, List<String> args) throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        try (ExportReader reader = ExportFiles.open(export)) {
            for (AuditEvent e; (e = reader.next()) != null; ) {
                if (e.values("Workload").contains("AzureActiveDirectory") && e.values("Operation").contains("UserLoggedIn")) {
                    events.add(e);
                }
            }
        }
        ConcurrentSessionsCommand command = new ConcurrentSessionsCommand();
        Inspector inspector = new Inspector() {
            public void info(String m) { }
            public void warn(String m) { }
            public void error(String m) { throw new AssertionError(m); }
        };
        Declaration d = command.getinfo(SearchInfo.builder().command("concurrentsessions").args(args).build(), inspector);
        List<OutputRow> rows = new ArrayList<>();
        List<String> fields = List.of("_time", "src_ip", "user", "SessionId", "Operation", "user_agent", "Workload",
                "device_id", "device_managed", "device_trust_type", "log");
        assertEquals(true, d.requiredFields().containsAll(fields.subList(0, 6)));
        for (int from = 0; from < events.size(); from += 37) {
            command.execute(new EventRecords(fields, events.subList(from, Math.min(events.size(), from + 37))), rows::add, inspector);
        }
        command.finish(rows::add, inspector);
        return rows;
    }

    /** An execute chunk as the protocol layer would decode it. */
    private record EventRecords(List<String> fields, List<AuditEvent> events) implements Records {
        public int size() { return events.size(); }
        public int indexOf(String field) { return fields.indexOf(field); }
        public List<String> values(int row, int field) { return events.get(row).values(fields.get(field)); }
    }
}
