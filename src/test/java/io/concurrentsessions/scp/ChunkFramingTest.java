package io.concurrentsessions.scp;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkFramingTest {

    private static ChunkReader reader(String s) {
        return new ChunkReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void lengthsAreBytesNotCharacters() throws IOException {
        JsonObject meta = new JsonObject();
        meta.addProperty("finished", true);
        meta.addProperty("note", "ทt");
        byte[] body = "teststring\nทt\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChunkWriter(out).write(meta, body);
        new ChunkWriter(out).write(meta, body);
        String text = out.toString(StandardCharsets.UTF_8);
        // Metadata: 28 ASCII bytes + 3 for ท (29 characters); body: 13 ASCII bytes + 3 for ท (14 characters).
        assertTrue(text.startsWith("chunked 1.0,31,16\n{\"finished\":true,\"note\":\"ทt\"}teststring\nทt\n"), text);

        ChunkReader r = new ChunkReader(new ByteArrayInputStream(out.toByteArray()));
        for (int k = 0; k < 2; k++) {
            Chunk c = r.read();
            assertEquals("ทt", c.metadata().get("note").getAsString());
            assertTrue(c.finished());
            assertArrayEquals(body, c.body());
        }
        assertNull(r.read(), "EOF where a header would start is a clean end");
    }

    @Test
    void headerIsReadLeniently() throws IOException {
        ChunkReader r = reader("chunked 1.0 , 2 ,3\r\n{}abcchunked  1.0,2,0 \n{}");
        Chunk c = r.read();
        assertEquals("abc", new String(c.body(), StandardCharsets.US_ASCII));
        assertEquals(0, r.read().bodyLength());
        assertNull(r.read());
    }

    @Test
    void shortPipeReadsAreLoopedOver() throws IOException {
        byte[] body = new byte[200_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        JsonObject meta = new JsonObject();
        meta.addProperty("action", "execute");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChunkWriter(out).write(meta, body);
        InputStream trickle = new ByteArrayInputStream(out.toByteArray()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        Chunk c = new ChunkReader(trickle).read();
        assertEquals("execute", c.action());
        assertArrayEquals(body, c.body());
    }

    @Test
    void emptyStreamIsACleanEnd() throws IOException {
        assertNull(reader("").read());
    }

    @Test
    void eofInsideAChunkSaysSo() {
        assertMessage(reader("chunked 1.0,2,10\n{}abc"), "stream ended inside the body: got 3 of 10 bytes");
        assertMessage(reader("chunked 1.0,20,0\n{\"action\""), "stream ended inside the metadata: got 9 of 20 bytes");
        assertMessage(reader("chunked 1.0,2"), "stream ended inside the chunk header");
    }

    @Test
    void garbageHeaderShowsAShortSanitizedPrefixButNoJson() {
        String msg = assertMessage(reader("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "malformed chunk header");
        assertTrue(msg.contains("'GET / HTTP/1.1?'"), msg);
        String noNewline = "x".repeat(10) + "{\"session_key\":\"SECRET\"}".repeat(20);
        msg = assertMessage(reader(noNewline), "no chunk header");
        assertFalse(msg.contains("SECRET") || msg.contains("session_key"), msg);
        assertTrue(msg.contains("'xxxxxxxxxx...'"), msg);
    }

    @Test
    void lengthsOverTheBoundsAreRefusedBeforeAllocating() {
        assertMessage(new ChunkReader(new ByteArrayInputStream("chunked 1.0,2,1000001\n{}".getBytes(StandardCharsets.US_ASCII)),
                1000, 1_000_000), "body length 1000001 bytes exceeds the limit of 1000000 bytes");
        assertMessage(new ChunkReader(new ByteArrayInputStream("chunked 1.0,1001,0\n{}".getBytes(StandardCharsets.US_ASCII)),
                1000, 1_000_000), "metadata length 1001 bytes exceeds the limit");
        assertMessage(reader("chunked 1.0,2,99999999999999999999999\n{}"), "absurd length");
        // Within the default bound but a lie: fails as truncated, without a 1 GiB allocation.
        assertMessage(reader("chunked 1.0,2," + ((1 << 30) - 1) + "\n{}abc"), "got 3 of 1073741823 bytes");
    }

    @Test
    void metadataMustBeAJsonObject() {
        assertMessage(reader("chunked 1.0,9,0\nnot json!"), "metadata (9 bytes) is not valid JSON");
        assertMessage(reader("chunked 1.0,2,0\n[]"), "is not a JSON object");
        assertMessage(reader("chunked 2.0,2,0\n{}"), "unsupported chunked protocol version '2.0'");
    }

    private static String assertMessage(ChunkReader r, String expected) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            while (r.read() != null) {
                // drain
            }
        });
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e.getMessage();
    }
}
