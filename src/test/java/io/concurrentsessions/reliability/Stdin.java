package io.concurrentsessions.reliability;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.concurrentsessions.scp.ChunkWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bytes splunkd writes to the command: frames built with the real writer, or raw bytes. */
final class Stdin {
    static final String SESSION_KEY = "Splunk R3liab1lity-SESSION-KEY-7f3a9c0e5d";
    static final String EVENTS_HEADER = "_time,Operation,user,SessionId,src_ip,user_agent\n";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ChunkWriter writer = new ChunkWriter(bytes);

    static Stdin getinfo(String... args) {
        JsonObject m = new JsonObject();
        m.addProperty("action", "getinfo");
        m.addProperty("preview", false);
        JsonObject si = new JsonObject();
        JsonArray a = new JsonArray();
        for (String arg : args) {
            a.add(arg);
        }
        si.add("args", a);
        si.addProperty("command", "concurrentsessions");
        si.addProperty("session_key", SESSION_KEY);
        si.addProperty("sid", "1700000000.42");
        m.add("searchinfo", si);
        return new Stdin().frame(m, new byte[0]);
    }

    Stdin execute(boolean finished, String csv) {
        return execute(finished, csv.getBytes(StandardCharsets.UTF_8));
    }

    Stdin execute(boolean finished, byte[] csv) {
        JsonObject m = new JsonObject();
        m.addProperty("action", "execute");
        m.addProperty("finished", finished);
        return frame(m, csv);
    }

    Stdin frame(JsonObject metadata, byte[] body) {
        try {
            writer.write(metadata, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Stdin raw(String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    /** Two events of one session from two addresses: one finding. */
    static String twoAddresses() {
        return EVENTS_HEADER
                + "1700000000.100,UserLoggedIn,alice@contoso.com,s-1,203.0.113.7,Mozilla/5.0\n"
                + "1700000060.250,UserLoggedIn,alice@contoso.com,s-1,198.51.100.9,python-requests/2.31\n";
    }
}
