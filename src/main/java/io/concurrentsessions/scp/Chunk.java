package io.concurrentsessions.scp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Arrays;

/**
 * One message of the chunked protocol: JSON metadata and a body (CSV for execute, usually empty
 * otherwise). Immutable: metadata and body are copied on the way in and out; {@link #records}
 * decodes the body without copying it.
 */
public final class Chunk {
    private final JsonObject metadata;
    private final byte[] body;

    public Chunk(JsonObject metadata, byte[] body) {
        this(metadata.deepCopy(), body.clone(), true);
    }

    /** Takes ownership of both arguments; for the reader, which never shares them. */
    Chunk(JsonObject metadata, byte[] body, boolean owned) {
        this.metadata = metadata;
        this.body = body;
    }

    /** A copy of the metadata object. */
    public JsonObject metadata() {
        return metadata.deepCopy();
    }

    /** The {@code action} metadata key ({@code getinfo}, {@code execute}), or null when absent. */
    public String action() {
        return string(metadata.get("action"));
    }

    /** The {@code finished} metadata key; absent or not a boolean counts as false. */
    public boolean finished() {
        JsonElement f = metadata.get("finished");
        return f != null && f.isJsonPrimitive() && f.getAsJsonPrimitive().isBoolean() && f.getAsBoolean();
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }

    /** Decodes the body as Splunk CSV. */
    public Records records(SplunkCsvReader csv) throws CsvFormatException {
        return csv.readOwned(body);
    }

    static String string(JsonElement e) {
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** Never shows metadata values: a getinfo chunk holds the session key. */
    @Override
    public String toString() {
        return "Chunk{action=" + action() + ", finished=" + finished() + ", body=" + body.length + " bytes}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chunk c && metadata.equals(c.metadata) && Arrays.equals(body, c.body);
    }

    @Override
    public int hashCode() {
        return 31 * metadata.hashCode() + Arrays.hashCode(body);
    }
}
