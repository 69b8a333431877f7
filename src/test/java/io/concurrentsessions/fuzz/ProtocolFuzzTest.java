package io.concurrentsessions.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.concurrentsessions.command.ConcurrentSessionsCommand;
import io.concurrentsessions.scp.Chunk;
import io.concurrentsessions.scp.ChunkReader;
import io.concurrentsessions.scp.ChunkWriter;
import io.concurrentsessions.scp.ChunkedProtocol;
import io.concurrentsessions.scp.CsvFormatException;
import io.concurrentsessions.scp.SplunkCsvReader;
import io.concurrentsessions.scp.CsvWriter;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.ProtocolException;
import io.concurrentsessions.scp.Records;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.concurrentsessions.fuzz.Frames.check;

/**
 * The chunk reader and the whole protocol loop over bytes an attacker shapes. `mvn test` replays
 * the seeds in src/test/resources/io/concurrentsessions/fuzz/ProtocolFuzzTestInputs; `-Pfuzz`
 * fuzzes each target for fuzz.seconds (see README, "Fuzzing").
 */
class ProtocolFuzzTest {
    static final String SESSION_KEY = "Splunk fuzz-SECRET-0123456789abcdef";

    /** Any bytes: a chunk, a clean end, or a ProtocolException; never another exception or a hang. */
    @FuzzTest(maxDuration = "25s")
    void chunkReader(byte[] data) throws IOException {
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(data), 4096, 1 << 20);
        try {
            long bytes = 0;
            for (Chunk c = reader.read(); c != null; c = reader.read()) {
                bytes += c.bodyLength();
                check(c.metadata() != null, "chunk without metadata");
            }
            check(bytes <= data.length, "more body bytes than input");
        } catch (ProtocolException expected) {
            check(expected.getMessage() != null && expected.getMessage().startsWith("chunk "), expected.getMessage());
        }
    }

    /** Any bytes on stdin: frames only on stdout, lock-step, and a fatal frame before any non-zero exit. */
    @FuzzTest(maxDuration = "25s")
    void protocolOverArbitraryBytes(byte[] data) {
        Frames.run(new ConcurrentSessionsCommand(), data).assertWellFormedEnd(data);
    }

    static final List<String> FIELDS = List.of("_time", "Operation", "user", "SessionId", "src_ip", "user_agent",
            "concurrentsessions_state", "_raw", "__mv_src_ip", "__mv_user_agent");
    static final List<String> ARGS = List.of("min_ips=1", "min_ips=2", "min_ips=0", "max_sessions=1", "max_sessions=3",
            "phase=map", "ip_field=src_ip", "ua_field=user_agent", "bogus", "min_ips=x");

    /**
     * Well-formed frames carrying fuzzed searches: getinfo with a session key and options, then
     * executes whose CSV bodies hold fuzzed values (including multivalue and partial-state columns).
     * Exit 0, or 1 with an ERROR; every request answered; the key never appears.
     */
    @FuzzTest(maxDuration = "25s")
    void protocolOverFuzzedSearches(FuzzedDataProvider d) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ChunkWriter w = new ChunkWriter(in);
        JsonObject getinfo = new JsonObject();
        getinfo.addProperty("action", "getinfo");
        JsonObject si = new JsonObject();
        JsonArray args = new JsonArray();
        for (int i = d.consumeInt(0, 3); i > 0; i--) {
            args.add(d.consumeBoolean() ? d.pickValue(ARGS) : d.consumeString(20));
        }
        si.add("args", args);
        si.addProperty("session_key", SESSION_KEY);
        si.addProperty("command", "concurrentsessions");
        si.addProperty("maxresultrows", d.consumeInt(1, 5));
        getinfo.add("searchinfo", si);
        w.write(getinfo);
        int chunks = d.consumeInt(0, 4);
        for (int c = 0; c < chunks; c++) {
            List<OutputRow> rows = new ArrayList<>();
            for (int r = d.consumeInt(0, 6); r > 0; r--) {
                OutputRow row = new OutputRow();
                for (int f = d.consumeInt(0, 6); f > 0; f--) {
                    String field = d.pickValue(FIELDS);
                    if (d.consumeBoolean()) {
                        row.put(field, List.of(d.consumeString(12), d.consumeString(12)));
                    } else {
                        row.put(field, d.consumeString(40));
                    }
                }
                rows.add(row);
            }
            JsonObject execute = new JsonObject();
            execute.addProperty("action", "execute");
            execute.addProperty("finished", c == chunks - 1 && d.consumeBoolean());
            w.write(execute, new CsvWriter().write(rows));
        }
        byte[] input = in.toByteArray();
        Frames run = Frames.run(new ConcurrentSessionsCommand(), input).assertWellFormedEnd(input);
        check(run.exit != ChunkedProtocol.EXIT_PROTOCOL_ERROR, "well-formed frames, protocol error: " + run.stderr);
        // The key may come back only as data that already held it (an event whose field is the key's text).
        boolean inData = new String(input, StandardCharsets.UTF_8).replace(getinfoText(getinfo), "").contains(SESSION_KEY);
        check(!run.stderr.contains(SESSION_KEY), "session key on stderr");
        for (Chunk reply : run.replies) {
            check(!reply.metadata().toString().contains(SESSION_KEY), "session key in reply metadata: " + reply.metadata());
            check(inData || !new String(reply.body(), StandardCharsets.UTF_8).contains(SESSION_KEY), "session key in a reply body");
            try {
                reply.records(new SplunkCsvReader());
            } catch (CsvFormatException e) {
                throw new AssertionError("a reply body is not Splunk CSV: " + e.getMessage(), e);
            }
        }
    }

    private static String getinfoText(JsonObject getinfo) {
        return new com.google.gson.GsonBuilder().disableHtmlEscaping().create().toJson(getinfo);
    }

    static List<Records> bodies(List<Chunk> replies) throws CsvFormatException {
        List<Records> out = new ArrayList<>();
        for (Chunk c : replies) {
            out.add(c.records(new SplunkCsvReader()));
        }
        return out;
    }
}
