package io.concurrentsessions.command;

import io.concurrentsessions.scp.OutputRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.concurrentsessions.command.CommandHarness.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command against the reference data set (tools/reference_dataset.py), whose expected result
 * the Python script computes on its own; then the same answer however events are chunked or split
 * across peers running the map phase.
 */
class ReferenceDatasetTest {
    private static final List<Map<String, List<String>>> EVENTS = SplunkCsv.readFile(SplunkCsv.reference("events.csv"));
    private static final List<Map<String, List<String>>> EXPECTED = SplunkCsv.readFile(SplunkCsv.reference("expected.csv"));

    @Test
    void oneProcessReturnsWhatThePythonModelOfTheSeedReturns() throws Exception {
        CommandHarness h = CommandHarness.run(List.of(), EVENTS);
        assertEquals(EXPECTED, seedColumns(h.rows));
        for (OutputRow r : h.rows) {
            assertEquals(r.value("user"), r.value("risk_object"));
            assertEquals("42", r.value("risk_score"));
            assertEquals("T1185", r.value("mitre_technique_id"));
        }
        assertTrue(h.messages.stream().anyMatch(m -> m.startsWith("INFO") && m.contains("6 events lacked")), h.messages::toString);
    }

    @Test
    void referenceCoversTheHardCases() {
        String all = EXPECTED.toString();
        for (String needle : List.of("10.0.0.10, 10.0.0.9", "2001:db8::1", "Agent with\nnewline", "$with$",
                "\"quoted\", with comma", "shared1@contoso.com", "notime@contoso.com",
                "firstTime=[1599171244.27], lastTime=[1599171299]", "\uFF5E fullwidth tilde, Agent \uD83D\uDE00", "jürgen")) {
            assertTrue(all.contains(needle), needle);
        }
        // The same SessionId under another user is another group: shared2's one address does not join shared1's.
        assertTrue(!all.contains("shared2@contoso.com") && all.contains("ips=[198.18.0.1, 198.18.0.2]"), all);
    }

    @Test
    void anyChunkingGivesTheSameRows() throws Exception {
        List<Map<String, List<String>>> whole = plain(CommandHarness.run(List.of(), EVENTS).rows);
        Random r = new Random(7);
        for (int round = 0; round < 20; round++) {
            int[] sizes = new int[r.nextInt(12) + 1];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = 1 + r.nextInt(60);
            }
            assertEquals(whole, plain(CommandHarness.run(List.of(), EVENTS, sizes).rows), "chunks " + java.util.Arrays.toString(sizes));
        }
    }

    @Test
    void anySplitAcrossPeersMapThenReduceEqualsOneProcess() throws Exception {
        List<Map<String, List<String>>> whole = plain(CommandHarness.run(List.of(), EVENTS).rows);
        Random r = new Random(11);
        for (int round = 0; round < 25; round++) {
            int peers = 1 + r.nextInt(5);
            List<List<Map<String, List<String>>>> split = new ArrayList<>();
            for (int p = 0; p < peers; p++) {
                split.add(new ArrayList<>());
            }
            List<Map<String, List<String>>> rawToReduce = new ArrayList<>();
            for (Map<String, List<String>> e : EVENTS) {
                int p = r.nextInt(peers + 1);
                (p == peers ? rawToReduce : split.get(p)).add(e); // some raw events skip the map phase
            }
            // A small cap forces early flushes in the map phase: partials must still merge exactly.
            List<String> mapArgs = r.nextBoolean() ? List.of("phase=map") : List.of("phase=map", "max_sessions=" + (1 + r.nextInt(20)));
            List<Map<String, List<String>>> reduceInput = new ArrayList<>(rawToReduce);
            for (List<Map<String, List<String>>> peer : split) {
                if (peer.isEmpty()) {
                    continue;
                }
                CommandHarness m = CommandHarness.run(mapArgs, peer, 1 + r.nextInt(50), 1 + r.nextInt(50));
                for (OutputRow row : m.rows) {
                    reduceInput.add(CommandHarness.asInput(row));
                }
            }
            Collections.shuffle(reduceInput, r);
            CommandHarness reduce = CommandHarness.run(List.of(), reduceInput, 1 + r.nextInt(40), 1 + r.nextInt(40));
            assertEquals(whole, plain(reduce.rows), "round " + round + ", " + peers + " peers, " + mapArgs);
            // The one event with _time "n/a" may reach the reduce raw: its WARN (issue 18) is the only one allowed.
            assertTrue(reduce.messages.stream().noneMatch(msg -> msg.startsWith("WARN") && !msg.contains(" _time ")),
                    reduce.messages::toString);
        }
    }

    private static List<Map<String, List<String>>> seedColumns(List<OutputRow> rows) {
        List<Map<String, List<String>>> out = new ArrayList<>();
        for (OutputRow r : rows) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (String f : List.of("Operation", "user", "SessionId", "firstTime", "lastTime", "ips", "user_agents")) {
                m.put(f, r.values(f));
            }
            out.add(m);
        }
        return out;
    }
}
