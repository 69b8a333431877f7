package io.concurrentsessions.scp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ChunkWriter serialises metadata itself; splunkd must get the bytes Gson used to write. */
class ChunkWriterJsonTest {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** Compares bytes: a lone surrogate becomes '?' in UTF-8 either way. */
    static void written(JsonObject metadata) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChunkWriter(out).write(metadata, "x".getBytes(StandardCharsets.UTF_8));
        byte[] meta = GSON.toJson(metadata).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(("chunked 1.0," + meta.length + ",1\n").getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(meta);
        expected.write('x');
        assertEquals(visible(expected.toString(StandardCharsets.UTF_8)), visible(out.toString(StandardCharsets.UTF_8)));
        assertArrayEquals(expected.toByteArray(), out.toByteArray());
    }

    static String visible(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("<%04x>", c)));
        return b.toString();
    }

    @Test
    void aGetinfoReplyAndAnErrorReplyAreByteForByteWhatGsonWrote() throws Exception {
        written(JsonParser.parseString("{\"type\":\"reporting\",\"required_fields\":[\"_time\",\"src_ip\"],"
                + "\"streaming_preop\":\"concurrentsessions phase=map ip_field=\\\"a b\\\"\"}").getAsJsonObject());
        JsonObject error = new JsonObject();
        error.addProperty("finished", true);
        error.addProperty("error", "bad <value> & 'quotes' \"x\" \\ \t\n\r\b\f \u0000\u001f\u007f \u2028\u2029 é 😀 =");
        JsonArray messages = new JsonArray();
        JsonArray message = new JsonArray();
        message.add("ERROR");
        message.add("café\u0001");
        messages.add(message);
        JsonObject inspector = new JsonObject();
        inspector.add("messages", messages);
        error.add("inspector", inspector);
        written(error);
    }

    @Test
    void numbersNullsAndNestingAsGsonWritesThem() throws Exception {
        JsonObject meta = new JsonObject();
        meta.addProperty("int", 42);
        meta.addProperty("long", Long.MIN_VALUE);
        meta.addProperty("double", 0.1);
        meta.addProperty("nan", Double.NaN);
        meta.addProperty("big", new BigDecimal("1e400"));
        meta.add("parsed", JsonParser.parseString("12.50"));
        meta.add("null", JsonNull.INSTANCE);
        JsonArray array = new JsonArray();
        array.add(JsonNull.INSTANCE);
        array.add(new JsonArray());
        array.add(new JsonObject());
        array.add(false);
        meta.add("array", array);
        written(meta);
        written(new JsonObject());
    }

    @Test
    void randomMetadataIsWrittenAsGsonWritesIt() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            written(randomObject(random, 3));
        }
    }

    static JsonObject randomObject(Random random, int depth) {
        JsonObject o = new JsonObject();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            o.add(randomString(random), randomElement(random, depth - 1));
        }
        return o;
    }

    static JsonElement randomElement(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 7 : 5);
        return switch (kind) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(random.nextBoolean());
            case 2 -> new JsonPrimitive(random.nextInt(2) == 0 ? random.nextLong() : random.nextDouble() * 1e6);
            case 3, 4 -> new JsonPrimitive(randomString(random));
            case 5 -> {
                JsonArray a = new JsonArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomElement(random, depth - 1));
                }
                yield a;
            }
            default -> randomObject(random, depth - 1);
        };
    }

    static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int pick = random.nextInt(4);
            s.append((char) switch (pick) {
                case 0 -> random.nextInt(0x80);
                case 1 -> random.nextInt(0x40);
                case 2 -> 0x2020 + random.nextInt(16);
                default -> random.nextInt(0x10000);
            });
        }
        return s.toString();
    }
}
