package io.concurrentsessions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.concurrentsessions.command.CommandOptions;
import io.concurrentsessions.command.FindingRow;
import io.concurrentsessions.command.ResultColumn;
import io.concurrentsessions.command.SessionSearch;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.scp.OutputRow;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One finding from the engine, written as the Splunk row, the scanner's JSON and its CSV: each
 * says the same thing, column for column, as the declarations in {@link FindingRow}.
 */
class FindingColumnsTest {

    @Test
    void rowJsonAndCsvAgreeWithTheDeclarations() throws Exception {
        CommandOptions o = CommandOptions.parse(List.of("asn_field=asn", "risk_scoring=evidence"));
        Finding f = aitmSession(o);
        List<ResultColumn> columns = FindingRow.columns(o);
        List<ResultColumn> all = new ArrayList<>(FindingRow.COLUMNS);
        all.remove(FindingRow.TIME_WINDOW); // only with span=
        assertEquals(all, columns, "asn_field gives every column but the time window");
        List<String> names = columns.stream().map(ResultColumn::name).toList();

        OutputRow row = FindingRow.toRow(f, o);
        assertEquals(names, List.copyOf(row.fields().keySet()));
        JsonObject json = json(f, o);
        assertEquals(names, List.copyOf(json.keySet()));
        List<String> csv = csv(f, o);
        assertEquals(2, csv.size() / names.size(), "a header and one row");

        for (int i = 0; i < columns.size(); i++) {
            ResultColumn c = columns.get(i);
            List<String> values = c.values(f, o);
            assertEquals(values, row.values(c.name()), c.name());
            assertEquals(c.name(), csv.get(i));
            JsonElement j = json.get(c.name());
            if (c.arity().multivalue()) {
                assertTrue(j.isJsonArray(), c.name() + " is an array: " + j);
                JsonArray a = j.getAsJsonArray();
                assertEquals(values.size(), a.size(), c.name());
                for (int k = 0; k < a.size(); k++) {
                    assertTyped(c, values.get(k), a.get(k));
                }
            } else if (values.isEmpty()) {
                assertTrue(j.isJsonNull(), c.name() + " without a value is null: " + j);
            } else {
                assertEquals(1, values.size(), c.name());
                assertTyped(c, values.get(0), j);
            }
            List<String> shown = c.kind() == ResultColumn.Kind.TIME
                    ? values.stream().map(v -> FindingsFormat.time(v, FindingsFormat.CTIME)).toList()
                    : values;
            assertEquals(String.join("\n", shown), csv.get(names.size() + i), c.name() + " in the CSV");
        }

        // What the engine computed, as the declarations write it.
        assertEquals(List.of("1709629925.250"), row.values("firstTime"), "the time's digits as given");
        assertEquals("2024-03-05T09:12:05", csv.get(names.size() + names.indexOf("firstTime")));
        assertEquals(List.of("1709630100", "unknown", "1709629925.25"), row.values("ip_first_seen"), "an address without a time");
        assertTrue(json.getAsJsonArray("ip_first_seen").get(1).getAsJsonPrimitive().isString());
        assertTrue(json.getAsJsonArray("ip_first_seen").get(2).getAsJsonPrimitive().isNumber());
        assertEquals(List.of("AS1", "AS2"), row.values("asns"));
        assertEquals(2, json.get("asn_count").getAsInt());
        assertTrue(Long.parseLong(row.value("max_travel_kmh")) > 1000, "Seattle to Amsterdam in minutes");
        assertTrue(json.get("ua_changed_with_ip").getAsBoolean());
        assertEquals(Integer.toString(f.evidence().riskScore()), row.value("risk_score"));
    }

    @Test
    void columnsTheOptionsLeaveOutAreInNoOutput() throws Exception {
        CommandOptions o = CommandOptions.parse(List.of());
        Finding f = aitmSession(o);
        assertFalse(FindingRow.ASNS.isPresent(o));
        for (String absent : List.of("asns", "asn_count")) {
            assertFalse(FindingRow.toRow(f, o).fields().containsKey(absent), absent);
            assertFalse(json(f, o).has(absent), absent);
            assertFalse(csv(f, o).contains(absent), absent);
        }
        assertEquals("42", FindingRow.toRow(f, o).value("risk_score"), "the seed's score without risk_scoring=evidence");
    }

    @Test
    void reportDrawsTheSessionSpanWhenAnAddressHasNoTimeAndSaysWhich() throws Exception {
        CommandOptions o = CommandOptions.parse(List.of());
        StringWriter w = new StringWriter();
        FindingsFormat.HTML.write(List.of(aitmSession(o)), o, w);
        assertTrue(w.toString().contains("<p class=\"note\">198.51.100.7 was seen without a numeric _time"), w.toString());
        assertTrue(w.toString().contains("<title>198.51.100.7: session span "), "each bar spans the session: " + w);
        assertTrue(w.toString().contains(" km/h</dd>"), "the evidence beside it still shows the travel speed");
    }

    @Test
    void strictProfileLeavesOutWhatTheCommandLeavesOut() throws Exception {
        CommandOptions strict = CommandOptions.parse(List.of("profile=strict"));
        SessionSearch search = new SessionSearch(strict);
        // One network (a /24): concurrent, but never strict evidence.
        search.observe(fields(login("100", "u", "s", "10.0.0.1", "A", null)));
        search.observe(fields(login("200", "u", "s", "10.0.0.2", "A", null)));
        assertEquals(List.of(), search.findings());
        assertTrue(search.summary().contains("profile=strict left out 1 sessions"), search.summary());
    }

    /** Victim in Seattle, a proxy in Amsterdam interleaving minutes later, and an address seen only without a time. */
    private static Finding aitmSession(CommandOptions o) {
        SessionSearch search = new SessionSearch(o);
        String[] seattle = {"47.6062", "-122.3321", "Seattle", "United States"};
        String[] amsterdam = {"52.3676", "4.9041", "Amsterdam", "Netherlands"};
        search.observe(fields(login("1709629925.250", "v@contoso.com", "s1", "203.0.113.19", "Safari", seattle, "AS1")));
        search.observe(fields(login("1709630100", "v@contoso.com", "s1", "192.0.2.66", "HeadlessChrome", amsterdam, "AS2")));
        search.observe(fields(login("1709630400", "v@contoso.com", "s1", "203.0.113.19", "Safari", seattle, "AS1")));
        search.observe(fields(login("1709630700", "v@contoso.com", "s1", "192.0.2.66", "HeadlessChrome", amsterdam, "AS2")));
        search.observe(fields(login("not a time", "v@contoso.com", "s1", "198.51.100.7", "Safari", null, null)));
        List<Finding> findings = search.findings();
        assertEquals(1, findings.size());
        return findings.get(0);
    }

    private static Map<String, List<String>> login(String time, String user, String sid, String ip, String ua, String[] place) {
        return login(time, user, sid, ip, ua, place, null);
    }

    private static Map<String, List<String>> login(String time, String user, String sid, String ip, String ua, String[] place,
                                                   String asn) {
        Map<String, List<String>> e = new LinkedHashMap<>();
        e.put("_time", List.of(time));
        e.put("Operation", List.of("UserLoggedIn"));
        e.put("user", List.of(user));
        e.put("SessionId", List.of(sid));
        e.put("src_ip", List.of(ip));
        e.put("user_agent", List.of(ua));
        if (place != null) {
            List<String> names = CommandOptions.LOCATION_FIELDS;
            for (int i = 0; i < names.size(); i++) {
                e.put(names.get(i), List.of(place[i]));
            }
        }
        if (asn != null) {
            e.put("asn", List.of(asn));
        }
        return e;
    }

    private static Function<String, List<String>> fields(Map<String, List<String>> e) {
        return name -> e.getOrDefault(name, List.of());
    }

    /** A number as the text it was written with; a flag as true/false; anything else as a string. */
    private static void assertTyped(ResultColumn c, String text, JsonElement j) {
        boolean number = text.matches("-?\\d+(\\.\\d+)?");
        if (c.kind().numeric() && number) {
            assertTrue(j.getAsJsonPrimitive().isNumber(), c.name() + " is a number: " + j);
            assertEquals(text, j.toString(), c.name() + " keeps its digits");
        } else if (c.kind() == ResultColumn.Kind.BOOLEAN) {
            assertTrue(j.getAsJsonPrimitive().isBoolean(), c.name() + " is a boolean: " + j);
            assertEquals(text, j.toString(), c.name());
        } else {
            assertTrue(j.getAsJsonPrimitive().isString(), c.name() + " is a string: " + j);
            assertEquals(text, j.getAsString(), c.name());
        }
    }

    private static JsonObject json(Finding f, CommandOptions o) throws Exception {
        StringWriter w = new StringWriter();
        FindingsFormat.JSON.write(List.of(f), o, w);
        JsonArray rows = JsonParser.parseString(w.toString()).getAsJsonArray();
        assertEquals(1, rows.size());
        return rows.get(0).getAsJsonObject();
    }

    /** The header's cells, then the row's. */
    private static List<String> csv(Finding f, CommandOptions o) throws Exception {
        StringWriter w = new StringWriter();
        FindingsFormat.CSV.write(List.of(f), o, w);
        List<String> cells = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(w.toString())) {
            csv.forEach(r -> cells.addAll(r.getFields()));
        }
        return cells;
    }
}
