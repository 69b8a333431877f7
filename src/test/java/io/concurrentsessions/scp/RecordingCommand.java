package io.concurrentsessions.scp;

import java.util.ArrayList;
import java.util.List;

/**
 * A command for driving the loop in tests: records every call and what it was given, and behaves
 * as configured (by default a streaming command echoing every record).
 */
final class RecordingCommand implements SearchCommand {
    interface Execute {
        void run(Records chunk, RowSink out, Inspector inspector) throws CommandException;
    }

    interface Finish {
        void run(RowSink out, Inspector inspector) throws CommandException;
    }

    interface Getinfo {
        Declaration run(SearchInfo info, Inspector inspector) throws CommandException;
    }

    final List<String> calls = new ArrayList<>();
    final List<Records> chunks = new ArrayList<>();
    SearchInfo info;
    Getinfo getinfo = (info, inspector) -> Declaration.of(CommandType.STREAMING);
    Execute execute = RecordingCommand::echo;
    Finish finish = (out, inspector) -> { };

    static RecordingCommand streamingEcho() {
        return new RecordingCommand();
    }

    RecordingCommand declaring(Declaration d) {
        getinfo = (info, inspector) -> d;
        return this;
    }

    @Override
    public Declaration getinfo(SearchInfo info, Inspector inspector) throws CommandException {
        calls.add("getinfo");
        this.info = info;
        return getinfo.run(info, inspector);
    }

    @Override
    public void execute(Records chunk, RowSink out, Inspector inspector) throws CommandException {
        calls.add("execute");
        chunks.add(chunk);
        execute.run(chunk, out, inspector);
    }

    @Override
    public void finish(RowSink out, Inspector inspector) throws CommandException {
        calls.add("finish");
        finish.run(out, inspector);
    }

    static void echo(Records chunk, RowSink out, Inspector inspector) {
        List<String> fields = chunk.fields();
        for (int r = 0; r < chunk.size(); r++) {
            OutputRow row = new OutputRow();
            for (int f = 0; f < fields.size(); f++) {
                row.put(fields.get(f), chunk.values(r, f));
            }
            out.emit(row);
        }
    }

    long recordsSeen() {
        return chunks.stream().mapToLong(Records::size).sum();
    }
}
