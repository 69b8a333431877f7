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

import java.nio.file.Path;
import java.util.List;

/**
 * {@code concurrentsessions}: a reporting command with a real map phase. The reduce phase
 * (default) declares {@code streaming_preop = concurrentsessions phase=map ...}; the map phase
 * runs as a streaming command (on the indexers when distributed) and emits one partial-state row
 * per session at the end, which the reduce phase merges with any raw events it also receives.
 */
public final class ConcurrentSessionsCommand implements SearchCommand {
    private final Path appDir;
    private CommandOptions options;
    private SessionSearch search;

    /** The command as splunkd runs it: lookups come from the app folder the jar lives in. */
    public ConcurrentSessionsCommand() {
        this(AllowLookup.appDirectory());
    }

    /** With the app folder {@code allow_cidrs_lookup} reads from given (tests; null: none). */
    public ConcurrentSessionsCommand(Path appDir) {
        this.appDir = appDir;
    }

    @Override
    public Declaration getinfo(SearchInfo info, Inspector inspector) throws CommandException {
        options = CommandOptions.parse(info.args(), appDir);
        if (options.isMap()) {
            return new Declaration(CommandType.STREAMING, options.requiredFields(), null);
        }
        return new Declaration(CommandType.REPORTING, options.requiredFields(), options.mapPreop());
    }

    @Override
    public void execute(Records chunk, RowSink out, Inspector inspector) throws CommandException {
        SessionSearch s = search();
        s.observe(chunk);
        List<OutputRow> flushed = s.takeFlushed();
        if (!flushed.isEmpty()) {
            s.columns(out);
            flushed.forEach(out::emit);
        }
    }

    @Override
    public void finish(RowSink out, Inspector inspector) throws CommandException {
        SessionSearch s = search();
        s.columns(out);
        s.results(out::emit); // each row encoded as it comes: the findings are never all live at once
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
}
