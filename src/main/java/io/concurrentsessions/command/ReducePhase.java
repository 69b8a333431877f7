package io.concurrentsessions.command;

import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.scp.OutputRow;

import java.util.ArrayList;
import java.util.List;

/**
 * The reduce phase (the default, and the only one of a search on one process): merges partial
 * rows and raw events alike, and emits the findings at the end, after profile=strict.
 */
final class ReducePhase implements Phase {
    /** Sessions over max_ips_per_session named in the warning. */
    static final int OVER_CAP_NAMED = 5;

    private final CommandOptions options;
    private final SessionTable table;
    private long sessionsNotStrict;
    private List<SessionKey> overCap = List.of();
    private int overCapCount;

    ReducePhase(CommandOptions options, SessionTable table) {
        this.options = options;
        this.table = table;
    }

    @Override
    public void beforeSessions(long groups) {
        // beyond max_sessions the table refuses and counts: nothing to make room for
    }

    @Override
    public List<OutputRow> takeFlushed() {
        return new ArrayList<>();
    }

    @Override
    public List<OutputRow> results() {
        List<Finding> findings = findings();
        List<OutputRow> rows = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            rows.add(FindingRow.toRow(f, options));
        }
        return rows;
    }

    /** The findings {@link #results()} would emit as rows, profile=strict applied. Call once, instead of it. */
    List<Finding> findings() {
        List<Finding> findings = table.findings(options.minIps(), options.minCities());
        List<Finding> kept = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (options.strict() && !f.evidence().strictMatch()) {
                sessionsNotStrict++;
                continue;
            }
            kept.add(f);
        }
        List<SessionKey> all = table.sessionsOverAddressCap(Integer.MAX_VALUE); // one pass over the table, not two
        overCap = List.copyOf(all.subList(0, Math.min(OVER_CAP_NAMED, all.size())));
        overCapCount = all.size();
        return kept;
    }

    @Override
    public long sessionsFlushed() {
        return 0;
    }

    /** Findings profile=strict left out (known after {@link #results()}). */
    long sessionsNotStrict() {
        return sessionsNotStrict;
    }

    /** Up to {@value #OVER_CAP_NAMED} sessions over max_ips_per_session, in key order. */
    List<SessionKey> overCap() {
        return overCap;
    }

    int overCapCount() {
        return overCapCount;
    }
}
