package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;
import io.concurrentsessions.scp.OutputRow;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static io.concurrentsessions.command.CommandHarness.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Splunk's sibling detection on Entra ID sign-in logs ("Azure AD Concurrent Sessions From
 * Different Ips": {@code bucket span=5m _time | stats ... by user _time | where unique_ips > 2 AND
 * dc_city > 2}) as {@code by=user span=5m min_ips=3 min_cities=3}, against the groups
 * tools/aad_reference_dataset.py computes on its own.
 */
class SignInGroupingTest {
    private static final Path DIR = Path.of("src/test/resources/reference-aad");
    private static final List<Map<String, List<String>>> EVENTS = SplunkCsv.readFile(DIR.resolve("events.csv"));
    private static final List<Map<String, List<String>>> EXPECTED = SplunkCsv.readFile(DIR.resolve("expected.csv"));
    private static final List<String> SIBLING = List.of("by=user", "span=5m", "min_ips=3", "min_cities=3");

    @Test
    void groupsAreTheSiblingSearchsGroups() throws Exception {
        CommandHarness h = CommandHarness.run(SIBLING, EVENTS);
        assertEquals(EXPECTED, groups(h.rows));
        OutputRow first = h.rows.get(0);
        assertEquals(List.of("user", "_time", "firstTime", "lastTime", "ips"),
                new ArrayList<>(first.fields().keySet()).subList(0, 5), "no Operation or SessionId column; the window is _time");
        for (OutputRow r : h.rows) {
            double window = Double.parseDouble(r.value("_time"));
            double firstTime = Double.parseDouble(r.value("firstTime"));
            double lastTime = Double.parseDouble(r.value("lastTime"));
            assertTrue(window <= firstTime && firstTime <= lastTime && lastTime < window + 300, r.toString());
        }
        assertTrue(h.messages.stream().anyMatch(m -> m.startsWith("INFO") && m.contains("6 events lacked user or a numeric _time")),
                h.messages::toString);
    }

    @Test
    void mapThenReduceOnAnySplitGivesTheSameRows() throws Exception {
        List<Map<String, List<String>>> whole = plain(CommandHarness.run(SIBLING, EVENTS).rows);
        Random r = new Random(5);
        for (int round = 0; round < 10; round++) {
            List<Map<String, List<String>>> reduceInput = new ArrayList<>();
            List<List<Map<String, List<String>>>> peers = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (Map<String, List<String>> e : EVENTS) {
                peers.get(r.nextInt(3)).add(e);
            }
            List<String> mapArgs = new ArrayList<>(SIBLING);
            mapArgs.add("phase=map");
            for (List<Map<String, List<String>>> peer : peers) {
                for (OutputRow row : CommandHarness.run(mapArgs, peer, 1 + r.nextInt(60)).rows) {
                    reduceInput.add(CommandHarness.asInput(row));
                }
            }
            Collections.shuffle(reduceInput, r);
            assertEquals(whole, plain(CommandHarness.run(SIBLING, reduceInput, 1 + r.nextInt(30)).rows), "round " + round);
        }
    }

    @Test
    void theSeedsGroupingIsUnchangedAndByWithoutSpanMergesOperations() throws Exception {
        List<Map<String, List<String>>> seedRows = plain(CommandHarness.run(List.of(), EVENTS).rows);
        assertEquals(seedRows, plain(CommandHarness.run(List.of("by=Operation,user,SessionId"), EVENTS).rows));
        // Interactive and non-interactive sign-ins of one session id: two groups by the seed, one by user and SessionId.
        List<Map<String, List<String>>> events = List.of(
                event("100", "SignInLogs", "a@contoso.com", "s1", "192.0.2.1"),
                event("160", "NonInteractiveUserSignInLogs", "a@contoso.com", "s1", "192.0.2.2"));
        assertTrue(CommandHarness.run(List.of(), events).rows.isEmpty());
        List<OutputRow> merged = CommandHarness.run(List.of("by=user,SessionId"), events).rows;
        assertEquals(1, merged.size());
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), merged.get(0).values("ips"));
        assertFalse(merged.get(0).fields().containsKey("Operation"));
        assertEquals("s1", merged.get(0).value("SessionId"));
    }

    @Test
    void groupingsThatCannotWorkAreRefusedAtGetinfo() {
        for (List<String> args : List.of(List.of("by=Operation"), List.of("by=user,src_ip"), List.of("span=5m"),
                List.of("by=user,SessionId", "span=5m"), List.of("by=user", "span=5x"), List.of("by=user,user"),
                List.of("by=user", "span=0m"))) {
            CommandException e = assertThrows(CommandException.class, () -> CommandOptions.parse(args, null), args::toString);
            assertTrue(e.getMessage().startsWith("concurrentsessions: "), e.getMessage());
        }
        assertTrue(assertThrows(CommandException.class, () -> CommandOptions.parse(List.of("by=Operation"), null))
                .getMessage().contains("must include the user field user"));
    }

    @Test
    void theMapPhaseIsToldTheGrouping() throws Exception {
        String preop = CommandOptions.parse(SIBLING, null).mapPreop();
        assertTrue(preop.contains("by=\"user\"") && preop.contains("span=\"300s\"") && preop.contains("min_cities=\"3\""), preop);
    }

    private static Map<String, List<String>> event(String time, String op, String user, String sid, String ip) {
        Map<String, List<String>> e = new LinkedHashMap<>();
        e.put("_time", List.of(time));
        e.put("Operation", List.of(op));
        e.put("user", List.of(user));
        e.put("SessionId", List.of(sid));
        e.put("src_ip", List.of(ip));
        return e;
    }

    /** The columns the reference computes: user, the window, ips, and the cities of ip_location. */
    private static List<Map<String, List<String>>> groups(List<OutputRow> rows) {
        List<Map<String, List<String>>> out = new ArrayList<>();
        for (OutputRow r : rows) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            m.put("user", r.values("user"));
            m.put("_time", r.values("_time"));
            m.put("ips", r.values("ips"));
            TreeSet<String> cities = new TreeSet<>();
            for (String place : r.values("ip_location")) {
                int comma = place.lastIndexOf(", ");
                if (comma > 0) {
                    cities.add(place.substring(0, comma));
                }
            }
            m.put("cities", new ArrayList<>(cities));
            out.add(m);
        }
        return out;
    }
}
