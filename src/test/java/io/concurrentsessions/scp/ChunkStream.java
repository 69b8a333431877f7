package io.concurrentsessions.scp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds the bytes splunkd would write to a command's stdin. */
final class ChunkStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ChunkWriter writer = new ChunkWriter(bytes);

    static final String SESSION_KEY = "Splunk s3cr3t-T0KEN-abcdef0123456789";

    /** A getinfo with a session key and the given extra searchinfo JSON members (without braces). */
    ChunkStream getinfo(String searchinfoMembers) {
        String si = "{\"command\":\"testcmd\",\"session_key\":\"" + SESSION_KEY + "\""
                + (searchinfoMembers.isEmpty() ? "" : "," + searchinfoMembers) + "}";
        JsonObject m = new JsonObject();
        m.addProperty("action", "getinfo");
        m.addProperty("preview", false);
        m.add("searchinfo", JsonParser.parseString(si));
        return chunk(m, new byte[0]);
    }

    ChunkStream execute(boolean finished, String csv) {
        JsonObject m = new JsonObject();
        m.addProperty("action", "execute");
        m.addProperty("finished", finished);
        return chunk(m, csv.getBytes(StandardCharsets.UTF_8));
    }

    ChunkStream chunk(JsonObject metadata, byte[] body) {
        try {
            writer.write(metadata, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ChunkStream raw(String text) {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    ChunkStream raw(byte[] b) {
        bytes.writeBytes(b);
        return this;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
