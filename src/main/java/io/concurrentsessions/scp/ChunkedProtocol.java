package io.concurrentsessions.scp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Speaks SCP v2 for one {@link SearchCommand}: getinfo, then execute chunks in lock-step (exactly
 * one reply per request), buffering for reporting commands and paging output larger than
 * {@code maxresultrows}. Diagnostics go to the given stream, never to {@code out}; the session key
 * is scrubbed from everything written.
 */
public final class ChunkedProtocol {
    public static final int EXIT_OK = 0;
    /** The command reported an error (bad arguments, failed execute) or ran out of memory. */
    public static final int EXIT_COMMAND_ERROR = 1;
    /** The input was not a well-formed chunk stream, or stdout failed. */
    public static final int EXIT_PROTOCOL_ERROR = 2;

    private final PrintStream diagnostics;
    private final int maxMetadataBytes;
    private final int maxBodyBytes;
    private final int maxFieldBytes;
    /** A limit property that could not be read: reported at getinfo, where the user sees it. */
    private final String configurationError;

    /**
     * Limits from the JVM system properties {@value ChunkReader#MAX_CHUNK_PROPERTY} (default
     * 1 GiB) and {@value SplunkCsvReader#MAX_FIELD_PROPERTY} (default 64 MiB), set with -D in the
     * launcher's Java options.
     */
    public ChunkedProtocol(PrintStream diagnostics) {
        int body = ChunkReader.DEFAULT_MAX_BODY_BYTES;
        int field = SplunkCsvReader.DEFAULT_MAX_FIELD_BYTES;
        String error = null;
        try {
            body = byteSize(ChunkReader.MAX_CHUNK_PROPERTY, body);
            field = byteSize(SplunkCsvReader.MAX_FIELD_PROPERTY, field);
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        this.diagnostics = diagnostics;
        this.maxMetadataBytes = ChunkReader.DEFAULT_MAX_METADATA_BYTES;
        this.maxBodyBytes = body;
        this.maxFieldBytes = field;
        this.configurationError = error;
    }

    public ChunkedProtocol(PrintStream diagnostics, int maxMetadataBytes, int maxBodyBytes) {
        this(diagnostics, maxMetadataBytes, maxBodyBytes, SplunkCsvReader.DEFAULT_MAX_FIELD_BYTES);
    }

    public ChunkedProtocol(PrintStream diagnostics, int maxMetadataBytes, int maxBodyBytes, int maxFieldBytes) {
        if (maxFieldBytes < 1) {
            throw new IllegalArgumentException("maxFieldBytes must be positive");
        }
        this.diagnostics = diagnostics;
        this.maxMetadataBytes = maxMetadataBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.maxFieldBytes = maxFieldBytes;
        this.configurationError = null;
    }

    /** A byte count from a system property: digits with an optional k, m or g (binary units). */
    static int byteSize(String property, int defaultValue) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        String t = v.strip().toLowerCase(java.util.Locale.ROOT);
        int shift = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits) << shift;
            if (digits.length() < 12 && n >= 1 && n <= Integer.MAX_VALUE - 8) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("invalid -D" + property + "=" + v.strip()
                + " in the command's Java options: expected a size in bytes from 1 to 2047m (e.g. 64m)");
    }

    /**
     * Runs the whole conversation: returns when stdin ends or after a fatal error has been
     * answered. Never throws for bad input.
     *
     * @return the process exit code: {@link #EXIT_OK}, {@link #EXIT_COMMAND_ERROR} or {@link #EXIT_PROTOCOL_ERROR}
     */
    public int run(SearchCommand command, InputStream in, OutputStream out) {
        return new Conversation(command, new ChunkReader(in, maxMetadataBytes, maxBodyBytes), new ChunkWriter(out),
                diagnostics, maxFieldBytes, configurationError).run();
    }
}
