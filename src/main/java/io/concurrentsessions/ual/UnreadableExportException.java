package io.concurrentsessions.ual;

import java.io.IOException;

/**
 * A file the scanner cannot read on: missing, not an export it knows, a truncated gzip, a CSV
 * quote never closed. The message names the file, and the line when it is known.
 */
public final class UnreadableExportException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnreadableExportException(String message) {
        super(message);
    }

    public UnreadableExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
