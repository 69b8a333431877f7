package io.concurrentsessions.reliability;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session key splunkd sends is a live credential. Whole searches through the built jar, each
 * in its own process with a dispatch directory and a working directory: the key must appear in
 * no stdout, no stderr (search.log), and no file under either directory, on the happy path, on
 * error paths, and when the user's own arguments contain it.
 */
class SessionKeyIT {
    @TempDir
    Path dispatch;
    @TempDir
    Path cwd;

    private byte[] getinfo(String... args) {
        JsonObject m = new JsonObject();
        m.addProperty("action", "getinfo");
        JsonObject si = new JsonObject();
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        for (String arg : args) {
            a.add(arg);
        }
        si.add("args", a);
        si.addProperty("command", "concurrentsessions");
        si.addProperty("session_key", Stdin.SESSION_KEY);
        si.addProperty("dispatch_dir", dispatch.toString());
        si.addProperty("splunkd_uri", "https://127.0.0.1:8089");
        si.addProperty("sid", "scheduler__admin__search__RMD5_at_1700000000_42");
        m.add("searchinfo", si);
        return new Stdin().frame(m, new byte[0]).bytes();
    }

    private JarProcess run(byte[] stdin) throws Exception {
        JarProcess p = JarProcess.run(cwd, List.of("-XX:+UseSerialGC", "-Xmx256m"), stdin);
        byte[] key = Stdin.SESSION_KEY.getBytes(StandardCharsets.UTF_8);
        assertFalse(BadInputTableTest.indexOf(p.stdout(), key) >= 0, "session key on stdout");
        assertFalse(p.stderr().contains(Stdin.SESSION_KEY), "session key on stderr: " + p.stderr());
        for (Path root : List.of(dispatch, cwd)) {
            for (Path f : files(root)) {
                assertFalse(BadInputTableTest.indexOf(Files.readAllBytes(f), key) >= 0, "session key written to " + f);
            }
        }
        return p;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).toList());
        }
    }

    private static String error(JarProcess p) {
        return p.replies().get(p.replies().size() - 1).metadata().get("error").getAsString();
    }

    @Test
    void aWholeSearchLeavesTheKeyNowhere() throws Exception {
        byte[] in = concat(getinfo("min_ips=2"),
                new Stdin().execute(false, Stdin.twoAddresses()).execute(true, Stdin.twoAddresses()).bytes());
        JarProcess p = run(in);
        assertEquals(0, p.exit(), p.stderr());
        assertEquals(3, p.replies().size());
        assertTrue(new String(p.replies().get(2).body(), StandardCharsets.UTF_8).contains("alice@contoso.com"),
                "the search really ran");
    }

    @Test
    void anExecuteErrorLeavesTheKeyNowhere() throws Exception {
        byte[] in = concat(getinfo(), new Stdin().execute(true, Stdin.EVENTS_HEADER + "1,\"unclosed\n").bytes());
        JarProcess p = run(in);
        assertEquals(2, p.exit());
        assertTrue(error(p).startsWith("chunk 2: CSV record 1 (line 2): a quoted value is never closed"), error(p));
    }

    @Test
    void aGetinfoErrorLeavesTheKeyNowhere() throws Exception {
        JarProcess p = run(getinfo("min_ips=zero"));
        assertEquals(1, p.exit());
        assertEquals(1, p.replies().size());
        assertTrue(error(p).contains("invalid value \"zero\" for option min_ips"), error(p));
    }

    @Test
    void theKeyTypedAsAnArgumentIsRedactedFromTheError() throws Exception {
        JarProcess p = run(getinfo("min_ips=" + Stdin.SESSION_KEY));
        assertEquals(1, p.exit());
        assertEquals("concurrentsessions: invalid value \"<redacted>\" for option min_ips: expected a whole number from 1 to 2147483647",
                error(p));
    }

    @Test
    void metadataThatIsNotJsonIsNeverQuoted() throws Exception {
        String broken = "{\"action\":\"getinfo\",\"searchinfo\":{\"session_key\":\"" + Stdin.SESSION_KEY + "\",";
        JarProcess p = run(("chunked 1.0," + broken.length() + ",0\n" + broken).getBytes(StandardCharsets.UTF_8));
        assertEquals(2, p.exit());
        assertEquals("chunk 1: metadata (" + broken.length() + " bytes) is not valid JSON", error(p));
    }

    static byte[] concat(byte[] a, byte[] b) {
        return BadInputTableTest.concat(a, b);
    }
}
