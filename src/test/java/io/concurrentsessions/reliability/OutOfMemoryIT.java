package io.concurrentsessions.reliability;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running out of heap must reach the user as an ERROR frame that says what to do, not as
 * "External search command returned error code 1". The built jar in a 24 MB heap gets a chunk
 * bigger than that heap.
 */
class OutOfMemoryIT {
    @TempDir
    Path cwd;

    @Test
    void aChunkBiggerThanTheHeapGetsAnErrorFrame() throws Exception {
        StringBuilder csv = new StringBuilder(Stdin.EVENTS_HEADER);
        String row = "1700000000.100,UserLoggedIn,alice@contoso.com,s-1,203.0.113.7," + "M".repeat(400) + "\n";
        while (csv.length() < 48_000_000) {
            csv.append(row);
        }
        byte[] in = Stdin.getinfo().execute(true, csv.toString()).bytes();
        JarProcess p = JarProcess.run(cwd, List.of("-XX:+UseSerialGC", "-Xmx24m"), in);
        assertNotEquals(0, p.exit(), p.stderr());
        assertEquals(2, p.replies().size(), "the getinfo reply, then the error frame: " + p.stderr());
        JsonObject last = p.replies().get(1).metadata();
        assertTrue(last.get("finished").getAsBoolean());
        String error = last.get("error").getAsString();
        assertTrue(error.startsWith("out of memory while reading chunk 2 with a heap of "), error);
        assertTrue(error.endsWith(" MB: search fewer events or fields (lower maxchunksize in commands.conf), or give the"
                + " command more memory (-Xmx under [java] options in local/concurrentsessions.conf)"), error);
        assertEquals("[[\"ERROR\",\"" + error + "\"]]", last.getAsJsonObject("inspector").get("messages").toString());
        assertFalse(p.stderr().contains("Exception in thread"), "no bare stack trace: " + p.stderr());
        assertFalse(new String(p.stdout(), StandardCharsets.UTF_8).contains(Stdin.SESSION_KEY));
    }
}
