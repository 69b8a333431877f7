package io.concurrentsessions.reliability;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.concurrentsessions.cli.Main;
import io.concurrentsessions.command.ConcurrentSessionsCommand;
import io.concurrentsessions.fuzz.Frames;
import io.concurrentsessions.scp.Chunk;
import io.concurrentsessions.scp.ChunkReader;
import io.concurrentsessions.scp.ChunkedProtocol;
import io.concurrentsessions.scp.CsvFormatException;
import io.concurrentsessions.scp.SplunkCsvReader;
import io.concurrentsessions.scp.Records;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input, one row per case, each through real protocol bytes (or real files for the scanner),
 * each with the exact text the user sees: the fatal ERROR of the last reply, or the messages that
 * reply carries, or the scanner's stderr. Every protocol case also proves stdout is frames only,
 * lock-step, and that no row was lost (rows counted). A watchdog fails a hang; it is not a timing
 * assertion (every case takes milliseconds).
 */
class BadInputTableTest {
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final String SUMMARY_NONE = "INFO concurrentsessions: 0 events, 0 sessions; 0 events lacked Operation, user or SessionId and were not grouped (as stats drops them).";
    private static final String SUMMARY_TWO = "INFO concurrentsessions: 2 events, 1 sessions; 0 events lacked Operation, user or SessionId and were not grouped (as stats drops them).";

    @TempDir
    static Path dir;

    /** What one protocol case must give: exit code, what the user sees, result rows (-1: not counted). */
    record Expect(int exit, String userSees, int rows, Consumer<Frames> more) {
        static Expect fatal(int exit, String error) {
            return new Expect(exit, error, 0, f -> { });
        }

        static Expect ok(String messages, int rows) {
            return new Expect(ChunkedProtocol.EXIT_OK, messages, rows, f -> { });
        }

        Expect and(Consumer<Frames> check) {
            return new Expect(exit, userSees, rows, check);
        }
    }

    static Stream<Arguments> protocolCases() {
        String events = Stdin.twoAddresses();
        byte[] badUtf8 = (Stdin.EVENTS_HEADER + "1700000000,UserLoggedIn,bob,s-2,203.0.113.7,agent-\u00e9\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] invalid = Arrays.copyOf(badUtf8, badUtf8.length + 64);
        int at = indexOf(badUtf8, "agent-".getBytes(StandardCharsets.US_ASCII)) + 6;
        // 0xC3 0xA9 (é) becomes a lone continuation byte, an overlong NUL and a truncated sequence.
        byte[] garbage = {(byte) 0xA9, (byte) 0xC0, (byte) 0x80, (byte) 0xE2, (byte) 0x82};
        System.arraycopy(garbage, 0, invalid, at, garbage.length);
        System.arraycopy(badUtf8, at + 2, invalid, at + garbage.length, badUtf8.length - at - 2);
        invalid = Arrays.copyOf(invalid, badUtf8.length - 2 + garbage.length);
        byte[] secondEvent = ("1700000001,UserLoggedIn,bob,s-2,198.51.100.9,x\n").getBytes(StandardCharsets.US_ASCII);
        byte[] invalidBody = concat(invalid, secondEvent);

        String big = "A".repeat(20_000_000);
        String bigEvents = Stdin.EVENTS_HEADER
                + "1700000000,UserLoggedIn,carol,s-3,203.0.113.7," + big + "\n"
                + "1700000001,UserLoggedIn,carol,s-3,198.51.100.9,curl\n";

        return Stream.of(
                protocol("truncated chunk: stdin ends inside the body",
                        Stdin.getinfo().raw("chunked 1.0,36,100\n{\"action\":\"execute\",\"finished\":true}_time,user\n1,a\n"),
                        Expect.fatal(2, "chunk 2: stream ended inside the body: got 15 of 100 bytes (truncated chunk)")),
                protocol("truncated chunk: stdin ends inside the header",
                        Stdin.getinfo().raw("chunked 1.0,3"),
                        Expect.fatal(2, "chunk 2: stream ended inside the chunk header after 13 bytes ('chunked 1.0,3')")),
                protocol("oversized chunk: declared body over the 1 GiB cap",
                        Stdin.getinfo().raw("chunked 1.0,36,2000000000\n{\"action\":\"execute\",\"finished\":true}"),
                        Expect.fatal(2, "chunk 2: body length 2000000000 bytes exceeds the limit of 1073741824 bytes; lower"
                                + " maxchunksize in commands.conf or raise -Dconcurrentsessions.max_chunk_bytes under [java]"
                                + " options in local/concurrentsessions.conf")),
                protocol("non-JSON metadata",
                        Stdin.getinfo().raw("chunked 1.0,12,0\naction=exec!"),
                        Expect.fatal(2, "chunk 2: metadata (12 bytes) is not valid JSON")),
                protocol("JSON metadata that is not an object",
                        Stdin.getinfo().raw("chunked 1.0,2,0\n[]"),
                        Expect.fatal(2, "chunk 2: metadata (2 bytes) is not a JSON object")),
                protocol("unknown action",
                        Stdin.getinfo().raw("chunked 1.0,20,0\n{\"action\":\"explode\"}"),
                        Expect.fatal(2, "chunk 2: unexpected action 'explode' (expected execute)")),
                protocol("execute before getinfo",
                        new Stdin().execute(true, events),
                        Expect.fatal(2, "the first request must be getinfo, got action 'execute'")),
                protocol("unbalanced CSV quote",
                        Stdin.getinfo().execute(true, Stdin.EVENTS_HEADER + "1700000000,UserLoggedIn,\"alice,s-1,203.0.113.7,x\n"),
                        Expect.fatal(2, "chunk 2: CSV record 1 (line 2): a quoted value is never closed (unbalanced quote"
                                + " runs to the end of the body)")),
                protocol("CSV record with a missing cell",
                        Stdin.getinfo().execute(true, Stdin.EVENTS_HEADER + "1700000000,UserLoggedIn,alice,s-1,203.0.113.7\n"),
                        Expect.fatal(2, "chunk 2: CSV record 1 (line 2) has 5 cells but the header has 6")),
                protocol("invalid UTF-8 in a field: replaced, not fatal, no row lost",
                        Stdin.getinfo().execute(true, invalidBody),
                        Expect.ok("INFO concurrentsessions: 2 events, 1 sessions; 0 events lacked Operation, user or SessionId"
                                + " and were not grouped (as stats drops them).", 1).and(f -> {
                            Records r = last(rows(f));
                            List<String> agents = r.values(0, r.indexOf("user_agents"));
                            assertEquals(List.of("agent-\uFFFD\uFFFD\uFFFD\uFFFD", "x"), agents);
                        })),
                protocol("20 MB field: read whole, no row lost",
                        Stdin.getinfo().execute(true, bigEvents),
                        Expect.ok("INFO concurrentsessions: 2 events, 1 sessions; 0 events lacked Operation, user or SessionId"
                                + " and were not grouped (as stats drops them).", 1).and(f -> {
                            Records r = last(rows(f));
                            List<String> agents = r.values(0, r.indexOf("user_agents"));
                            assertEquals(2, agents.size());
                            assertTrue(agents.contains(big), "the 20 MB value came back intact");
                        })),
                protocolWith("20 MB field over a 16 MiB field cap",
                        e -> new ChunkedProtocol(e, ChunkReader.DEFAULT_MAX_METADATA_BYTES, ChunkReader.DEFAULT_MAX_BODY_BYTES, 16 << 20),
                        Stdin.getinfo().execute(true, bigEvents),
                        Expect.fatal(2, "chunk 2: CSV record 1 (line 2): field 'user_agent' is at least 20000000 bytes, over"
                                + " the per-field limit of 16777216 bytes; raise it with -Dconcurrentsessions.max_field_bytes=<bytes>"
                                + " under [java] options in local/concurrentsessions.conf")),
                protocol("non-numeric _time: the event still counts, its time is left out, and a WARN says so",
                        Stdin.getinfo().execute(true, Stdin.EVENTS_HEADER
                                + "yesterday,UserLoggedIn,alice@contoso.com,s-1,203.0.113.7,a\n"
                                + "1700000060,UserLoggedIn,alice@contoso.com,s-1,198.51.100.9,b\n"),
                        Expect.ok(SUMMARY_TWO + " | WARN concurrentsessions: 1 event had a _time that is not a number"
                                + " (first: \"yesterday\"); they were grouped without a time, as stats groups them, so"
                                + " firstTime, lastTime and the per-address times leave them out.", 1).and(f -> {
                            Records r = last(rows(f));
                            assertEquals("1700000060", r.value(0, r.indexOf("firstTime")));
                            assertEquals(List.of("198.51.100.9", "203.0.113.7"), r.values(0, r.indexOf("ips")));
                        })),
                protocol("missing fields: events counted as lacking the key, not dropped silently",
                        Stdin.getinfo().execute(true, "_time,user,src_ip\n1700000000,alice,203.0.113.7\n1700000001,alice,198.51.100.9\n"),
                        Expect.ok("INFO concurrentsessions: 2 events, 0 sessions; 2 events lacked Operation, user or SessionId"
                                + " and were not grouped (as stats drops them).", 0)),
                protocol("bad option value",
                        Stdin.getinfo("min_ips=two"),
                        Expect.fatal(1, "concurrentsessions: invalid value \"two\" for option min_ips: expected a whole number"
                                + " from 1 to 2147483647")),
                protocol("unknown option",
                        Stdin.getinfo("min_ip=2"),
                        Expect.fatal(1, "concurrentsessions: unknown option \"min_ip\". Valid options: min_ips=<int>,"
                                + " ip_field=<field>, ua_field=<field>, user_field=<field>, session_field=<field>,"
                                + " operation_field=<field>, by=<field,field,...>, span=<span>, min_cities=<int>, max_sessions=<int>, profile=seed|strict, normalize_ips=true|false,"
                                + " allow_cidrs=<cidr,cidr,...>, allow_cidrs_lookup=<lookup>, max_ips_per_session=<int>,"
                                + " ipv4_prefix=<int>, ipv6_prefix=<int>, min_overlap_seconds=<int>, asn_field=<field>,"
                                + " risk_scoring=seed|evidence")),
                protocol("splunkd closes the pipe mid-search, between chunks: every request answered, exit 0",
                        Stdin.getinfo().execute(false, events),
                        Expect.ok("", 0).and(f -> assertTrue(f.stderr.contains("concurrentsessions: stdin closed before the final"
                                + " chunk, after 1 execute chunks; finish was not run\n"), f.stderr))),
                protocol("splunkd closes the pipe mid-search, inside a chunk",
                        Stdin.getinfo().execute(false, events).raw("chunked 1.0,37,500\n{\"action\":\"execute\",\"finished\":false}_time"),
                        Expect.fatal(2, "chunk 3: stream ended inside the body: got 5 of 500 bytes (truncated chunk)")),
                protocol("empty search: no events at all",
                        Stdin.getinfo().execute(true, ""),
                        Expect.ok(SUMMARY_NONE, 0)),
                protocol("empty search: a header and no rows",
                        Stdin.getinfo().execute(true, Stdin.EVENTS_HEADER),
                        Expect.ok(SUMMARY_NONE, 0)),
                protocol("probe: getinfo then stdin closes",
                        Stdin.getinfo(),
                        Expect.ok("", 0))
        );
    }

    static Arguments protocol(String name, Stdin stdin, Expect expect) {
        return protocolWith(name, ChunkedProtocol::new, stdin, expect);
    }

    static Arguments protocolWith(String name, Function<PrintStream, ChunkedProtocol> protocol, Stdin stdin, Expect expect) {
        return Arguments.of(name, protocol, stdin.bytes(), expect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolCases")
    void protocol(String name, Function<PrintStream, ChunkedProtocol> protocol, byte[] stdin, Expect expect) {
        Frames f = assertTimeoutPreemptively(HANG, () -> Frames.run(protocol, new ConcurrentSessionsCommand(), stdin));
        f.assertWellFormedEnd(stdin);
        assertEquals(expect.exit(), f.exit, f.stderr);
        JsonObject last = f.replies.isEmpty() ? new JsonObject() : f.replies.get(f.replies.size() - 1).metadata();
        if (expect.exit() != ChunkedProtocol.EXIT_OK) {
            assertEquals(expect.userSees(), last.get("error").getAsString());
            assertEquals(List.of("ERROR " + expect.userSees()), messages(last));
            assertTrue(f.stderr.contains("ERROR: " + expect.userSees()), "search.log has it too: " + f.stderr);
        } else {
            assertEquals(expect.userSees(), String.join(" | ", messages(last)));
        }
        if (expect.rows() >= 0) {
            int rows = rows(f).stream().mapToInt(Records::size).sum();
            assertEquals(expect.rows(), rows, "result rows");
        }
        String everything = new String(f.stdout, StandardCharsets.UTF_8) + f.stderr;
        assertFalse(everything.contains(Stdin.SESSION_KEY), "session key in the output");
        expect.more().accept(f);
    }

    @org.junit.jupiter.api.Test
    void splunkdClosesStdoutMidSearch() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] in = Stdin.getinfo().execute(true, Stdin.twoAddresses()).bytes();
        int exit = assertTimeoutPreemptively(HANG, () -> new ChunkedProtocol(new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new ConcurrentSessionsCommand(), new ByteArrayInputStream(in), closed));
        assertEquals(ChunkedProtocol.EXIT_PROTOCOL_ERROR, exit);
        assertEquals("concurrentsessions: cannot write to splunkd: Broken pipe\n", err.toString(StandardCharsets.UTF_8));
    }

    // ---- the scanner: real files ---------------------------------------------------------------

    static final String RECORD = "{\"CreationTime\":\"2023-06-18T12:02:47\",\"Operation\":\"UserLoggedIn\",\"Workload\":"
            + "\"AzureActiveDirectory\",\"UserId\":\"alice@contoso.com\",\"ClientIP\":\"203.0.113.7\","
            + "\"DeviceProperties\":[{\"Name\":\"SessionId\",\"Value\":\"s-1\"}]}";

    static Stream<Arguments> scannerCases() throws IOException {
        Path good = Files.writeString(dir.resolve("good.json"), RECORD + "\n" + RECORD.replace("203.0.113.7", "198.51.100.9") + "\n");
        Path badLine = Files.writeString(dir.resolve("bad-line.json"),
                RECORD + "\n" + RECORD + "\n{\"CreationTime\": \"2023-06-18T12:03:00\", \"Operation\": \n" + RECORD + "\n");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            for (int i = 0; i < 2000; i++) {
                out.write((RECORD + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = gz.toByteArray();
        Path truncated = Files.write(dir.resolve("export.json.gz"), Arrays.copyOf(whole, whole.length / 2));
        Path missing = dir.resolve("missing.json");
        return Stream.of(
                Arguments.of("missing file", List.of(missing.toString()), 1,
                        "scan: " + missing + ": no such file\n"
                                + "scan: no findings reported: the input is incomplete.\n"),
                Arguments.of("truncated gzip", List.of(truncated.toString()), 1,
                        "scan: " + truncated + ": line 1: the data ends too early, the file is truncated (Unexpected end of ZLIB input stream)\n"
                                + "scan: no findings reported: the input is incomplete.\n"),
                Arguments.of("bad JSON line, named by its line number, the rest read", List.of(badLine.toString()), 0,
                        "scan: warning: " + badLine + ": 1 malformed record skipped (line 3: not a JSON record: End of input at line 1 column 54 path $.Operation)\n"
                                + "scan: 1 file, 3 records, 3 matched Workload=AzureActiveDirectory Operation in (NonInteractiveUserSignInLogs, SignInLogs, UserLoggedIn), 1 session (0 events without Operation, user or SessionId); 0 sessions used from at least 2 IP addresses\n"),
                Arguments.of("a missing file among good ones stops the scan: no partial findings", List.of(good.toString(), missing.toString()), 1,
                        "scan: " + missing + ": no such file\n"
                                + "scan: no findings reported: the input is incomplete.\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scannerCases")
    void scanner(String name, List<String> files, int exit, String stderr) {
        List<String> args = new ArrayList<>(List.of("scan", "--progress=false"));
        args.addAll(files);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = assertTimeoutPreemptively(HANG, () -> Main.run(args.toArray(new String[0]), new ByteArrayInputStream(new byte[0]),
                out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(stderr, err.toString(StandardCharsets.UTF_8));
        assertEquals(exit, code);
        if (exit != 0) {
            assertEquals("", out.toString(StandardCharsets.UTF_8), "no findings printed from incomplete input");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static List<String> messages(JsonObject reply) {
        List<String> out = new ArrayList<>();
        if (reply.has("inspector")) {
            JsonArray m = reply.getAsJsonObject("inspector").getAsJsonArray("messages");
            for (JsonElement e : m) {
                out.add(e.getAsJsonArray().get(0).getAsString() + " " + e.getAsJsonArray().get(1).getAsString());
            }
        }
        return out;
    }

    static List<Records> rows(Frames f) {
        List<Records> out = new ArrayList<>();
        for (Chunk c : f.replies) {
            try {
                out.add(c.records(new SplunkCsvReader()));
            } catch (CsvFormatException e) {
                throw new AssertionError("a reply body is not CSV: " + e.getMessage(), e);
            }
        }
        return out;
    }

    static Records last(List<Records> replies) {
        return replies.get(replies.size() - 1);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
