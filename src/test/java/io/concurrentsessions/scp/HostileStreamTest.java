package io.concurrentsessions.scp;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every broken stream ends with one readable ERROR frame and a non-zero exit, never a hang. */
class HostileStreamTest {

    private static ProtocolRun afterGetinfo(String rawTail) {
        return ProtocolRun.of(RecordingCommand.streamingEcho(), new ChunkStream().getinfo("").raw(rawTail).bytes());
    }

    private static void assertErrorFrame(ProtocolRun run, int expectedReplies, String expectedText) {
        assertEquals(ChunkedProtocol.EXIT_PROTOCOL_ERROR, run.exit);
        assertEquals(expectedReplies, run.replies.size());
        JsonObject m = run.lastMetadata();
        assertTrue(m.get("finished").getAsBoolean());
        String error = m.get("error").getAsString();
        assertTrue(error.contains(expectedText), error);
        assertEquals("[[\"ERROR\",\"" + error.replace("\"", "\\\"") + "\"]]", m.getAsJsonObject("inspector").get("messages").toString());
        assertTrue(run.stderr.contains(error), run.stderr);
        String all = new String(run.stdout, StandardCharsets.UTF_8) + run.stderr;
        assertFalse(all.contains(ChunkStream.SESSION_KEY), "session key leaked");
    }

    @Test
    void garbageInsteadOfGetinfo() {
        ProtocolRun run = ProtocolRun.of(RecordingCommand.streamingEcho(), "hello splunk\n".getBytes(StandardCharsets.UTF_8));
        assertErrorFrame(run, 1, "chunk 1: malformed chunk header");
    }

    @Test
    void garbageHeaderAfterGetinfo() {
        assertErrorFrame(afterGetinfo("chunked 1.0,x,y\n{}"), 2, "chunk 2: malformed chunk header");
    }

    @Test
    void truncatedBody() {
        assertErrorFrame(afterGetinfo("chunked 1.0,36,100\n{\"action\":\"execute\",\"finished\":true}a,b\n1,2\n"), 2,
                "chunk 2: stream ended inside the body: got 8 of 100 bytes");
    }

    @Test
    void absurdLength() {
        assertErrorFrame(afterGetinfo("chunked 1.0,36,4000000000\n{\"action\":\"execute\",\"finished\":true}"), 2,
                "body length 4000000000 bytes exceeds the limit");
    }

    @Test
    void metadataNotJson() {
        assertErrorFrame(afterGetinfo("chunked 1.0,12,0\naction=exec!"), 2, "metadata (12 bytes) is not valid JSON");
    }

    @Test
    void getinfoMetadataNotJsonDoesNotQuoteIt() {
        String meta = "{\"action\":\"getinfo\",\"searchinfo\":{\"session_key\":\"" + ChunkStream.SESSION_KEY + "\"";
        ProtocolRun run = ProtocolRun.of(RecordingCommand.streamingEcho(),
                ("chunked 1.0," + meta.length() + ",0\n" + meta).getBytes(StandardCharsets.UTF_8));
        assertErrorFrame(run, 1, "is not valid JSON");
    }

    @Test
    void unknownAction() {
        JsonObject m = new JsonObject();
        m.addProperty("action", "explode");
        ProtocolRun run = ProtocolRun.of(RecordingCommand.streamingEcho(), new ChunkStream().getinfo("").chunk(m, new byte[0]).bytes());
        assertErrorFrame(run, 2, "chunk 2: unexpected action 'explode' (expected execute)");
    }

    @Test
    void firstRequestNotGetinfo() {
        ProtocolRun run = ProtocolRun.of(RecordingCommand.streamingEcho(), new ChunkStream().execute(true, "a\n1\n").bytes());
        assertErrorFrame(run, 1, "the first request must be getinfo, got action 'execute'");
    }

    @Test
    void unbalancedQuotes() {
        RecordingCommand cmd = RecordingCommand.streamingEcho();
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(false, "a,b\n1,2\n")
                .execute(true, "a,b\n1,2\n3,\"4\n").bytes());
        assertErrorFrame(run, 3, "chunk 3: CSV record 2 (line 3): a quoted value is never closed");
        assertEquals(List.of("getinfo", "execute"), cmd.calls, "no execute on a body that could not be decoded");
    }

    @Test
    void sessionKeyInACommandMessageIsRedacted() {
        RecordingCommand cmd = RecordingCommand.streamingEcho();
        cmd.execute = (chunk, out, inspector) -> {
            inspector.info("calling splunkd with " + cmd.info.sessionKey());
            throw new CommandException("rejected key " + cmd.info.sessionKey());
        };
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(true, "a\n1\n").bytes());
        assertEquals(ChunkedProtocol.EXIT_COMMAND_ERROR, run.exit);
        assertEquals("rejected key <redacted>", run.errorMessage());
        String all = new String(run.stdout, StandardCharsets.UTF_8) + run.stderr;
        assertFalse(all.contains(ChunkStream.SESSION_KEY));
        assertTrue(all.contains("calling splunkd with <redacted>"));
    }
}
