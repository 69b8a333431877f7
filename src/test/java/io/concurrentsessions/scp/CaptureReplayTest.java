package io.concurrentsessions.scp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays what real splunkd versions wrote to a command's stdin through the loop. */
class CaptureReplayTest {

    @Test
    void countmatchesOneChunkOf500RowsWithNonAsciiText() {
        byte[] input = ProtocolRun.fixture("splunk-6.3-countmatches.input.gz");
        RecordingCommand cmd = RecordingCommand.streamingEcho();
        ProtocolRun run = ProtocolRun.of(cmd, input);

        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("getinfo", "execute", "finish"), cmd.calls);
        assertEquals(List.of("fieldname=word_count", "pattern=\\w+", "text"), cmd.info.args());
        assertEquals("pattern=\"\\w+\"", cmd.info.rawArgs().get(1));
        assertEquals("1433261372.158", cmd.info.sid());

        Records in = cmd.chunks.get(0);
        assertEquals(List.of("_serial", "_time", "text"), in.fields());
        assertEquals(500, in.size());
        int text = in.indexOf("text");
        assertEquals("Tú novia te ama mucho", in.value(1, text));
        assertTrue(in.value(2, text).endsWith("they always watching 👀"), in.value(2, text));
        assertEquals("1380899494", in.value(0, in.indexOf("_time")));

        assertEquals(ProtocolRun.completeRequests(input), run.replies.size(), "one reply per request");
        assertEquals("streaming", run.replies.get(0).metadata().get("type").getAsString());
        assertTrue(run.last().finished());
        Records out = run.body(1);
        assertEquals(500, out.size());
        for (int r = 0; r < 500; r++) {
            assertEquals(in.value(r, text), out.value(r, out.indexOf("text")), "row " + r);
        }
    }

    @Test
    void multibyteNineChunksThaiTextIntactAndFloatSearchinfo() {
        byte[] input = ProtocolRun.fixture("splunk-8.0.3-multibyte.input.gz");
        RecordingCommand cmd = RecordingCommand.streamingEcho();
        ProtocolRun run = ProtocolRun.of(cmd, input);

        assertEquals(0, run.exit, run.stderr);
        SearchInfo info = cmd.info;
        assertEquals(50_000, info.maxResultRows());
        assertEquals("1599172248.0", info.latestTime());
        assertEquals("1599084000.0", info.earliestTime());
        assertEquals("8.0.3", info.splunkVersion());
        assertEquals("harvest", info.command());
        assertEquals(List.of(), info.args());

        assertEquals(9, cmd.chunks.size());
        assertEquals("finish", cmd.calls.get(cmd.calls.size() - 1));
        int thaiInCapture = occurrences(input, "ทt".getBytes(StandardCharsets.UTF_8));
        assertEquals(thaiInCapture, cmd.recordsSeen(), "every row arrives, none lost or split");
        for (Records chunk : cmd.chunks) {
            int f = chunk.indexOf("teststring");
            for (int r = 0; r < chunk.size(); r++) {
                assertEquals("ทt", chunk.value(r, f));
            }
        }

        assertEquals(10, run.replies.size(), "getinfo + nine execute replies");
        List<Boolean> finished = new ArrayList<>();
        long rowsOut = 0;
        for (int k = 1; k < run.replies.size(); k++) {
            finished.add(run.replies.get(k).finished());
            Records out = run.body(k);
            rowsOut += out.size();
            for (int r = 0; r < out.size(); r++) {
                assertEquals("ทt", out.value(r, out.indexOf("teststring")));
            }
        }
        assertEquals(List.of(false, false, false, false, false, false, false, false, true), finished);
        assertEquals(thaiInCapture, rowsOut);
    }

    @Test
    void sumReduceSeesTheMapTotal() {
        byte[] input = ProtocolRun.fixture("splunk-6.3-sum-reduce.input.gz");
        RecordingCommand cmd = summing("total", CommandType.REPORTING);
        ProtocolRun run = ProtocolRun.of(cmd, input);

        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("total=total", "value1"), cmd.info.args());
        Records in = cmd.chunks.get(0);
        assertEquals(List.of("total"), in.fields());
        assertEquals("2147943.07811", in.value(0, 0));
        assertEquals("reporting", run.replies.get(0).metadata().get("type").getAsString());
        assertTrue(run.last().finished());
        assertEquals("2147943.07811", run.body(1).value(0, 0));
    }

    @Test
    void sumMapGetsPhaseMapAnd50000EventRows() {
        byte[] input = ProtocolRun.fixture("splunk-6.3-sum-map.input.gz");
        RecordingCommand cmd = summing("value1", CommandType.STREAMING);
        ProtocolRun run = ProtocolRun.of(cmd, input);

        assertEquals(0, run.exit, run.stderr);
        assertTrue(cmd.info.args().contains("phase=map"), cmd.info.args().toString());
        Records in = cmd.chunks.get(0);
        assertEquals(50_000, in.size());
        assertTrue(in.fields().containsAll(List.of("_raw", "_time", "host", "source", "sourcetype", "value1", "value2")));
        assertFalse(in.fields().stream().anyMatch(f -> f.startsWith("__mv_")));
        int raw = in.indexOf("_raw");
        int value1 = in.indexOf("value1");
        for (int r = 0; r < in.size(); r++) {
            assertNotNull(in.value(r, raw), "row " + r);
            assertTrue(in.value(r, raw).contains("value1:" + in.value(r, value1)), "row " + r + ": _raw and value1 agree");
        }
        assertEquals(2, run.replies.size());
        assertEquals(1, run.body(1).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"splunk-6.3-generatehello-getinfo.input.gz", "splunk-6.3-pypygeneratetext-getinfo.input.gz"})
    void getinfoThenCutShortExecuteIsAnsweredWithAnError(String name) {
        byte[] input = ProtocolRun.fixture(name);
        RecordingCommand cmd = RecordingCommand.streamingEcho();
        ProtocolRun run = ProtocolRun.of(cmd, input);

        assertEquals("count=1000", cmd.info.args().get(0));
        if (name.contains("pypy")) {
            assertEquals(List.of("count=1000", "text=Hello World!"), cmd.info.args());
            assertEquals("text=\"Hello World!\"", cmd.info.rawArgs().get(1));
        }
        // The file stops inside the next chunk: an honest command reports truncation, it does not
        // pretend the search ended normally, and never runs execute on half a chunk.
        assertEquals(List.of("getinfo"), cmd.calls);
        assertEquals(ChunkedProtocol.EXIT_PROTOCOL_ERROR, run.exit);
        assertEquals(2, run.replies.size(), "getinfo reply, then one error reply");
        assertTrue(run.last().finished());
        String error = run.errorMessage();
        // generatehello stops after the execute metadata; pypygeneratetext after a lone newline.
        assertEquals(name.contains("pypy") ? "chunk 2: an empty line where a chunk header should start"
                : "chunk 2: stream ended inside the body: got 0 of 150 bytes (truncated chunk)", error);
        assertEquals("ERROR", run.lastMetadata().getAsJsonObject("inspector").getAsJsonArray("messages")
                .get(0).getAsJsonArray().get(0).getAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"splunk-6.3-countmatches.input.gz", "splunk-8.0.3-multibyte.input.gz", "splunk-6.3-sum-reduce.input.gz",
            "splunk-6.3-generatehello-getinfo.input.gz", "splunk-6.3-pypygeneratetext-getinfo.input.gz"})
    void sessionKeyNeverWritten(String name) throws IOException {
        byte[] input = ProtocolRun.fixture(name);
        String key = new ChunkReader(new ByteArrayInputStream(input)).read().metadata()
                .getAsJsonObject("searchinfo").get("session_key").getAsString();
        assertTrue(key.length() > 20);
        RecordingCommand cmd = RecordingCommand.streamingEcho();
        cmd.execute = (chunk, out, inspector) -> {
            inspector.warn("key was " + cmd.info.sessionKey());
            throw new IllegalStateException("failing with " + cmd.info.sessionKey());
        };
        ProtocolRun run = ProtocolRun.of(cmd, input);
        assertFalse(new String(run.stdout, StandardCharsets.UTF_8).contains(key), "stdout");
        assertFalse(run.stderr.contains(key), "stderr");
        assertFalse(cmd.info.toString().contains(key));
        assertTrue(run.exit != 0);
    }

    /** Sums a numeric field exactly and emits {@code total} at the end, as Splunk's sum does. */
    private static RecordingCommand summing(String field, CommandType type) {
        RecordingCommand cmd = new RecordingCommand().declaring(Declaration.of(type));
        BigDecimal[] total = {BigDecimal.ZERO};
        cmd.execute = (chunk, out, inspector) -> {
            int f = chunk.indexOf(field);
            for (int r = 0; r < chunk.size(); r++) {
                String v = chunk.value(r, f);
                if (v != null) {
                    total[0] = total[0].add(new BigDecimal(v));
                }
            }
        };
        cmd.finish = (out, inspector) -> out.emit(new OutputRow().put("total", total[0].toPlainString()));
        return cmd;
    }

    private static int occurrences(byte[] haystack, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }
}
