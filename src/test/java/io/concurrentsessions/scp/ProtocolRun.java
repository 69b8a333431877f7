package io.concurrentsessions.scp;

import io.concurrentsessions.Fixtures;
import io.concurrentsessions.fuzz.Frames;

import com.google.gson.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of the loop over given bytes: exit code, stdout parsed back into chunks, stderr. */
final class ProtocolRun {
    final int exit;
    final byte[] stdout;
    final String stderr;
    final List<Chunk> replies;

    private ProtocolRun(int exit, byte[] stdout, String stderr) {
        this.exit = exit;
        this.stdout = stdout;
        this.stderr = stderr;
        this.replies = parse(stdout);
    }

    static ProtocolRun of(SearchCommand command, byte[] input) {
        return of(command, new ByteArrayInputStream(input));
    }

    static ProtocolRun of(SearchCommand command, InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new ChunkedProtocol(new PrintStream(err, true, StandardCharsets.UTF_8)).run(command, in, out);
        return new ProtocolRun(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Every byte on stdout must be a well-formed frame: parsing with ChunkReader proves it. */
    private static List<Chunk> parse(byte[] stdout) {
        return Frames.parse(stdout);
    }

    Chunk last() {
        return replies.get(replies.size() - 1);
    }

    JsonObject lastMetadata() {
        return last().metadata();
    }

    Records body(int reply) {
        try {
            return replies.get(reply).records(new SplunkCsvReader());
        } catch (CsvFormatException e) {
            throw new AssertionError("reply " + reply + " body is not valid CSV: " + e.getMessage(), e);
        }
    }

    /** The single ERROR message of the last reply (the fatal one). */
    String errorMessage() {
        JsonObject m = lastMetadata();
        return m.has("error") ? m.get("error").getAsString() : null;
    }

    static byte[] fixture(String name) {
        return Fixtures.gunzipped("scpv2/" + name);
    }

    /** How many complete requests the input holds, counted by the same reader that checks output. */
    static int completeRequests(byte[] input) {
        return Frames.completeRequests(input);
    }
}
