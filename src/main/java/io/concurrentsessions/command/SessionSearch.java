package io.concurrentsessions.command;

import io.concurrentsessions.detect.Event;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.Records;
import io.concurrentsessions.scp.RowSink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The detection over a stream of events, without the protocol: the search command and the offline
 * scanner both run it, so they cannot disagree. Feed events (or partial-state rows) with
 * {@link #observe}, then read {@link #results()} once. Not thread-safe.
 *
 * <p>The ingest is the same in both phases; what differs (when sessions leave early, what is
 * emitted) is the {@link Phase} the options choose: {@link MapPhase} emits partial-state rows,
 * {@link ReducePhase} merges them with raw events, in any mix and order, and emits the findings.
 * The messages are {@link SearchMessages}'.
 */
public final class SessionSearch {
    /**
     * Live heap per tracked session: ~590 B in a 10^6-event search (class histogram after a full
     * GC; 498k sessions, most with one address and one user agent).
     */
    static final long HEAP_BYTES_PER_SESSION = 600;

    private final CommandOptions options;
    private final SessionTable table;
    private final Phase phase;
    private long partialsMerged;
    private long malformedPartials;
    private String firstMalformed;

    private final EventFilter filter;
    private final EventReader reader;

    public SessionSearch(CommandOptions o) {
        this.options = o;
        this.table = new SessionTable(sessionCap(o, Runtime.getRuntime().maxMemory()), o.maxIpsPerSession(),
                o.evidenceSettings(), o.minIps());
        this.filter = new EventFilter(o);
        this.reader = new EventReader(o);
        this.phase = Phase.of(o, table);
    }

    /**
     * max_sessions when given; otherwise its default (1,000,000) or, when the heap holds more,
     * as many sessions as 60% of the heap holds at {@value #HEAP_BYTES_PER_SESSION} bytes each
     * (the rest is the collector's working room and the chunk in flight). A
     * fixed default left 80% of the findings of a 10^7-event search (5 million sessions) behind
     * a warning on a JVM with room for all of them.
     */
    static int sessionCap(CommandOptions o, long maxHeapBytes) {
        if (o.maxSessionsGiven() || maxHeapBytes == Long.MAX_VALUE) {
            return o.maxSessions();
        }
        long fit = maxHeapBytes / 10 * 6 / HEAP_BYTES_PER_SESSION;
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(o.maxSessions(), fit));
    }

    /** Sessions the reduce can hold. */
    public int maxSessions() {
        return table.maxSessions();
    }

    public CommandOptions options() {
        return options;
    }

    /** One record: field name to its values (an empty list, or null, for none); read as the command reads a chunk's rows. */
    public void observe(Function<String, List<String>> fieldValues) {
        observe(reader.read(fieldValues));
    }

    /** One event, or one row's partial states, whoever read it. */
    void observe(Event event) {
        List<String> states = event.partialStates();
        if (states != null) {
            mergePartials(states);
            return;
        }
        if (!filter.passesAll()) {
            List<String> addresses = filter.addresses(event.addresses());
            if (addresses == null) {
                return; // every address allowed: not grouped, as if a search before the command removed it
            }
            event.addresses(addresses);
        }
        phase.beforeSessions(event.groups());
        table.observe(event);
    }

    /** Every row of a chunk, events and partial states alike. */
    void observe(Records chunk) {
        try {
            for (int r = 0, n = chunk.size(); r < n; r++) {
                observe(reader.read(chunk, r));
            }
        } finally {
            reader.release();
        }
    }

    /** Every non-empty value is one encoded partial state. */
    private void mergePartials(List<String> states) {
        for (String encoded : states) {
            if (encoded == null || encoded.isEmpty()) {
                continue;
            }
            PartialStateCodec.Decoded d;
            try {
                d = PartialStateCodec.decode(encoded, table.pool());
            } catch (IllegalArgumentException e) {
                malformedPartials++;
                if (firstMalformed == null) {
                    firstMalformed = e.getMessage();
                }
                continue;
            }
            phase.beforeSessions(1);
            partialsMerged++;
            table.merge(d.key(), d.state());
        }
    }

    /** Rows to emit when a chunk ends (the map phase's early flushes; none in the reduce). */
    public List<OutputRow> takeFlushed() {
        return phase.takeFlushed();
    }

    /**
     * What the command emits at the end: the findings (reduce), or one partial-state row per
     * session still held (map). Call once.
     */
    public List<OutputRow> results() {
        List<OutputRow> rows = new ArrayList<>();
        results(rows::add);
        return rows;
    }

    /** As {@link #results()}, each row handed on as soon as it is made, none held. Call once, instead of it. */
    public void results(Consumer<OutputRow> out) {
        phase.results(out);
    }

    /** Declares the fields of the rows this search emits (findings or partial states) to {@code out}. */
    public void columns(RowSink out) {
        phase.columns(out);
    }

    /**
     * Reduce phase: the findings {@link #results()} would emit as rows, profile=strict applied
     * (the scanner reads these, not rows). Call once, instead of it.
     */
    public List<Finding> findings() {
        if (!(phase instanceof ReducePhase reduce)) {
            throw new IllegalStateException("findings come from the reduce phase; the map phase emits partial states");
        }
        return reduce.findings();
    }

    public SearchStats stats() {
        return new SearchStats(table.eventsSeen(), table.eventsMissingKey(), table.size() + phase.sessionsFlushed(),
                table.eventsBeyondCap(), table.sessionsBeyondCap(), table.sessionsBeyondCapIsExact(),
                partialsMerged, malformedPartials, table.sessionsFlagged(), table.eventsTimeNotNumeric());
    }

    /** Messages the user must see (WARN level). */
    public List<String> warnings() {
        return SearchMessages.warnings(this);
    }

    /** An INFO line: what was seen and dropped, as stats would drop it; what allow_cidrs and the profile removed. */
    public String summary() {
        return SearchMessages.summary(this);
    }

    Phase phase() {
        return phase;
    }

    EventFilter filter() {
        return filter;
    }

    /** The first undecodable partial state's problem, or null. */
    String firstMalformed() {
        return firstMalformed;
    }

    String timeNotNumericExample() {
        return table.timeNotNumericExample();
    }
}
