package io.concurrentsessions.scp;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes chunks exactly: {@code chunked 1.0,<M>,<B>\n}, metadata, body, with byte counts; flushes
 * after every chunk so splunkd never waits on a buffered reply.
 */
public final class ChunkWriter {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final byte[] EMPTY = new byte[0];

    private final OutputStream out;

    public ChunkWriter(OutputStream out) {
        this.out = out;
    }

    public void write(JsonObject metadata, byte[] body) throws IOException {
        write(metadata, body, 0, body.length);
    }

    public void write(JsonObject metadata) throws IOException {
        write(metadata, EMPTY, 0, 0);
    }

    public void write(Chunk chunk) throws IOException {
        write(chunk.metadata(), chunk.body());
    }

    public void write(JsonObject metadata, byte[] body, int offset, int length) throws IOException {
        byte[] meta = GSON.toJson(metadata).getBytes(StandardCharsets.UTF_8);
        byte[] header = ("chunked 1.0," + meta.length + "," + length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] head = new byte[header.length + meta.length];
        System.arraycopy(header, 0, head, 0, header.length);
        System.arraycopy(meta, 0, head, header.length, meta.length);
        out.write(head);
        if (length > 0) {
            out.write(body, offset, length);
        }
        out.flush();
    }
}
