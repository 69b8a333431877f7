package io.concurrentsessions.command;

import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.RiskAnnotation;
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
 * sessions; the reduce phase merges those rows and raw events alike, in any mix and order.
 */
public final class SessionSearch {
    public static final String OUT_OPERATION = "Operation";
    public static final String OUT_USER = "user";
    public static final String OUT_SESSION = "SessionId";

    private final CommandOptions options;
    private final SessionTable table;
    private final List<OutputRow> flushed = new ArrayList<>();
    private long sessionsFlushed;
    private long partialsMerged;
    private long malformedPartials;
    private String firstMalformed;

    public SessionSearch(CommandOptions o) {
        this.options = o;
        this.table = new SessionTable(o.maxSessions());
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
                orEmpty(fieldValues.apply(options.userAgentField())));
    }

    /** One raw event by its parts; the command's fast path over records calls this directly. */
    void observeEvent(List<String> operations, List<String> users, List<String> sessionIds, String time,
                      List<String> ips, List<String> userAgents) {
        if (options.isMap()) {
            makeRoom(groups(operations) * groups(users) * groups(sessionIds));
        }
        table.observe(operations, users, sessionIds, time, ips, userAgents);
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

    /** Map phase: partial rows flushed early because max_sessions was reached; emit them now. */
    public List<OutputRow> takeFlushed() {
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
            rows.add(toRow(f));
        }
        return rows;
    }

    /** The seed's columns, then the risk annotations. Output names stay the seed's whatever the input fields. */
    static OutputRow toRow(Finding f) {
        SessionKey k = f.key();
        return new OutputRow()
                .put(OUT_OPERATION, k.operation())
                .put(OUT_USER, k.user())
                .put(OUT_SESSION, k.sessionId())
                .put("firstTime", f.firstTime())
                .put("lastTime", f.lastTime())
                .put("ips", f.ips())
                .put("user_agents", f.userAgents())
                .put("risk_score", RiskAnnotation.SCORE)
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
            w.add(CommandOptions.COMMAND_NAME + ": max_sessions=" + options.maxSessions() + " reached; "
                    + s.eventsBeyondCap() + " events in " + (s.sessionsBeyondCapExact() ? "" : "at least ")
                    + s.sessionsBeyondCap() + " further sessions were not evaluated, so sessions used from "
                    + "several addresses may be missing. Raise the cap with max_sessions=<n> (about 0.4 KB of "
                    + "memory per session) or narrow the search (time range, users).");
        }
        if (s.malformedPartials() > 0) {
            w.add(CommandOptions.COMMAND_NAME + ": " + s.malformedPartials() + " " + CommandOptions.STATE_FIELD
                    + " values could not be read and their events were not evaluated (first problem: "
                    + firstMalformed + "). Is the map phase from another version of the app?");
        }
        return w;
    }

    /** An INFO line: what was seen and dropped, as stats would drop it. */
    public String summary() {
        SearchStats s = stats();
        return CommandOptions.COMMAND_NAME + ": " + s.eventsSeen() + " events, " + s.sessionsTracked() + " sessions; "
                + s.eventsMissingKey() + " events lacked " + options.operationField() + ", " + options.userField()
                + " or " + options.sessionField() + " and were not grouped (as stats drops them).";
    }

    private List<OutputRow> partialRows() {
        List<OutputRow> rows = new ArrayList<>(table.size());
        for (Map.Entry<SessionKey, SessionState> e : table.drain()) {
            rows.add(new OutputRow().put(CommandOptions.STATE_FIELD, PartialStateCodec.encode(e.getKey(), e.getValue())));
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

    private static List<String> orEmpty(List<String> v) {
        return v == null ? List.of() : v;
    }
}
