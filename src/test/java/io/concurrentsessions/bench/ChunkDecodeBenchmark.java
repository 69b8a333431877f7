package io.concurrentsessions.bench;

import io.concurrentsessions.Fixtures;
import io.concurrentsessions.scp.Cell;
import io.concurrentsessions.scp.Chunk;
import io.concurrentsessions.scp.ChunkReader;
import io.concurrentsessions.scp.ChunkWriter;
import io.concurrentsessions.scp.CsvFormatException;
import io.concurrentsessions.scp.SplunkCsvReader;
import io.concurrentsessions.scp.Records;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads and decodes the 16 MB, 50,000-row execute chunk of the sum-map capture (real event data:
 * {@code _raw} and every default field). The {@code megabytes} secondary result is the throughput
 * in MB/s (10^6 bytes of chunk per second).
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class ChunkDecodeBenchmark {
    private byte[] executeChunk;
    private byte[] body;
    private final SplunkCsvReader csv = new SplunkCsvReader();

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Throughput {
        public double megabytes;

        @Setup(Level.Iteration)
        public void reset() {
            megabytes = 0;
        }
    }

    @Setup
    public void load() throws IOException {
        byte[] capture = Fixtures.gunzipped("scpv2/splunk-6.3-sum-map.input.gz");
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(capture));
        reader.read(); // getinfo
        Chunk execute = reader.read();
        body = execute.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream(capture.length);
        new ChunkWriter(out).write(execute);
        executeChunk = out.toByteArray();
    }

    /** Framing plus CSV: what the loop does for each execute request. */
    @Benchmark
    public Records readAndDecode(Throughput t) throws IOException, CsvFormatException {
        Chunk c = new ChunkReader(new ByteArrayInputStream(executeChunk)).read();
        Records r = c.records(csv);
        t.megabytes += executeChunk.length / 1e6;
        return r;
    }

    /** Finding the cells alone (since cells are decoded when read, this is the reader's whole pass). */
    @Benchmark
    public Records decodeBody(Throughput t) throws CsvFormatException {
        Records r = csv.read(body);
        t.megabytes += body.length / 1e6;
        return r;
    }

    /** Finding the cells, then decoding every value of every field (what a generic command pays). */
    @Benchmark
    public void decodeEveryValue(Throughput t, Blackhole bh) throws CsvFormatException {
        Records r = csv.read(body);
        int fields = r.fields().size();
        for (int row = 0; row < r.size(); row++) {
            for (int f = 0; f < fields; f++) {
                bh.consume(r.values(row, f));
            }
        }
        t.megabytes += body.length / 1e6;
    }

    /** Finding the cells, then reading three fields' bytes as concurrentsessions reads its keys. */
    @Benchmark
    public void spanThreeFields(Throughput t, Blackhole bh) throws CsvFormatException {
        Records r = csv.read(body);
        int a = r.indexOf("host");
        int b = r.indexOf("source");
        int c = r.indexOf("_time");
        Cell cell = new Cell();
        for (int row = 0; row < r.size(); row++) {
            bh.consume(r.cell(row, a, cell).start() ^ r.cell(row, b, cell).start() ^ r.cell(row, c, cell).length());
        }
        t.megabytes += body.length / 1e6;
    }
}
