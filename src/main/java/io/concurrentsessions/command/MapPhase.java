package io.concurrentsessions.command;

import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.scp.OutputRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    public List<OutputRow> results() {
        List<OutputRow> out = takeFlushed();
        out.addAll(partialRows());
        return out;
    }

    @Override
    public long sessionsFlushed() {
        return sessionsFlushed;
    }

    private List<OutputRow> partialRows() {
        List<OutputRow> rows = new ArrayList<>(table.size());
        StringBuilder scratch = new StringBuilder(1024);
        for (Map.Entry<SessionKey, SessionState> e : table.drain()) {
            rows.add(new OutputRow().put(CommandOptions.STATE_FIELD, PartialStateCodec.encode(e.getKey(), e.getValue(), scratch)));
        }
        sessionsFlushed += rows.size();
        return rows;
    }
}
