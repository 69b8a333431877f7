package io.concurrentsessions.command;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.concurrentsessions.Fixtures;
import io.concurrentsessions.cli.Main;
import io.concurrentsessions.scp.Chunk;
import io.concurrentsessions.scp.ChunkReader;
import io.concurrentsessions.scp.ChunkWriter;
import io.concurrentsessions.scp.SplunkCsvReader;
import io.concurrentsessions.scp.Records;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole program (Main, protocol loop, CSV codec, command) over bytes as splunkd writes them. */
class ProtocolEndToEndTest {
    private static final String SESSION_KEY = "s3cr3t-session-key-0123456789";
    private static final List<Map<String, List<String>>> EVENTS = SplunkCsv.readFile(SplunkCsv.reference("events.csv"));
    private static final List<Map<String, List<String>>> EXPECTED = SplunkCsv.readFile(SplunkCsv.reference("expected.csv"));
    private static final List<String> EVENT_FIELDS = List.of("_time", "Operation", "Workload", "user", "SessionId", "src_ip", "user_agent");

    /** splunkd's side of one conversation. */
    static byte[] conversation(List<String> args, List<String> fields, List<Map<String, List<String>>> rows, int chunk) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChunkWriter w = new ChunkWriter(bytes);
        JsonObject info = new JsonObject();
        JsonArray a = new JsonArray();
        args.forEach(a::add);
        info.add("args", a);
        info.add("raw_args", a);
        info.addProperty("command", "concurrentsessions");
        info.addProperty("session_key", SESSION_KEY);
        info.addProperty("maxresultrows", 50000);
        JsonObject getinfo = new JsonObject();
        getinfo.addProperty("action", "getinfo");
        getinfo.addProperty("preview", false);
        getinfo.add("searchinfo", info);
        w.write(getinfo, new byte[0]);
        int at = 0;
        do {
            int n = Math.min(chunk, rows.size() - at);
            JsonObject exec = new JsonObject();
            exec.addProperty("action", "execute");
            exec.addProperty("finished", at + n >= rows.size());
            w.write(exec, SplunkCsv.write(fields, rows.subList(at, at + n)).getBytes(StandardCharsets.UTF_8));
            at += n;
        } while (at < rows.size());
        return bytes.toByteArray();
    }

    record Run(int exit, List<Chunk> replies, String stderr, byte[] stdout) {
        JsonObject meta(int i) {
            return replies.get(i).metadata();
        }

        /** Rows of every reply body after getinfo, as field -> values. */
        List<Map<String, List<String>>> rows() throws Exception {
            List<Map<String, List<String>>> out = new ArrayList<>();
            for (Chunk c : replies.subList(1, replies.size())) {
                if (c.bodyLength() == 0) {
                    continue;
                }
                Records r = c.records(new SplunkCsvReader());
                for (int i = 0; i < r.size(); i++) {
                    Map<String, List<String>> m = new LinkedHashMap<>();
                    for (int f = 0; f < r.fields().size(); f++) {
                        m.put(r.fields().get(f), r.values(i, f));
                    }
                    out.add(m);
                }
            }
            return out;
        }
    }

    @Test
    void nonNumericTimeKeepsTheEventAndSaysSoOnceThroughBytes() throws Exception {
        List<Map<String, List<String>>> events = new ArrayList<>();
        String[][] rows = {
            {"1599171100", "1.1.1.1"}, {"yesterday", "2.2.2.2"}, {"1599171200", "1.1.1.1"}, {"n/a", "3.3.3.3"}};
        for (String[] e : rows) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            m.put("_time", List.of(e[0]));
            m.put("Operation", List.of("UserLoggedIn"));
            m.put("user", List.of("u@contoso.com"));
            m.put("SessionId", List.of("s1"));
            m.put("src_ip", List.of(e[1]));
            m.put("user_agent", List.of("ua"));
            events.add(m);
        }
        Run r = run(conversation(List.of(), List.of("_time", "Operation", "user", "SessionId", "src_ip", "user_agent"), events, 2));
        assertEquals(0, r.exit(), r.stderr());
        List<Map<String, List<String>>> out = r.rows();
        assertEquals(1, out.size());
        assertEquals(List.of("1.1.1.1", "2.2.2.2", "3.3.3.3"), out.get(0).get("ips"), "events without a numeric _time still count");
        assertEquals(List.of("1599171100"), out.get(0).get("firstTime"));
        assertEquals(List.of("1599171200"), out.get(0).get("lastTime"));
        JsonArray messages = r.meta(r.replies().size() - 1).getAsJsonObject("inspector").getAsJsonArray("messages");
        List<String> warns = new ArrayList<>();
        messages.forEach(m -> {
            if (m.getAsJsonArray().get(0).getAsString().equals("WARN")) {
                warns.add(m.getAsJsonArray().get(1).getAsString());
            }
        });
        assertEquals(1, warns.size(), messages::toString);
        assertTrue(warns.get(0).contains("_time") && warns.get(0).contains("2 events") && warns.get(0).contains("\"yesterday\""),
                warns.get(0));
    }

    static Run run(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[0], new ByteArrayInputStream(input), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        List<Chunk> replies = new ArrayList<>();
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(out.toByteArray()));
        for (Chunk c = reader.read(); c != null; c = reader.read()) {
            replies.add(c);
        }
        return new Run(exit, replies, err.toString(StandardCharsets.UTF_8), out.toByteArray());
    }

    private static List<Map<String, List<String>>> seedColumns(List<Map<String, List<String>>> rows) {
        List<Map<String, List<String>>> out = new ArrayList<>();
        for (Map<String, List<String>> r : rows) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (String f : List.of("Operation", "user", "SessionId", "firstTime", "lastTime", "ips", "user_agents")) {
                m.put(f, r.getOrDefault(f, List.of()));
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void getinfoDeclaresAReportingCommandWithItsMapPhase() throws Exception {
        Run r = run(conversation(List.of("min_ips=3", "ip_field=ClientIP"), EVENT_FIELDS, EVENTS.subList(0, 1), 10));
        JsonObject g = r.meta(0);
        assertEquals("reporting", g.get("type").getAsString());
        assertEquals("concurrentsessions phase=map min_ips=\"3\" ip_field=\"ClientIP\"", g.get("streaming_preop").getAsString());
        assertEquals(JsonParser.parseString("[\"_time\",\"Operation\",\"user\",\"SessionId\",\"ClientIP\",\"user_agent\",\"lat\",\"lon\",\"City\",\"Country\",\"device_id\",\"device_managed\",\"device_trust_type\",\"log\",\"concurrentsessions_state\"]"),
                g.get("required_fields"));
        Run m = run(conversation(List.of("phase=map"), EVENT_FIELDS, EVENTS.subList(0, 1), 10));
        assertEquals("streaming", m.meta(0).get("type").getAsString());
        assertFalse(m.meta(0).has("streaming_preop"));
    }

    @Test
    void oneSearchHeadProcessOverManyChunksReturnsTheReferenceResult() throws Exception {
        Run r = run(conversation(List.of(), EVENT_FIELDS, EVENTS, 37));
        assertEquals(0, r.exit(), r.stderr());
        for (int i = 1; i < r.replies().size() - 1; i++) {
            assertEquals(0, r.replies().get(i).bodyLength(), "a reporting command answers non-final chunks empty");
        }
        List<Map<String, List<String>>> rows = r.rows();
        assertEquals(EXPECTED, seedColumns(rows));
        assertEquals("User order@contoso.com has logged in with the same session id from more than one unique IP address",
                rows.stream().filter(m -> m.get("user").equals(List.of("order@contoso.com"))).findFirst().orElseThrow().get("risk_message").get(0));
        String all = new String(r.stdout(), StandardCharsets.UTF_8) + r.stderr();
        assertFalse(all.contains(SESSION_KEY));
    }

    @Test
    void mapOnThreePeersThenReduceThroughBytesReturnsTheSameResult() throws Exception {
        List<List<Map<String, List<String>>>> peers = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < EVENTS.size(); i++) {
            peers.get((i * 7 + i / 5) % 3).add(EVENTS.get(i));
        }
        List<Map<String, List<String>>> partials = new ArrayList<>();
        for (List<Map<String, List<String>>> peer : peers) {
            Run m = run(conversation(List.of("phase=map", "max_sessions=25"), EVENT_FIELDS, peer, 23));
            assertEquals(0, m.exit(), m.stderr());
            partials.addAll(m.rows());
        }
        assertTrue(partials.size() > 60, "one partial per session per peer, plus early flushes: " + partials.size());
        Run reduce = run(conversation(List.of(), List.of(CommandOptions.STATE_FIELD), partials, 17));
        assertEquals(0, reduce.exit(), reduce.stderr());
        assertEquals(EXPECTED, seedColumns(reduce.rows()));
    }

    private static Map<String, List<String>> located(String time, String sid, String ip, String ua, String lat, String lon,
                                                     String city, String country, String asn) {
        Map<String, List<String>> e = new LinkedHashMap<>(Events.login(time, "victim@contoso.com", sid, ip, ua));
        e.put("lat", lat.isEmpty() ? List.of() : List.of(lat));
        e.put("lon", lon.isEmpty() ? List.of() : List.of(lon));
        e.put("City", List.of(city));
        e.put("Country", List.of(country));
        e.put("asn", List.of(asn));
        return e;
    }

    @Test
    void strictWithIplocationFieldsThroughBytesOnOneProcessAndMapThenReduce() throws Exception {
        List<Map<String, List<String>>> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // victim in London and the proxy in Amsterdam interleave
            events.add(located(Integer.toString(1709629900 + 300 * i), "aitm", "81.2.69.160", "Edge", "51.5074", "-0.1278",
                    "London", "United Kingdom", "2856"));
            events.add(located(Integer.toString(1709630000 + 300 * i), "aitm", "[::ffff:185.220.101.4]:443", "python-requests",
                    i == 2 ? "" : "52.3676", i == 2 ? "" : "4.9041", "Amsterdam", "Netherlands", "24940"));
            // dual stack at home: interleaved, same place, ASN and user agent
            events.add(located(Integer.toString(1709629950 + 300 * i), "dual", i % 2 == 0 ? "81.2.69.161" : "2a00:23c8:1:2::5",
                    "Edge", "51.5074", "-0.1278", "London", "United Kingdom", "2856"));
        }
        List<String> fields = List.of("_time", "Operation", "user", "SessionId", "src_ip", "user_agent", "lat", "lon", "City", "Country", "asn");
        List<String> args = List.of("profile=strict", "asn_field=asn");
        Run one = run(conversation(args, fields, events, 5));
        assertEquals(0, one.exit(), one.stderr());
        List<Map<String, List<String>>> rows = one.rows();
        assertEquals(1, rows.size(), rows::toString);
        Map<String, List<String>> r = rows.get(0);
        assertEquals(List.of("aitm"), r.get("SessionId"));
        assertEquals(List.of("185.220.101.4", "81.2.69.160"), r.get("ips"), "normalised: port and IPv4-mapped form gone");
        assertEquals(List.of("185.220.101.0/24", "81.2.69.0/24"), r.get("ip_network"));
        assertEquals(List.of("Amsterdam, Netherlands", "London, United Kingdom"), r.get("ip_location"));
        assertEquals(List.of("1709630000", "1709629900"), r.get("ip_first_seen"));
        assertEquals(List.of("1709631500", "1709631400"), r.get("ip_last_seen"));
        assertEquals(List.of("6", "6"), r.get("ip_event_count"));
        assertEquals(List.of("true"), r.get("concurrent"));
        assertEquals(List.of("1400"), r.get("overlap_seconds"));
        assertEquals(List.of("12884"), r.get("max_travel_kmh")); // 358 km in 100 s
        assertEquals(List.of("24940", "2856"), r.get("asns"));
        assertEquals(List.of("2"), r.get("asn_count"));
        assertEquals(List.of("true"), r.get("ua_changed_with_ip"));
        assertEquals(List.of("100"), r.get("risk_score"));
        assertEquals(List.of("strict"), r.get("profile"));
        assertTrue(r.get("reasons").contains("impossible travel 12884 km/h"), r.get("reasons").toString());
        assertTrue(r.get("reasons").contains("2 networks used concurrently for 1400 s"), r.get("reasons").toString());
        String last = one.meta(one.replies().size() - 1).toString();
        assertTrue(last.contains("profile=strict left out 1 sessions"), last);

        List<Map<String, List<String>>> partials = new ArrayList<>();
        String preop = one.meta(0).get("streaming_preop").getAsString();
        assertEquals("concurrentsessions phase=map profile=\"strict\" asn_field=\"asn\"", preop);
        for (int peer = 0; peer < 2; peer++) {
            List<Map<String, List<String>>> mine = new ArrayList<>();
            for (int i = peer; i < events.size(); i += 2) {
                mine.add(events.get(i));
            }
            Run m = run(conversation(List.of("phase=map", "profile=strict", "asn_field=asn"), fields, mine, 4));
            assertEquals(0, m.exit(), m.stderr());
            partials.addAll(m.rows());
        }
        assertTrue(partials.stream().allMatch(p -> p.get(CommandOptions.STATE_FIELD).get(0).startsWith("cs2|")));
        Run reduce = run(conversation(args, List.of(CommandOptions.STATE_FIELD), partials, 3));
        assertEquals(0, reduce.exit(), reduce.stderr());
        assertEquals(rows, reduce.rows());
    }

    @Test
    void anUnknownOptionFailsAtGetinfoWithTheValidOptions() throws Exception {
        Run r = run(conversation(List.of("min_ip=3"), EVENT_FIELDS, EVENTS.subList(0, 1), 10));
        assertEquals(1, r.exit());
        String error = r.meta(0).get("error").getAsString();
        assertTrue(error.contains("unknown option \"min_ip\"") && error.contains("min_ips=<int>"), error);
    }

    @Test
    void aRealSplunkCaptureWithoutTheFieldsYieldsNoRowsAndSaysWhy() throws Exception {
        byte[] input = Fixtures.gunzipped("scpv2/splunk-8.0.3-multibyte.input.gz");
        Run r = run(input);
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.rows().isEmpty());
        String last = r.meta(r.replies().size() - 1).toString();
        assertTrue(last.contains("lacked Operation, user or SessionId"), last);
    }
}
