package io.concurrentsessions.fuzz;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.concurrentsessions.scp.Chunk;
import io.concurrentsessions.scp.ChunkReader;
import io.concurrentsessions.scp.ChunkedProtocol;
import io.concurrentsessions.scp.SearchCommand;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One protocol run in memory and the checks every run must pass whatever its input. */
public final class Frames {
    public final int exit;
    public final List<Chunk> replies;
    public final String stderr;
    public final byte[] stdout;

    private Frames(int exit, byte[] stdout, String stderr) {
        this.exit = exit;
        this.stdout = stdout;
        this.stderr = stderr;
        this.replies = parse(stdout);
    }

    public static Frames run(SearchCommand command, byte[] input) {
        return run(ChunkedProtocol::new, command, input);
    }

    /** A run with the protocol the factory makes from the diagnostics stream (for limits). */
    public static Frames run(java.util.function.Function<PrintStream, ChunkedProtocol> protocol, SearchCommand command, byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = protocol.apply(new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(command, new ByteArrayInputStream(input), out);
        return new Frames(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** stdout must be frames and nothing else: the same strict reader splunkd's side would be. */
    public static List<Chunk> parse(byte[] stdout) {
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(stdout));
        List<Chunk> chunks = new ArrayList<>();
        try {
            for (Chunk c = reader.read(); c != null; c = reader.read()) {
                chunks.add(c);
            }
        } catch (IOException e) {
            throw new AssertionError("stdout is not a well-formed frame stream: " + e.getMessage(), e);
        }
        return chunks;
    }

    /** Complete requests in the input, read as the protocol reads them. */
    public static int completeRequests(byte[] input) {
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(input));
        int n = 0;
        try {
            while (reader.read() != null) {
                n++;
            }
        } catch (IOException e) {
            // the rest is not a request
        }
        return n;
    }

    /**
     * Lock-step and a readable end: a clean exit answered every request exactly once; any other exit
     * ends with one fatal frame whose error is also its ERROR inspector message.
     */
    public Frames assertWellFormedEnd(byte[] input) {
        int requests = completeRequests(input);
        if (exit == ChunkedProtocol.EXIT_OK) {
            check(replies.size() == requests, "exit 0 but " + replies.size() + " replies to " + requests + " requests");
            return this;
        }
        check(exit == ChunkedProtocol.EXIT_COMMAND_ERROR || exit == ChunkedProtocol.EXIT_PROTOCOL_ERROR, "exit code " + exit);
        check(!replies.isEmpty() && replies.size() <= requests + 1,
                replies.size() + " replies to " + requests + " requests, exit " + exit);
        JsonObject last = replies.get(replies.size() - 1).metadata();
        check(last.has("finished") && last.get("finished").getAsBoolean(), "fatal reply not finished: " + last);
        check(last.has("error") && !last.get("error").getAsString().isBlank(), "fatal reply without error text: " + last);
        JsonArray messages = last.getAsJsonObject("inspector").getAsJsonArray("messages");
        JsonArray lastMessage = messages.get(messages.size() - 1).getAsJsonArray();
        check("ERROR".equals(lastMessage.get(0).getAsString()), "last message not ERROR: " + last);
        check(last.get("error").getAsString().equals(lastMessage.get(1).getAsString()), "error and ERROR differ: " + last);
        return this;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
