package io.concurrentsessions.scp;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkedProtocolTest {

    @Test
    void getinfoReplyDeclaresTheCommandWithMessages() {
        RecordingCommand cmd = new RecordingCommand();
        cmd.getinfo = (info, inspector) -> {
            inspector.info("hello");
            inspector.warn("careful");
            return new Declaration(CommandType.REPORTING, List.of("user", "src_ip"), "testcmd phase=map");
        };
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("\"args\":[\"a=1\"]").bytes());
        assertEquals(0, run.exit, "a probe ends quietly");
        assertEquals(List.of("getinfo"), cmd.calls, "a probe runs neither execute nor finish");
        assertEquals("", run.stderr);
        assertEquals(1, run.replies.size());
        assertEquals("{\"type\":\"reporting\",\"required_fields\":[\"user\",\"src_ip\"],\"streaming_preop\":\"testcmd phase=map\","
                + "\"inspector\":{\"messages\":[[\"INFO\",\"hello\"],[\"WARN\",\"careful\"]]}}", run.lastMetadata().toString());
        assertEquals(List.of("a=1"), cmd.info.args());
    }

    @Test
    void plainDeclarationOmitsEmptyKeys() {
        ProtocolRun run = ProtocolRun.of(new RecordingCommand(), new ChunkStream().getinfo("").bytes());
        assertEquals("{\"type\":\"streaming\"}", run.lastMetadata().toString());
    }

    @Test
    void argumentErrorAtGetinfoIsShownAndExitsNonZero() {
        RecordingCommand cmd = new RecordingCommand();
        cmd.getinfo = (info, inspector) -> {
            throw new CommandException("unknown option foo=1");
        };
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(true, "a\n1\n").bytes());
        assertEquals(ChunkedProtocol.EXIT_COMMAND_ERROR, run.exit);
        assertEquals(1, run.replies.size());
        assertEquals("{\"finished\":true,\"error\":\"unknown option foo=1\",\"inspector\":{\"messages\":[[\"ERROR\",\"unknown option foo=1\"]]}}",
                run.lastMetadata().toString());
        assertTrue(run.stderr.contains("unknown option foo=1"));
    }

    @Test
    void streamingRepliesCarryEachChunksRowsAndFinishRowsGoLast() {
        RecordingCommand cmd = new RecordingCommand();
        cmd.finish = (out, inspector) -> out.emit(new OutputRow().put("n", "end"));
        cmd.execute = (chunk, out, inspector) -> {
            RecordingCommand.echo(chunk, out, inspector);
            inspector.warn("saw " + chunk.size());
        };
        byte[] in = new ChunkStream().getinfo("").execute(false, "n\n1\n2\n").execute(false, "n\n3\n").execute(true, "").bytes();
        ProtocolRun run = ProtocolRun.of(cmd, in);
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("getinfo", "execute", "execute", "execute", "finish"), cmd.calls);
        assertEquals(4, run.replies.size());
        assertEquals(List.of("1", "2"), column(run.body(1), "n"));
        assertEquals(List.of("3"), column(run.body(2), "n"));
        assertEquals(List.of("end"), column(run.body(3), "n"));
        assertEquals("[[\"WARN\",\"saw 2\"]]", run.replies.get(1).metadata().getAsJsonObject("inspector").get("messages").toString());
        assertEquals(List.of(false, false, true), finishedFlags(run));
    }

    @Test
    void reportingCommandSeesAllChunksBeforeItsResult() {
        RecordingCommand cmd = new RecordingCommand().declaring(Declaration.of(CommandType.REPORTING));
        long[] sum = {0};
        cmd.execute = (chunk, out, inspector) -> {
            for (int r = 0; r < chunk.size(); r++) {
                sum[0] += Long.parseLong(chunk.value(r, chunk.indexOf("x")));
            }
            out.emit(new OutputRow().put("partial", sum[0])); // must not leak into non-final replies
        };
        cmd.finish = (out, inspector) -> out.emit(new OutputRow().put("sum", sum[0]));
        byte[] in = new ChunkStream().getinfo("")
                .execute(false, "x\n1\n2\n").execute(false, "x\n30\n").execute(true, "x\n400\n").bytes();
        ProtocolRun run = ProtocolRun.of(cmd, in);
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("getinfo", "execute", "execute", "execute", "finish"), cmd.calls);
        assertEquals(4, run.replies.size());
        assertEquals(0, run.replies.get(1).bodyLength());
        assertEquals(0, run.replies.get(2).bodyLength());
        assertEquals(List.of(false, false, true), finishedFlags(run));
        Records result = run.body(3);
        assertEquals(List.of("partial", "sum"), result.fields());
        assertEquals(List.of("433"), column(result, "sum").subList(3, 4));
    }

    @Test
    void outputLargerThanMaxresultrowsIsPaged() {
        RecordingCommand cmd = new RecordingCommand().declaring(Declaration.of(CommandType.REPORTING));
        cmd.execute = (chunk, out, inspector) -> { };
        cmd.finish = (out, inspector) -> {
            for (int i = 1; i <= 7; i++) {
                out.emit(new OutputRow().put("i", i));
            }
        };
        ChunkStream s = new ChunkStream().getinfo("\"maxresultrows\":\"3\"").execute(true, "x\n1\n");
        // splunkd asks for the rest with empty execute requests while the replies say finished:false.
        s.execute(true, "").execute(true, "");
        ProtocolRun run = ProtocolRun.of(cmd, s.bytes());
        assertEquals(0, run.exit, run.stderr);
        assertEquals(4, run.replies.size());
        assertEquals(List.of(false, false, true), finishedFlags(run));
        List<String> all = new ArrayList<>();
        for (int k = 1; k < 4; k++) {
            List<String> page = column(run.body(k), "i");
            assertTrue(page.size() <= 3);
            all.addAll(page);
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), all);
        assertEquals(List.of("getinfo", "execute", "finish"), cmd.calls, "page requests are not executes");
    }

    @Test
    void rowsUnderDeclaredColumnsArePagedWithTheDeclaredHeader() {
        RecordingCommand cmd = new RecordingCommand().declaring(Declaration.of(CommandType.REPORTING));
        cmd.execute = (chunk, out, inspector) -> { };
        cmd.finish = (out, inspector) -> {
            out.emit(new OutputRow().put("early", "held")); // before the declaration: its own page, its own header
            out.columns(List.of("i", "tags", "note"), List.of("tags"));
            for (int i = 1; i <= 7; i++) {
                // fields in another order than declared, and "note" never put: still under the declared header
                out.emit(new OutputRow().put("tags", i % 2 == 0 ? List.of("even", "n" + i) : List.of("odd")).put("i", i));
            }
            inspector.info("seven rows");
        };
        byte[] in = new ChunkStream().getinfo("\"maxresultrows\":\"3\"").execute(true, "x\n1\n")
                .execute(true, "").execute(true, "").execute(true, "").bytes();
        ProtocolRun run = ProtocolRun.of(cmd, in);
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of(false, false, false, true), finishedFlags(run));
        assertEquals(List.of("early"), run.body(1).fields());
        assertTrue(run.replies.get(1).metadata().toString().contains("seven rows"), "messages go with the first reply");
        List<String> is = new ArrayList<>();
        for (int k = 2; k <= 4; k++) {
            Records page = run.body(k);
            assertEquals(List.of("i", "tags", "note"), page.fields(), "the declared header, every page");
            assertTrue(page.size() <= 3);
            for (int r = 0; r < page.size(); r++) {
                int i = Integer.parseInt(page.value(r, 0));
                is.add(page.value(r, 0));
                assertEquals(i % 2 == 0 ? List.of("even", "n" + i) : List.of("odd"), page.values(r, 1));
                assertEquals(List.of(), page.values(r, 2));
            }
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), is);
        assertTrue(new String(run.replies.get(2).body(), java.nio.charset.StandardCharsets.UTF_8).startsWith("i,tags,note,__mv_tags\n"));
    }

    @Test
    void theSameDeclarationAgainKeepsFillingOnePage() {
        RecordingCommand cmd = new RecordingCommand().declaring(Declaration.of(CommandType.STREAMING));
        cmd.execute = (chunk, out, inspector) -> {
            out.columns(List.of("i"), List.of());
            out.emit(new OutputRow().put("i", chunk.size()));
        };
        cmd.finish = (out, inspector) -> {
            out.columns(List.of("i"), List.of());
            out.emit(new OutputRow().put("i", "last"));
        };
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(true, "x\n1\n2\n").bytes());
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of(true), finishedFlags(run), "one reply holds both rows: no page request needed");
        assertEquals(List.of("2", "last"), column(run.body(1), "i"));
    }

    @Test
    void aRowOutsideTheDeclaredColumnsIsAnInternalErrorTheUserSees() {
        RecordingCommand cmd = new RecordingCommand().declaring(Declaration.of(CommandType.REPORTING));
        cmd.execute = (chunk, out, inspector) -> { };
        cmd.finish = (out, inspector) -> {
            out.columns(List.of("i"), List.of());
            out.emit(new OutputRow().put("i", 1).put("j", 2));
        };
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(true, "x\n1\n").bytes());
        assertEquals(ChunkedProtocol.EXIT_COMMAND_ERROR, run.exit);
        assertTrue(run.lastMetadata().get("error").getAsString().contains("j"), run.lastMetadata().toString());
    }

    @Test
    void stdinClosingWhilePagingIsCountedOnStderr() {
        RecordingCommand cmd = new RecordingCommand();
        byte[] in = new ChunkStream().getinfo("\"maxresultrows\":2.0").execute(true, "i\n1\n2\n3\n4\n5\n").bytes();
        ProtocolRun run = ProtocolRun.of(cmd, in);
        assertEquals(0, run.exit);
        assertEquals(2, run.replies.size());
        assertFalse(run.last().finished());
        assertTrue(run.stderr.contains("stdin closed with 3 rows not yet sent"), run.stderr);
    }

    @Test
    void commandErrorDuringExecuteKeepsEarlierMessagesAndStops() {
        RecordingCommand cmd = new RecordingCommand();
        cmd.execute = (chunk, out, inspector) -> {
            inspector.warn("first a warning");
            throw new CommandException("field user is missing");
        };
        byte[] in = new ChunkStream().getinfo("").execute(false, "a\n1\n").execute(true, "a\n2\n").bytes();
        ProtocolRun run = ProtocolRun.of(cmd, in);
        assertEquals(ChunkedProtocol.EXIT_COMMAND_ERROR, run.exit);
        assertEquals(2, run.replies.size(), "the error answers the failing request; nothing after");
        JsonObject m = run.lastMetadata();
        assertTrue(m.get("finished").getAsBoolean());
        assertEquals("field user is missing", m.get("error").getAsString());
        assertEquals("[[\"WARN\",\"first a warning\"],[\"ERROR\",\"field user is missing\"]]",
                m.getAsJsonObject("inspector").get("messages").toString());
    }

    @Test
    void outOfMemorySuggestsLessDataOrMoreMemory() {
        RecordingCommand cmd = new RecordingCommand();
        cmd.execute = (chunk, out, inspector) -> {
            throw new OutOfMemoryError("Java heap space");
        };
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(true, "a\n1\n").bytes());
        assertEquals(ChunkedProtocol.EXIT_COMMAND_ERROR, run.exit);
        String error = run.errorMessage();
        assertTrue(error.contains("out of memory") && error.contains("fewer events") && error.contains("-Xmx"), error);
    }

    @Test
    void unexpectedExceptionIsReportedNotSwallowed() {
        RecordingCommand cmd = new RecordingCommand();
        cmd.execute = (chunk, out, inspector) -> {
            throw new NullPointerException("boom");
        };
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(true, "a\n1\n").bytes());
        assertEquals(ChunkedProtocol.EXIT_COMMAND_ERROR, run.exit);
        assertEquals("internal error in testcmd during chunk 2: java.lang.NullPointerException: boom", run.errorMessage());
        assertTrue(run.stderr.contains("at io.concurrentsessions"), "stack trace goes to stderr for search.log");
    }

    @Test
    void stdinClosedBeforeTheFinalChunkEndsWithoutFinish() {
        RecordingCommand cmd = new RecordingCommand();
        ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(false, "a\n1\n").bytes());
        assertEquals(0, run.exit);
        assertEquals(List.of("getinfo", "execute"), cmd.calls);
        assertEquals(2, run.replies.size());
        assertTrue(run.stderr.contains("stdin closed before the final chunk"), run.stderr);
    }

    private static List<String> column(Records r, String field) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            out.add(r.value(i, r.indexOf(field)));
        }
        return out;
    }

    private static List<Boolean> finishedFlags(ProtocolRun run) {
        List<Boolean> out = new ArrayList<>();
        for (int k = 1; k < run.replies.size(); k++) {
            out.add(run.replies.get(k).finished());
        }
        return out;
    }

    // ---- limits set with -D in the launcher's Java options ---------------------------------

    @Test
    void sizePropertiesTakeBytesOrBinaryUnits() {
        String p = "concurrentsessions.test.size";
        try {
            assertEquals(7, ChunkedProtocol.byteSize(p, 7), "unset: the default");
            for (String[] c : new String[][] {{"100", "100"}, {"64m", "67108864"}, {" 2K ", "2048"}, {"1g", "1073741824"}}) {
                System.setProperty(p, c[0]);
                assertEquals(Integer.parseInt(c[1]), ChunkedProtocol.byteSize(p, 7), c[0]);
            }
            for (String bad : List.of("0", "-1", "lots", "3g", "99999999999999", "m")) {
                System.setProperty(p, bad);
                assertEquals("invalid -D" + p + "=" + bad + " in the command's Java options: expected a size in bytes from 1 to 2047m (e.g. 64m)",
                        assertThrows(IllegalArgumentException.class, () -> ChunkedProtocol.byteSize(p, 7)).getMessage());
            }
        } finally {
            System.clearProperty(p);
        }
    }

    @Test
    void fieldCapFromThePropertyAllowsExactlyTheCap() {
        System.setProperty(SplunkCsvReader.MAX_FIELD_PROPERTY, "8");
        try {
            ProtocolRun fits = ProtocolRun.of(RecordingCommand.streamingEcho(),
                    new ChunkStream().getinfo("").execute(true, "a,b\n12345678,\"ab\"\"cdefg\"\n").bytes());
            assertEquals(ChunkedProtocol.EXIT_OK, fits.exit, fits.stderr);
            assertEquals("ab\"cdefg", fits.body(1).value(0, 1));
            ProtocolRun over = ProtocolRun.of(RecordingCommand.streamingEcho(),
                    new ChunkStream().getinfo("").execute(true, "a,b\n1,\"ab\"\"cdefgh\"\n").bytes());
            assertEquals(ChunkedProtocol.EXIT_PROTOCOL_ERROR, over.exit);
            assertEquals("chunk 2: CSV record 1 (line 2): field 'b' is at least 9 bytes, over the per-field limit of 8 bytes;"
                    + " raise it with -Dconcurrentsessions.max_field_bytes=<bytes> under [java] options in"
                    + " local/concurrentsessions.conf", over.errorMessage());
        } finally {
            System.clearProperty(SplunkCsvReader.MAX_FIELD_PROPERTY);
        }
    }

    @Test
    void anUnreadableLimitIsReportedAtGetinfo() {
        System.setProperty(ChunkReader.MAX_CHUNK_PROPERTY, "lots");
        try {
            RecordingCommand cmd = RecordingCommand.streamingEcho();
            ProtocolRun run = ProtocolRun.of(cmd, new ChunkStream().getinfo("").execute(true, "a\n1\n").bytes());
            assertEquals(ChunkedProtocol.EXIT_COMMAND_ERROR, run.exit);
            assertEquals(1, run.replies.size());
            assertEquals("invalid -Dconcurrentsessions.max_chunk_bytes=lots in the command's Java options: expected a size"
                    + " in bytes from 1 to 2047m (e.g. 64m)", run.errorMessage());
            assertEquals(List.of(), cmd.calls, "the command is not started with limits nobody meant");
        } finally {
            System.clearProperty(ChunkReader.MAX_CHUNK_PROPERTY);
        }
    }

    @Test
    void outOfMemoryWhileReadingAChunkIsAnErrorFrame() {
        java.io.InputStream exhausting = new java.io.ByteArrayInputStream(new ChunkStream().getinfo("").bytes()) {
            private boolean served;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n < 0 && !served) {
                    served = true;
                    throw new OutOfMemoryError("Java heap space");
                }
                return n;
            }
        };
        ProtocolRun run = ProtocolRun.of(RecordingCommand.streamingEcho(), exhausting);
        assertEquals(ChunkedProtocol.EXIT_COMMAND_ERROR, run.exit);
        assertEquals(2, run.replies.size());
        assertTrue(run.errorMessage().startsWith("out of memory while reading chunk 2 with a heap of "), run.errorMessage());
    }
}
