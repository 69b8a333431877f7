package io.concurrentsessions.scp;

import static io.concurrentsessions.scp.ChunkedProtocol.EXIT_COMMAND_ERROR;
import static io.concurrentsessions.scp.ChunkedProtocol.EXIT_OK;
import static io.concurrentsessions.scp.ChunkedProtocol.EXIT_PROTOCOL_ERROR;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.UnaryOperator;

/** The state of one {@link ChunkedProtocol} run; the command is driven from here only. */
final class Conversation {
    private final SearchCommand command;
    private final ChunkReader reader;
    private final ChunkWriter writer;
    private final PrintStream diagnostics;
    /** A limit property that could not be read: reported at getinfo, where the user sees it. */
    private final String configurationError;
    private final SplunkCsvReader csv;
    private final OutputPages pending = new OutputPages();
    // An inner class, not this::redact: the first lambda bootstraps invokedynamic (~100 classes)
    // on the way to the getinfo reply.
    private final InspectorMessages inspector = new InspectorMessages(new UnaryOperator<String>() {
        @Override
        public String apply(String s) {
            return redact(s);
        }
    });
    private String sessionKey;
    private String name = "search command";
    private boolean reporting;
    private boolean inputFinished;
    private boolean replyFinished;
    private long executes;
    private long recordsIn;
    private long rowsOut;
    private int lastExit = EXIT_OK;

    Conversation(SearchCommand command, ChunkReader reader, ChunkWriter writer, PrintStream diagnostics,
            int maxFieldBytes, String configurationError) {
        this.command = command;
        this.reader = reader;
        this.writer = writer;
        this.diagnostics = diagnostics;
        this.configurationError = configurationError;
        this.csv = new SplunkCsvReader(maxFieldBytes);
    }

    int run() {
        try {
            if (!getinfo()) {
                return lastExit;
            }
            return executeLoop();
        } catch (IOException e) {
            // Only writes get here: stdout is gone, no reply is possible.
            diagnose("cannot write to splunkd: " + e.getMessage());
            return EXIT_PROTOCOL_ERROR;
        } catch (OutOfMemoryError e) {
            // Encoding a reply: nothing of it was written yet, so the error frame is the reply.
            pending.clear();
            return fatal(outOfMemory("writing a reply"), EXIT_COMMAND_ERROR);
        }
    }

    /** Returns false when the conversation is over (error answered, or nothing to do). */
    private boolean getinfo() throws IOException {
        Chunk first;
        try {
            first = reader.read();
        } catch (ProtocolException e) {
            lastExit = fatal(e.getMessage(), EXIT_PROTOCOL_ERROR);
            return false;
        } catch (IOException e) {
            lastExit = fatal("cannot read from splunkd: " + e.getMessage(), EXIT_PROTOCOL_ERROR);
            return false;
        } catch (OutOfMemoryError e) {
            lastExit = fatal(outOfMemory("reading chunk 1"), EXIT_COMMAND_ERROR);
            return false;
        }
        if (first == null) {
            diagnose("stdin closed before any request");
            return false;
        }
        if (!"getinfo".equals(first.action())) {
            lastExit = fatal("the first request must be getinfo, got action " + describe(first.action()), EXIT_PROTOCOL_ERROR);
            return false;
        }
        SearchInfo info = SearchInfoJson.parse(first.metadata().get("searchinfo"));
        sessionKey = info.sessionKey() == null || info.sessionKey().isEmpty() ? null : info.sessionKey();
        if (info.command() != null) {
            name = info.command();
        }
        if (configurationError != null) {
            lastExit = fatal(configurationError, EXIT_COMMAND_ERROR);
            return false;
        }
        pending.maxRows(info.maxResultRows());
        Declaration declaration;
        try {
            declaration = command.getinfo(info, inspector);
            if (declaration == null) {
                throw new IllegalStateException("getinfo returned no declaration");
            }
        } catch (CommandException e) {
            lastExit = fatal(e.getMessage(), EXIT_COMMAND_ERROR);
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            lastExit = fatal(internalError(e, "getinfo"), EXIT_COMMAND_ERROR);
            return false;
        }
        reporting = declaration.type() == CommandType.REPORTING;
        JsonObject reply = new JsonObject();
        reply.addProperty("type", declaration.type().wireName());
        if (!declaration.requiredFields().isEmpty()) {
            JsonArray fields = new JsonArray();
            for (String field : declaration.requiredFields()) {
                fields.add(field);
            }
            reply.add("required_fields", fields);
        }
        if (declaration.streamingPreop() != null) {
            reply.addProperty("streaming_preop", declaration.streamingPreop());
        }
        inspector.drainInto(reply);
        writer.write(reply);
        return true;
    }

    private int executeLoop() throws IOException {
        while (true) {
            Chunk request;
            try {
                request = reader.read();
            } catch (ProtocolException e) {
                return fatal(e.getMessage(), EXIT_PROTOCOL_ERROR);
            } catch (IOException e) {
                return fatal("cannot read from splunkd: " + e.getMessage(), EXIT_PROTOCOL_ERROR);
            } catch (OutOfMemoryError e) {
                // The half-read body is garbage now: there is room again for the error reply.
                pending.clear();
                return fatal(outOfMemory("reading chunk " + (reader.chunksRead() + 1)), EXIT_COMMAND_ERROR);
            }
            if (request == null) {
                return endOfInput();
            }
            if (!"execute".equals(request.action())) {
                return fatal("chunk " + reader.chunksRead() + ": unexpected action " + describe(request.action())
                        + " (expected execute)", EXIT_PROTOCOL_ERROR);
            }
            int exit = handle(request);
            if (exit >= 0) {
                return exit;
            }
        }
    }

    /** One execute request; returns an exit code when the conversation must end, else -1. */
    private int handle(Chunk request) throws IOException {
        long number = reader.chunksRead();
        try {
            Records records = request.records(csv);
            if (inputFinished) {
                // A page request: splunkd asks for the rest of the output; it carries no input.
                if (records.size() > 0) {
                    inspector.warn("ignored " + records.size() + " records sent after the final chunk");
                    diagnose("ignored " + records.size() + " records in chunk " + number + ", after the final chunk");
                }
            } else {
                executes++;
                recordsIn += records.size();
                command.execute(records, pending, inspector);
                if (request.finished()) {
                    inputFinished = true;
                    command.finish(pending, inspector);
                }
            }
        } catch (CsvFormatException e) {
            return fatal("chunk " + number + ": " + e.getMessage(), EXIT_PROTOCOL_ERROR);
        } catch (CommandException e) {
            return fatal(e.getMessage(), EXIT_COMMAND_ERROR);
        } catch (OutOfMemoryError e) {
            pending.clear();
            return fatal(outOfMemory("handling chunk " + number + " (" + request.bodyLength() + " bytes)"), EXIT_COMMAND_ERROR);
        } catch (RuntimeException | StackOverflowError e) {
            return fatal(internalError(e, "chunk " + number), EXIT_COMMAND_ERROR);
        }
        reply();
        return -1;
    }

    /** Sends the next page of pending rows; a reporting command sends nothing before the input ends. */
    private void reply() throws IOException {
        OutputPages.Body page = !reporting || inputFinished ? pending.next() : OutputPages.Body.NONE;
        replyFinished = inputFinished && pending.isEmpty();
        JsonObject reply = new JsonObject();
        reply.addProperty("finished", replyFinished);
        inspector.drainInto(reply);
        writer.write(reply, page.bytes());
        rowsOut += page.rows();
    }

    private int endOfInput() {
        if (executes == 0) {
            return EXIT_OK;
        }
        if (!inputFinished) {
            diagnose("stdin closed before the final chunk, after " + executes + " execute chunks; finish was not run");
        } else if (!pending.isEmpty()) {
            diagnose("stdin closed with " + pending.size() + " rows not yet sent (splunkd stopped paging)");
        }
        diagnose(executes + " execute chunks, " + recordsIn + " records in, " + rowsOut + " rows out");
        return EXIT_OK;
    }

    /** Answers with an error frame the user sees in the search bar, and picks the exit code. */
    private int fatal(String message, int exit) {
        String text = redact(message == null ? "unknown error" : message);
        diagnose("ERROR: " + text);
        JsonObject reply = new JsonObject();
        reply.addProperty("finished", true);
        reply.addProperty("error", text);
        inspector.error(text);
        inspector.drainInto(reply);
        try {
            writer.write(reply);
        } catch (IOException e) {
            diagnose("cannot write the error reply: " + e.getMessage());
        }
        return exit;
    }

    private String outOfMemory(String when) {
        long mib = Runtime.getRuntime().maxMemory() >> 20;
        return "out of memory while " + when + " with a heap of " + mib + " MB: search fewer events or fields"
                + " (lower maxchunksize in commands.conf), or give the command more memory (-Xmx under [java] options"
                + " in local/concurrentsessions.conf)";
    }

    private String internalError(Throwable e, String where) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        diagnostics.println(redact(trace.toString()));
        return "internal error in " + name + " during " + where + ": " + e;
    }

    private void diagnose(String line) {
        diagnostics.println(name + ": " + redact(line));
        diagnostics.flush();
    }

    private String redact(String s) {
        return sessionKey == null || s == null ? s : s.replace(sessionKey, "<redacted>");
    }

    /** An action as it may be quoted in a message: short, printable. */
    private static String describe(String action) {
        if (action == null) {
            return "(none)";
        }
        String s = action.length() > 40 ? action.substring(0, 40) + "..." : action;
        return "'" + s.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
