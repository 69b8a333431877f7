package io.concurrentsessions.command;

import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.RowSink;

import java.util.List;
import java.util.function.Consumer;

/**
 * What differs between the command's two phases, as splunklib separates {@code map} and
 * {@code reduce}: when held sessions leave early and what the search emits. Chosen once, from
 * the options getinfo parsed; the ingest ({@link SessionSearch}) is the same for both.
 */
sealed interface Phase permits MapPhase, ReducePhase {

    static Phase of(CommandOptions o, SessionTable table) {
        return o.isMap() ? new MapPhase(table) : new ReducePhase(o, table);
    }

    /** Before an event or a partial that may start {@code groups} sessions. */
    void beforeSessions(long groups);

    /** Rows ready before the end (a chunk has ended): the map phase's early flushes. */
    List<OutputRow> takeFlushed();

    /** Hands on what the search emits at the end, row by row, none held. Call once. */
    void results(Consumer<OutputRow> out);

    /** Declares the fields of this phase's rows to {@code out}, which may then encode them as they come. */
    void columns(RowSink out);

    /** Sessions already emitted as partial rows (they still count as tracked). */
    long sessionsFlushed();
}
