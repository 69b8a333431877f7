package io.concurrentsessions.command;

import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.RowSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code phase=map}: the results are partial-state rows, one per session. Reaching max_sessions
 * flushes the table to {@link #takeFlushed()} rather than refusing sessions; so does ending a
 * chunk with more than {@value #FLUSH_SESSIONS} sessions held, which bounds an indexer's memory
 * whatever the search. Nothing is lost: the reduce merges partials in any mix and order.
 */
final class MapPhase implements Phase {
    /**
     * Sessions held past the end of a chunk before they are emitted as partials. About 50 MB of
     * heap on an indexer; a session cut by a flush costs the reduce one more partial row.
     */
    static final int FLUSH_SESSIONS = 100_000;

    private final SessionTable table;
    private final List<OutputRow> flushed = new ArrayList<>();
    private long sessionsFlushed;

    MapPhase(SessionTable table) {
        this.table = table;
    }

    /** Flush everything when the next event's groups might not fit. Mergeable, so nothing is lost. */
    @Override
    public void beforeSessions(long groups) {
        if (table.size() > 0 && table.size() + groups > table.maxSessions()) {
            flushed.addAll(partialRows());
        }
    }

    @Override
    public List<OutputRow> takeFlushed() {
        if (table.size() >= FLUSH_SESSIONS) {
            flushed.addAll(partialRows());
        }
        List<OutputRow> out = new ArrayList<>(flushed);
        flushed.clear();
        return out;
    }

    /** The rows flushed early, then one partial-state row per session still held. */
    @Override
    public void results(Consumer<OutputRow> out) {
        flushed.forEach(out);
        flushed.clear();
        drain(out);
    }

    @Override
    public void columns(RowSink out) {
        out.columns(List.of(CommandOptions.STATE_FIELD), List.of());
    }

    @Override
    public long sessionsFlushed() {
        return sessionsFlushed;
    }

    private List<OutputRow> partialRows() {
        List<OutputRow> rows = new ArrayList<>(table.size());
        drain(rows::add);
        return rows;
    }

    /** One partial-state row per session held, handed on as it is encoded; the table is left empty. */
    private void drain(Consumer<OutputRow> out) {
        StringBuilder scratch = new StringBuilder(1024);
        for (Map.Entry<SessionKey, SessionState> e : table.drain()) {
            out.accept(new OutputRow().put(CommandOptions.STATE_FIELD, PartialStateCodec.encode(e.getKey(), e.getValue(), scratch)));
            sessionsFlushed++;
        }
    }
}
