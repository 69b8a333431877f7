package io.concurrentsessions.command;

import io.concurrentsessions.detect.CanonicalIpv4;
import io.concurrentsessions.detect.EpochTime;
import io.concurrentsessions.detect.EventContext;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.KeyBytes;
import io.concurrentsessions.detect.RiskAnnotation;
import io.concurrentsessions.detect.SessionEvidence;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.scp.OutputRow;

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
    private final String asnField;
    private long sessionsNotStrict;

    public SessionSearch(CommandOptions o) {
        this.options = o;
        this.table = new SessionTable(sessionCap(o, Runtime.getRuntime().maxMemory()), o.maxIpsPerSession(),
                o.evidenceSettings());
        this.filter = new EventFilter(o);
        this.asnField = o.asnField();
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

    /** One event: field name to its values (an empty list, or null, for none). */
    public void observe(Function<String, List<String>> fieldValues) {
        List<String> states = orEmpty(fieldValues.apply(CommandOptions.STATE_FIELD));
        if (hasValue(states)) {
            mergePartials(states);
            return;
        }
        List<String> time = orEmpty(fieldValues.apply("_time"));
        observeEvent(orEmpty(fieldValues.apply(options.operationField())),
                orEmpty(fieldValues.apply(options.userField())),
                orEmpty(fieldValues.apply(options.sessionField())),
                time.isEmpty() ? null : time.get(0),
                orEmpty(fieldValues.apply(options.ipField())),
                orEmpty(fieldValues.apply(options.userAgentField())),
                EventFilter.context(first(fieldValues, "lat"), first(fieldValues, "lon"), first(fieldValues, "City"),
                        first(fieldValues, "Country"), asnField == null ? null : first(fieldValues, asnField)));
    }

    /** One raw event by its parts; the command's fast path over records calls this directly. */
    void observeEvent(List<String> operations, List<String> users, List<String> sessionIds, String time,
                      List<String> ips, List<String> userAgents, EventContext context) {
        List<String> addresses = admit(ips, groups(operations) * groups(users) * groups(sessionIds));
        if (addresses != null) {
            table.observe(operations, users, sessionIds, time, addresses, userAgents, context);
        }
    }

    /**
     * One raw event whose by-fields are single non-empty values given as bytes, and its time
     * already parsed (null: none): the command's path over a chunk, with no String per key.
     */
    void observeEvent(KeyBytes key, EpochTime time, List<String> ips, List<String> userAgents, EventContext context) {
        List<String> addresses = admit(ips, 1);
        if (addresses != null) {
            table.observe(key, time, addresses, userAgents, context);
        }
    }

    /**
     * As {@link #observeEvent(KeyBytes, EpochTime, List, List, EventContext)} for an event whose
     * one address is a canonical IPv4 address, packed: no String for it unless an option must read it.
     */
    void observeEvent(KeyBytes key, EpochTime time, int ipv4, List<String> userAgents, EventContext context) {
        if (!filter.passesAll()) {
            observeEvent(key, time, List.of(CanonicalIpv4.text(ipv4)), userAgents, context);
            return;
        }
        if (options.isMap()) {
            makeRoom(1);
        }
        table.observe(key, time, ipv4, userAgents, context);
    }

    /**
     * The event's addresses after allow_cidrs, or null when every one was allowed (the event is
     * not grouped); in the map phase, room made first for the {@code groups} sessions it may start.
     */
    private List<String> admit(List<String> ips, long groups) {
        List<String> addresses = filter.addresses(ips);
        if (addresses != null && options.isMap()) {
            makeRoom(groups);
        }
        return addresses;
    }

    /** Every non-empty value is one encoded partial state. */
    void mergePartials(List<String> states) {
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
            rows.add(toRow(f, options));
        }
        List<SessionKey> all = table.sessionsOverAddressCap(Integer.MAX_VALUE); // one pass over the table, not two
        overCap = List.copyOf(all.subList(0, Math.min(5, all.size())));
        overCapCount = all.size();
        return rows;
    }

    /** The seed's columns, then the risk annotations, then the evidence columns (docs/evidence.md). */
    static OutputRow toRow(Finding f, CommandOptions o) {
        SessionEvidence e = f.evidence();
        OutputRow row = seedRow(f, o.evidenceScoring() ? e.riskScore() : RiskAnnotation.SCORE)
                .put("ip_first_seen", e.firstSeen())
                .put("ip_last_seen", e.lastSeen())
                .put("ip_event_count", e.eventCounts())
                .put("ip_network", e.networks())
                .put("ip_location", e.locations())
                .put("network_count", e.networkCount())
                .put("concurrent", Boolean.toString(e.concurrent()))
                .put("overlap_seconds", SessionEvidence.seconds(e.overlapSeconds()))
                .put("max_travel_kmh", Double.isNaN(e.maxTravelKmh()) ? null : Long.toString(Math.round(e.maxTravelKmh())));
        if (o.asnField() != null) {
            row.put("asns", e.asns()).put("asn_count", e.asns().size());
        }
        return row.put("user_agent_count", e.userAgentCount())
                .put("ua_changed_with_ip", Boolean.toString(e.uaChangedWithIp()))
                .put("reasons", e.reasons())
                .put("profile", o.profile())
                .put("ip_client", e.clients())
                .put("client_changed_with_ip", Boolean.toString(e.clientChangedWithIp()));
    }

    /** The seed's columns, then the risk annotations. Output names stay the seed's whatever the input fields. */
    private static OutputRow seedRow(Finding f, int riskScore) {
        SessionKey k = f.key();
        return new OutputRow()
                .put(OUT_OPERATION, k.operation())
                .put(OUT_USER, k.user())
                .put(OUT_SESSION, k.sessionId())
                .put("firstTime", f.firstTime())
                .put("lastTime", f.lastTime())
                .put("ips", f.ips())
                .put("user_agents", f.userAgents())
                .put("risk_score", riskScore)
                .put("risk_object", k.user())
                .put("risk_object_type", RiskAnnotation.OBJECT_TYPE)
                .put("risk_message", RiskAnnotation.message(k.user()))
                .put("mitre_technique_id", RiskAnnotation.MITRE_TECHNIQUE_ID);
    }

    public SearchStats stats() {
        return new SearchStats(table.eventsSeen(), table.eventsMissingKey(), table.size() + sessionsFlushed,
                table.eventsBeyondCap(), table.sessionsBeyondCap(), table.sessionsBeyondCapIsExact(),
                partialsMerged, malformedPartials);
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

    private static long groups(List<String> values) {
        return values.size() <= 1 ? 1 : values.size();
    }

    private static boolean hasValue(List<String> values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String first(Function<String, List<String>> fieldValues, String field) {
        List<String> v = fieldValues.apply(field);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static List<String> orEmpty(List<String> v) {
        return v == null ? List.of() : v;
    }
}
