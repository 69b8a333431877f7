package io.concurrentsessions.command;

import io.concurrentsessions.detect.Event;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.Records;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The detection over a stream of events, without the protocol: the search command and the offline
 * scanner both run it, so they cannot disagree. Feed events (or partial-state rows) with
 * {@link #observe}, then read {@link #results()} once. Not thread-safe.
 *
 * <p>In the map phase ({@code phase=map}) the results are partial-state rows, one per session,
 * and reaching max_sessions flushes the table to {@link #takeFlushed()} rather than refusing
 * sessions; so does ending a chunk with more than {@value #MAP_FLUSH_SESSIONS} sessions held,
 * which bounds an indexer's memory whatever the search. The reduce phase merges those rows and
 * raw events alike, in any mix and order.
 */
public final class SessionSearch {
    public static final String OUT_OPERATION = "Operation";
    public static final String OUT_USER = "user";
    public static final String OUT_SESSION = "SessionId";
    /**
     * Live heap per tracked session: ~590 B in a 10^6-event search (class histogram after a full
     * GC; 498k sessions, most with one address and one user agent).
     */
    static final long HEAP_BYTES_PER_SESSION = 600;
    /**
     * Map phase: sessions held past the end of a chunk before they are emitted as partials. About
     * 50 MB of heap on an indexer; a session cut by a flush costs the reduce one more partial row.
     */
    static final int MAP_FLUSH_SESSIONS = 100_000;

    private final CommandOptions options;
    private final SessionTable table;
    private final List<OutputRow> flushed = new ArrayList<>();
    private long sessionsFlushed;
    private List<SessionKey> overCap = List.of();
    private int overCapCount;
    private long partialsMerged;
    private long malformedPartials;
    private String firstMalformed;

    private final EventFilter filter;
    private final EventReader reader;
    private long sessionsNotStrict;

    public SessionSearch(CommandOptions o) {
        this.options = o;
        this.table = new SessionTable(sessionCap(o, Runtime.getRuntime().maxMemory()), o.maxIpsPerSession(),
                o.evidenceSettings(), o.minIps());
        this.filter = new EventFilter(o);
        this.reader = new EventReader(o);
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
        if (options.isMap()) {
            makeRoom(event.groups());
        }
        table.observe(event);
    }

    /** Row {@code r} of a chunk. */
    void observe(Records chunk, int r) {
        observe(reader.read(chunk, r));
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
            if (options.isMap()) {
                makeRoom(1);
            }
            partialsMerged++;
            table.merge(d.key(), d.state());
        }
    }

    /** Map phase: partial rows flushed early (max_sessions reached, or a chunk ended over the budget); emit them now. */
    public List<OutputRow> takeFlushed() {
        if (options.isMap() && table.size() >= MAP_FLUSH_SESSIONS) {
            flushed.addAll(partialRows());
        }
        List<OutputRow> out = new ArrayList<>(flushed);
        flushed.clear();
        return out;
    }

    /**
     * What the command emits at the end: the findings (reduce), or one partial-state row per
     * session still held (map). Call once.
     */
    public List<OutputRow> results() {
        if (options.isMap()) {
            List<OutputRow> out = takeFlushed();
            out.addAll(partialRows());
            return out;
        }
        List<Finding> findings = table.findings(options.minIps());
        List<OutputRow> rows = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (options.strict() && !f.evidence().strictMatch()) {
                sessionsNotStrict++;
                continue;
            }
            rows.add(FindingRow.toRow(f, options));
        }
        List<SessionKey> all = table.sessionsOverAddressCap(Integer.MAX_VALUE); // one pass over the table, not two
        overCap = List.copyOf(all.subList(0, Math.min(5, all.size())));
        overCapCount = all.size();
        return rows;
    }

    public SearchStats stats() {
        return new SearchStats(table.eventsSeen(), table.eventsMissingKey(), table.size() + sessionsFlushed,
                table.eventsBeyondCap(), table.sessionsBeyondCap(), table.sessionsBeyondCapIsExact(),
                partialsMerged, malformedPartials, table.sessionsFlagged(), table.eventsTimeNotNumeric());
    }

    /** Messages the user must see (WARN level): the cap, undecodable partial states. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        SearchStats s = stats();
        if (s.eventsBeyondCap() > 0) {
            w.add(CommandOptions.COMMAND_NAME + ": max_sessions=" + table.maxSessions() + " reached; "
                    + s.eventsBeyondCap() + " events in " + (s.sessionsBeyondCapExact() ? "" : "at least ")
                    + s.sessionsBeyondCap() + " further sessions were not evaluated, so sessions used from "
                    + "several addresses may be missing. Raise the cap with max_sessions=<n> (about 0.6 KB of "
                    + "memory per session; the default follows the JVM's -Xmx) or narrow the search (time range, users).");
        }
        if (overCapCount > 0) {
            StringBuilder names = new StringBuilder();
            for (SessionKey k : overCap) {
                names.append(names.length() == 0 ? "" : "; ").append(k.user()).append(' ').append(k.sessionId());
            }
            w.add(CommandOptions.COMMAND_NAME + ": max_ips_per_session=" + options.maxIpsPerSession() + " reached in "
                    + overCapCount + " session" + (overCapCount == 1 ? "" : "s") + " (" + names
                    + (overCapCount > overCap.size() ? "; ..." : "") + "): further addresses were counted, not kept, "
                    + "and those sessions are still reported. Raise the cap with max_ips_per_session=<n> (up to 100000).");
        }
        if (s.eventsTimeNotNumeric() > 0) {
            w.add(CommandOptions.COMMAND_NAME + ": " + s.eventsTimeNotNumeric() + " event"
                    + (s.eventsTimeNotNumeric() == 1 ? "" : "s") + " had a _time that is not a number (first: \""
                    + table.timeNotNumericExample() + "\"); they were grouped without a time, as stats groups them, "
                    + "so firstTime, lastTime and the per-address times leave them out.");
        }
        if (s.malformedPartials() > 0) {
            w.add(CommandOptions.COMMAND_NAME + ": " + s.malformedPartials() + " " + CommandOptions.STATE_FIELD
                    + " values could not be read and their events were not evaluated (first problem: "
                    + firstMalformed + "). Is the map phase from another version of the app?");
        }
        return w;
    }

    /** An INFO line: what was seen and dropped, as stats would drop it; what allow_cidrs and the profile removed. */
    public String summary() {
        SearchStats s = stats();
        String line = CommandOptions.COMMAND_NAME + ": " + s.eventsSeen() + " events, " + s.sessionsTracked() + " sessions; "
                + s.eventsMissingKey() + " events lacked " + options.operationField() + ", " + options.userField()
                + " or " + options.sessionField() + " and were not grouped (as stats drops them).";
        if (!options.allowed().isEmpty()) {
            line += " allow_cidrs (" + options.allowed().size() + " ranges) removed " + filter.addressesRemoved()
                    + " addresses; " + filter.eventsRemoved() + " events had only allowed addresses and were not grouped.";
        }
        if (options.strict() && !options.isMap()) {
            line += " profile=strict left out " + sessionsNotStrict + " sessions used from " + options.minIps()
                    + "+ addresses without concurrency across distinct contexts or impossible travel.";
        }
        return line;
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

    /** Map phase: flush everything when the next event's groups might not fit. Mergeable, so nothing is lost. */
    private void makeRoom(long groups) {
        if (table.size() > 0 && table.size() + groups > table.maxSessions()) {
            flushed.addAll(partialRows());
        }
    }

}
