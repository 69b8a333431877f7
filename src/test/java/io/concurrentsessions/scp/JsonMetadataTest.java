package io.concurrentsessions.scp;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metadata reader must build JsonParser.parseString's tree, and refuse what it refuses. */
class JsonMetadataTest {
    private static final String GETINFO = "{\"action\":\"getinfo\",\"preview\":false,\"streaming_command_will_restart\":false,"
            + "\"searchinfo\":{\"args\":[\"phase=map\",\"min_ips=2\"],\"raw_args\":[\"phase=\\\"map\\\"\"],\"dispatch_dir\":\"/opt/x\","
            + "\"sid\":\"1599171244.2\",\"maxresultrows\":50000,\"earliest_time\":\"0\",\"latest_time\":1599171244.277,"
            + "\"session_key\":\"abc\\u00e9\\n\",\"nested\":[[1,2.5e3,-0,null,true],{\"a\":{}}]}}";

    @Test
    void buildsTheSameTreesAndRefusesTheSameTexts() {
        List<String> texts = new ArrayList<>(List.of(GETINFO, "{\"action\":\"execute\",\"finished\":true}", "", " ", "null",
                "[]", "{}", "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "{a:1}", "{'a':'b'}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":",
                "[1,,2]", "{\"a\":NaN}", "{\"a\":1e999}", "\"text\"", "42", "true", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\x\"}",
                "{\"a\":1;\"b\":2}", "{\"a\":[1 2]}", "#x\n{}", "{\"a\":1}\n// c", "{\"dup\":1,\"dup\":2}", "[".repeat(300)));
        SplittableRandom r = new SplittableRandom(11);
        String alphabet = "{}[]\":,0123456789.-eEtrufalsn \\/a";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(GETINFO);
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                int at = r.nextInt(b.length() + 1);
                char c = alphabet.charAt(r.nextInt(alphabet.length()));
                if (at < b.length() && r.nextBoolean()) {
                    b.setCharAt(at, c);
                } else {
                    b.insert(at, c);
                }
            }
            texts.add(b.toString());
        }
        int accepted = 0;
        for (String t : texts) {
            String expected = outcome(() -> JsonParser.parseString(t));
            assertEquals(expected, outcome(() -> JsonMetadata.parse(t)), t);
            accepted += expected.startsWith("FAILED") ? 0 : 1;
        }
        assertTrue(accepted > 1000 && accepted < texts.size() - 1000, "both kinds: " + accepted + " of " + texts.size());
    }

    private interface Parse {
        JsonElement run() throws Exception;
    }

    private static String outcome(Parse p) {
        try {
            return p.run().toString();
        } catch (Exception | StackOverflowError e) {
            return "FAILED";
        }
    }
}
