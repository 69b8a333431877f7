package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;
import io.concurrentsessions.scp.Declaration;
import io.concurrentsessions.scp.Inspector;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.SearchInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives {@link ConcurrentSessionsCommand} as the protocol loop does (getinfo, execute per chunk,
 * finish) over in-memory records, collecting rows and inspector messages.
 */
final class CommandHarness implements Inspector {
    final List<OutputRow> rows = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    Declaration declaration;

    @Override
    public void info(String m) {
        messages.add("INFO " + m);
    }

    @Override
    public void warn(String m) {
        messages.add("WARN " + m);
    }

    @Override
    public void error(String m) {
        messages.add("ERROR " + m);
    }

    /** Runs one process over the events cut into chunks at the given sizes (the rest in one chunk). */
    static CommandHarness run(List<String> args, List<Map<String, List<String>>> events, int... chunkSizes)
            throws CommandException {
        CommandHarness h = new CommandHarness();
        ConcurrentSessionsCommand c = new ConcurrentSessionsCommand();
        h.declaration = c.getinfo(SearchInfo.builder().args(args).build(), h);
        int at = 0;
        List<Integer> sizes = new ArrayList<>();
        for (int s : chunkSizes) {
            sizes.add(s);
        }
        int i = 0;
        do {
            int n = i < sizes.size() ? Math.min(sizes.get(i++), events.size() - at) : events.size() - at;
            List<Map<String, List<String>>> chunk = events.subList(at, at + n);
            c.execute(SplunkCsv.records(SplunkCsv.fieldsOf(chunk), chunk), h.rows::add, h);
            at += n;
        } while (at < events.size());
        c.finish(h.rows::add, h);
        return h;
    }

    /** Rows as plain maps, for equality and readable failures. */
    static List<Map<String, List<String>>> plain(List<OutputRow> rows) {
        List<Map<String, List<String>>> out = new ArrayList<>();
        for (OutputRow r : rows) {
            out.add(new LinkedHashMap<>(r.fields()));
        }
        return out;
    }

    /** A map-phase output row as the reduce phase's input. */
    static Map<String, List<String>> asInput(OutputRow r) {
        return new LinkedHashMap<>(r.fields());
    }
}
