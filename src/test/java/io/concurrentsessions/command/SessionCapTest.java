package io.concurrentsessions.command;

import io.concurrentsessions.scp.OutputRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.concurrentsessions.command.Events.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionCapTest {
    private static List<Map<String, List<String>>> sessions(int n) {
        List<Map<String, List<String>>> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            e.add(login("1", "u" + i, "s" + i, "10.0.0.1", "a"));
            e.add(login("2", "u" + i, "s" + i, "10.0.0.2", "a"));
        }
        return e;
    }

    @Test
    void reduceBeyondTheCapWarnsWithTheCapTheCountsAndHowToRaiseIt() throws Exception {
        CommandHarness h = CommandHarness.run(List.of("max_sessions=3"), sessions(5), 4);
        assertEquals(3, h.rows.size());
        List<String> warns = h.messages.stream().filter(m -> m.startsWith("WARN")).toList();
        assertEquals(1, warns.size(), h.messages::toString);
        String w = warns.get(0);
        assertTrue(w.contains("max_sessions=3 reached") && w.contains("4 events in 2 further sessions were not evaluated")
                && w.contains("Raise the cap with max_sessions="), w);
    }

    @Test
    void theMapPhaseFlushesAtTheCapInsteadOfDroppingAndReduceMergesExactly() throws Exception {
        List<Map<String, List<String>>> events = sessions(10);
        java.util.Collections.shuffle(events, new java.util.Random(1));
        CommandHarness map = CommandHarness.run(List.of("phase=map", "max_sessions=2"), events, 3, 3, 3);
        assertTrue(map.rows.size() > 10, "flushed partials: " + map.rows.size());
        assertTrue(map.messages.stream().noneMatch(m -> m.startsWith("WARN")), map.messages::toString);
        List<Map<String, List<String>>> partials = new ArrayList<>();
        for (OutputRow r : map.rows) {
            partials.add(CommandHarness.asInput(r));
        }
        CommandHarness reduce = CommandHarness.run(List.of(), partials);
        assertEquals(CommandHarness.plain(CommandHarness.run(List.of(), events).rows), CommandHarness.plain(reduce.rows));
        assertEquals(10, reduce.rows.size());
    }

    @Test
    void withoutMaxSessionsTheCapFollowsTheHeapButNeverFallsBelowTheDefault() throws Exception {
        CommandOptions defaults = CommandOptions.parse(List.of());
        long gib = 1L << 30;
        assertEquals(1_000_000, SessionSearch.sessionCap(defaults, gib / 2), "a 512 MiB heap keeps the documented default");
        int at8g = SessionSearch.sessionCap(defaults, 8 * gib);
        assertEquals(8 * gib / 10 * 6 / SessionSearch.HEAP_BYTES_PER_SESSION, at8g);
        assertTrue(at8g > 5_000_000, "an 8 GiB heap holds the ~5M sessions of a 10^7-event search: " + at8g);
        assertEquals(1_000_000, SessionSearch.sessionCap(defaults, Long.MAX_VALUE), "no -Xmx limit known");
    }

    @Test
    void anExplicitMaxSessionsIsKeptWhateverTheHeap() throws Exception {
        CommandOptions given = CommandOptions.parse(List.of("max_sessions=1000000"));
        assertEquals(1_000_000, SessionSearch.sessionCap(given, 64L << 30));
        assertEquals(3, new SessionSearch(CommandOptions.parse(List.of("max_sessions=3"))).maxSessions());
    }
}
