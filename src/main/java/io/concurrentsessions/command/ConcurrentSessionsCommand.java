package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;
import io.concurrentsessions.scp.CommandType;
import io.concurrentsessions.scp.Declaration;
import io.concurrentsessions.scp.Inspector;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.Records;
import io.concurrentsessions.scp.RowSink;
import io.concurrentsessions.scp.SearchCommand;
import io.concurrentsessions.scp.SearchInfo;

import java.util.List;

/**
 * {@code concurrentsessions}: a reporting command with a real map phase. The reduce phase
 * (default) declares {@code streaming_preop = concurrentsessions phase=map ...}; the map phase
 * runs as a streaming command (on the indexers when distributed) and emits one partial-state row
 * per session at the end, which the reduce phase merges with any raw events it also receives.
 */
public final class ConcurrentSessionsCommand implements SearchCommand {
    private CommandOptions options;
    private SessionSearch search;

    @Override
    public Declaration getinfo(SearchInfo info, Inspector inspector) throws CommandException {
        options = CommandOptions.parse(info.args());
        if (options.isMap()) {
            return new Declaration(CommandType.STREAMING, options.requiredFields(), null);
        }
        return new Declaration(CommandType.REPORTING, options.requiredFields(), options.mapPreop());
    }

    @Override
    public void execute(Records chunk, RowSink out, Inspector inspector) throws CommandException {
        SessionSearch s = search();
        int state = chunk.indexOf(CommandOptions.STATE_FIELD);
        int time = chunk.indexOf("_time");
        int op = chunk.indexOf(options.operationField());
        int user = chunk.indexOf(options.userField());
        int sid = chunk.indexOf(options.sessionField());
        int ip = chunk.indexOf(options.ipField());
        int ua = chunk.indexOf(options.userAgentField());
        for (int r = 0, n = chunk.size(); r < n; r++) {
            if (state >= 0) {
                List<String> states = chunk.values(r, state);
                if (!states.isEmpty()) {
                    s.mergePartials(states);
                    continue;
                }
            }
            s.observeEvent(values(chunk, r, op), values(chunk, r, user), values(chunk, r, sid),
                    time < 0 ? null : chunk.value(r, time), values(chunk, r, ip), values(chunk, r, ua));
        }
        for (OutputRow row : s.takeFlushed()) {
            out.emit(row);
        }
    }

    @Override
    public void finish(RowSink out, Inspector inspector) throws CommandException {
        SessionSearch s = search();
        for (OutputRow row : s.results()) {
            out.emit(row);
        }
        inspector.info(s.summary());
        for (String w : s.warnings()) {
            inspector.warn(w);
        }
    }

    private SessionSearch search() throws CommandException {
        if (options == null) {
            throw new CommandException(CommandOptions.COMMAND_NAME + ": execute before getinfo");
        }
        if (search == null) {
            search = new SessionSearch(options);
        }
        return search;
    }

    private static List<String> values(Records chunk, int row, int field) {
        return field < 0 ? List.of() : chunk.values(row, field);
    }
}
