package io.concurrentsessions.cli;

import io.concurrentsessions.command.SearchStats;
import io.concurrentsessions.command.SessionSearch;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One self-overwriting status line on a terminal: records read, rate, sessions held and flagged
 * (with min_ips addresses so far, counted as they arrive). Checks the clock every 64K records only,
 * so it costs nothing measurable; silent when there is no terminal.
 */
final class ScanProgress {
    private static final long CHECK_EVERY = 1 << 16;
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream err;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private long records;
    private String file = "";
    private boolean shown;

    /** {@code err} null: never print. */
    ScanProgress(PrintStream err) {
        this.err = err;
    }

    void file(String name) {
        file = name;
    }

    void record(SessionSearch search) {
        records++;
        if (err == null || (records & (CHECK_EVERY - 1)) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrint < INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        err.print(line(search, (now - start) / 1e9));
        err.flush();
        shown = true;
    }

    /** The status line after {@code seconds}, drawn over the last one. */
    String line(SessionSearch search, double seconds) {
        SearchStats stats = search.stats();
        return String.format(Locale.ROOT, "\r%,d records  %,.0f/s  %,d sessions  %,d flagged  %s\u001b[K", records,
                records / seconds, stats.sessionsTracked(), stats.sessionsFlagged(), file);
    }

    /** Removes the status line before anything else is printed. */
    void clear() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
            shown = false;
        }
    }
}
