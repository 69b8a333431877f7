package io.concurrentsessions.command;

import io.concurrentsessions.detect.CanonicalIpv4;
import io.concurrentsessions.detect.EpochTime;
import io.concurrentsessions.detect.EventContext;
import io.concurrentsessions.detect.KeyBytes;
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
    private final KeyBytes key = new KeyBytes();
    private final EpochTime epoch = new EpochTime();

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
        int state = chunk.indexOf(CommandOptions.STATE_FIELD);
        int time = chunk.indexOf("_time");
        int op = chunk.indexOf(options.operationField());
        int user = chunk.indexOf(options.userField());
        int sid = chunk.indexOf(options.sessionField());
        int ip = chunk.indexOf(options.ipField());
        int ua = chunk.indexOf(options.userAgentField());
        int lat = chunk.indexOf("lat");
        int lon = chunk.indexOf("lon");
        int city = chunk.indexOf("City");
        int country = chunk.indexOf("Country");
        int asn = options.asnField() == null ? -1 : chunk.indexOf(options.asnField());
        boolean located = lat >= 0 || lon >= 0 || city >= 0 || country >= 0 || asn >= 0;
        byte[] bytes = op >= 0 && user >= 0 && sid >= 0 ? chunk.bytes() : null;
        for (int r = 0, n = chunk.size(); r < n; r++) {
            if (state >= 0) {
                List<String> states = chunk.values(r, state);
                if (!states.isEmpty()) {
                    s.mergePartials(states);
                    continue;
                }
            }
            EventContext context = located ? EventFilter.context(value(chunk, r, lat), value(chunk, r, lon),
                    value(chunk, r, city), value(chunk, r, country), value(chunk, r, asn)) : null;
            if (bytes != null) {
                // The common event: one value per by-field, read where it lies in the chunk.
                long o = chunk.span(r, op);
                long u = chunk.span(r, user);
                long k = chunk.span(r, sid);
                long t = time < 0 ? 0 : chunk.span(r, time);
                if ((int) o > 0 && (int) u > 0 && (int) k > 0 && t != Records.DECODE) {
                    EpochTime parsed = (int) t > 0 && epoch.parse(bytes, (int) (t >>> 32), (int) t) ? epoch : null;
                    key.set(bytes, (int) (o >>> 32), (int) o, (int) (u >>> 32), (int) u, (int) (k >>> 32), (int) k);
                    long a = ip < 0 ? 0 : chunk.span(r, ip);
                    long v4 = (int) a > 0 ? CanonicalIpv4.parse(bytes, (int) (a >>> 32), (int) a) : CanonicalIpv4.NONE;
                    if (v4 != CanonicalIpv4.NONE) {
                        s.observeEvent(key, parsed, (int) v4, values(chunk, r, ua), context);
                    } else {
                        s.observeEvent(key, parsed, values(chunk, r, ip), values(chunk, r, ua), context);
                    }
                    continue;
                }
            }
            s.observeEvent(values(chunk, r, op), values(chunk, r, user), values(chunk, r, sid),
                    time < 0 ? null : chunk.value(r, time), values(chunk, r, ip), values(chunk, r, ua), context);
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

    private static String value(Records chunk, int row, int field) {
        return field < 0 ? null : chunk.value(row, field);
    }

    private static List<String> values(Records chunk, int row, int field) {
        return field < 0 ? List.of() : chunk.values(row, field);
    }
}
