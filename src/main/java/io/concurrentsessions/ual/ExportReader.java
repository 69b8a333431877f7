package io.concurrentsessions.ual;

import java.io.Closeable;
import java.io.IOException;

/**
 * The events of one export file, one at a time. Memory does not grow with the file: records are
 * parsed as they are read. A malformed record is counted in {@link #report()} and skipped; a file
 * that cannot be read on ends the reading with an {@link UnreadableExportException}.
 */
public interface ExportReader extends Closeable {

    /** The next event, or null after the last. */
    AuditEvent next() throws UnreadableExportException;

    /** Counts so far (final once {@link #next()} has returned null). */
    ExportReport report();

    @Override
    void close() throws IOException;
}
