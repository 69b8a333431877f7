package io.concurrentsessions.bench;

import com.google.gson.JsonObject;
import io.concurrentsessions.command.ConcurrentSessionsCommand;
import io.concurrentsessions.scp.ChunkWriter;
import io.concurrentsessions.scp.ChunkedProtocol;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Events per second through the whole protocol path on one thread: frame reading, CSV decoding
 * with {@code __mv_} columns, the command (reduce, or map), CSV encoding and framing of the result.
 * Input is splunkd-shaped: 200,000 sign-ins over 50,000 sessions in chunks of 50,000 rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class CommandProtocolBenchmark {
    static final int EVENTS = 200_000;

    @Param({"reduce", "map"})
    public String phase;

    private byte[] input;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        input = conversation(phase.equals("map") ? "\"phase=map\"" : "", EVENTS, 50_000, 50_000);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int events() {
        return new ChunkedProtocol(new PrintStream(OutputStream.nullOutputStream()))
                .run(new ConcurrentSessionsCommand(), new ByteArrayInputStream(input), OutputStream.nullOutputStream());
    }

    /** splunkd's side: getinfo, then execute chunks of CSV with every field and its __mv_ column. */
    static byte[] conversation(String args, int events, int sessions, int chunkRows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChunkWriter w = new ChunkWriter(bytes);
        w.write(com.google.gson.JsonParser.parseString("{\"action\":\"getinfo\",\"preview\":false,\"searchinfo\":{\"args\":["
                + args + "],\"command\":\"concurrentsessions\",\"maxresultrows\":50000}}").getAsJsonObject(), new byte[0]);
        Random r = new Random(42);
        String header = "\"_time\",Operation,user,SessionId,\"src_ip\",\"user_agent\",\"__mv__time\",\"__mv_Operation\","
                + "\"__mv_user\",\"__mv_SessionId\",\"__mv_src_ip\",\"__mv_user_agent\"\n";
        String[] agents = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
            "python-requests/2.31.0"};
        for (int at = 0; at < events; at += chunkRows) {
            StringBuilder b = new StringBuilder(header);
            for (int i = at; i < Math.min(events, at + chunkRows); i++) {
                int s = r.nextInt(sessions);
                b.append("\"1599171").append(100 + (i % 900)).append('.').append(100 + r.nextInt(900)).append("\",UserLoggedIn,\"user")
                        .append(s % 5000).append("@contoso.com\",\"").append(new java.util.UUID(s * 0x9E3779B97F4A7C15L, s).toString())
                        .append("\",\"10.").append(s % 200).append('.').append(r.nextInt(4)).append(".1\",\"")
                        .append(agents[r.nextInt(agents.length)]).append("\",,,,,,\n");
            }
            JsonObject exec = new JsonObject();
            exec.addProperty("action", "execute");
            exec.addProperty("finished", at + chunkRows >= events);
            w.write(exec, b.toString().getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
