package io.concurrentsessions.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the scan's table and HTML report show a moment to a reader: UTC to the second, saying it is
 * UTC, so that a time copied out of a report is never read in the reader's own zone.
 */
final class ReadableUtc {
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ReadableUtc() {
    }

    /** Epoch seconds, fraction dropped (floored, as %S does). */
    static String of(double seconds) {
        return FORMAT.format(Instant.ofEpochSecond((long) Math.floor(seconds)));
    }
}
