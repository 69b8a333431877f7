package io.concurrentsessions.command;

import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.scp.OutputRow;
import io.concurrentsessions.scp.RowSink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
    public void results(Consumer<OutputRow> out) {
        findings(f -> out.accept(FindingRow.toRow(f, options)));
    }

    @Override
    public void columns(RowSink out) {
        List<String> fields = new ArrayList<>();
        List<String> multivalue = new ArrayList<>();
        for (ResultColumn c : FindingRow.columns(options)) {
            fields.add(c.name());
            if (c.arity().multivalue()) {
                multivalue.add(c.name());
            }
        }
        out.columns(fields, multivalue);
    }

    /** The findings {@link #results} would emit as rows, profile=strict applied. Call once, instead of it. */
    List<Finding> findings() {
        List<Finding> kept = new ArrayList<>();
        findings(kept::add);
        return kept;
    }

    /** Hands on each finding profile=strict keeps, in key order, as soon as it is made. */
    private void findings(Consumer<Finding> out) {
        table.forEachFinding(options.minIps(), options.minCities(), f -> {
            if (options.strict() && !f.evidence().strictMatch()) {
                sessionsNotStrict++;
            } else {
                out.accept(f);
            }
        });
        List<SessionKey> all = table.sessionsOverAddressCap(Integer.MAX_VALUE); // one pass over the table, not two
        overCap = List.copyOf(all.subList(0, Math.min(OVER_CAP_NAMED, all.size())));
        overCapCount = all.size();
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
