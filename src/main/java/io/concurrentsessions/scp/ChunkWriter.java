package io.concurrentsessions.scp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes chunks exactly: {@code chunked 1.0,<M>,<B>\n}, metadata, body, with byte counts; flushes
 * after every chunk so splunkd never waits on a buffered reply.
 *
 * <p>The metadata is serialised here, not by a {@code Gson}: building one constructs every
 * built-in type adapter, java.sql types and a regex, about 120 classes loaded before the getinfo
 * reply of every search. The output is what {@code new GsonBuilder().disableHtmlEscaping()
 * .create().toJson(metadata)} writes (ChunkWriterJsonTest compares them).
 */
public final class ChunkWriter {
    private static final byte[] EMPTY = new byte[0];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
        StringBuilder json = new StringBuilder(128);
        json(metadata, json);
        byte[] meta = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] header = new StringBuilder(32).append("chunked 1.0,").append(meta.length).append(',').append(length)
                .append('\n').toString().getBytes(StandardCharsets.US_ASCII);
        byte[] head = new byte[header.length + meta.length];
        System.arraycopy(header, 0, head, 0, header.length);
        System.arraycopy(meta, 0, head, header.length, meta.length);
        out.write(head);
        if (length > 0) {
            out.write(body, offset, length);
        }
        out.flush();
    }

    /** Gson's compact form: members whose value is JSON null are left out, as Gson does by default. */
    static void json(JsonElement element, StringBuilder out) {
        if (element == null || element.isJsonNull()) {
            out.append("null");
        } else if (element.isJsonPrimitive()) {
            JsonPrimitive p = element.getAsJsonPrimitive();
            if (p.isString()) {
                string(p.getAsString(), out);
            } else if (p.isBoolean()) {
                out.append(p.getAsBoolean());
            } else {
                out.append(p.getAsNumber().toString());
            }
        } else if (element.isJsonArray()) {
            JsonArray array = element.getAsJsonArray();
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                json(array.get(i), out);
            }
            out.append(']');
        } else {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                if (member.getValue() == null || member.getValue().isJsonNull()) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(member.getKey(), out);
                out.append(':');
                json(member.getValue(), out);
            }
            out.append('}');
        }
    }

    /** JsonWriter's escaping without HTML escaping: quote, backslash, controls, U+2028 and U+2029. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
