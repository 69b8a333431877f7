package io.concurrentsessions.scp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a body in Splunk's CSV dialect: comma, {@code "} quote, {@code ""} inside quotes, quoted
 * commas and newlines, LF or CRLF, the first row a header, {@code __mv_x} columns folded into
 * {@code x}. An empty cell is no value. Invalid UTF-8 becomes U+FFFD instead of failing the search.
 * Blank lines carry nothing and are skipped (as Python's csv module does). Stateless and
 * thread-safe; this class owns the only byte-level CSV loop. It finds where every cell is;
 * {@link CsvRecords} decodes a cell when it is read.
 */
public final class CsvReader {
    /** The JVM system property that sets the per-field cap of the protocol's reader. */
    public static final String MAX_FIELD_PROPERTY = "concurrentsessions.max_field_bytes";
    /**
     * splunkd sends fields of 10 MB and more (the SDK raises Python's CSV limit to 10 MB); 64 MiB
     * leaves room for those while a single absurd field fails with a message instead of memory.
     */
    public static final int DEFAULT_MAX_FIELD_BYTES = 64 << 20;

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final int maxFieldBytes;

    public CsvReader() {
        this(DEFAULT_MAX_FIELD_BYTES);
    }

    /** A reader that rejects any single field longer than {@code maxFieldBytes} bytes. */
    public CsvReader(int maxFieldBytes) {
        if (maxFieldBytes < 1) {
            throw new IllegalArgumentException("maxFieldBytes must be positive");
        }
        this.maxFieldBytes = maxFieldBytes;
    }

    /** The per-field cap in bytes. */
    public int maxFieldBytes() {
        return maxFieldBytes;
    }

    /** Decodes a whole body. */
    public Records read(byte[] body) throws CsvFormatException {
        return read(body, 0, body.length);
    }

    /**
     * Decodes {@code len} bytes of {@code b} from {@code off}. The records share nothing with the
     * array afterwards.
     *
     * @throws CsvFormatException on an unbalanced quote, text after a closing quote, a record
     *                            whose cell count differs from the header's, or a field over the cap
     */
    public Records read(byte[] b, int off, int len) throws CsvFormatException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        return readOwned(Arrays.copyOfRange(b, off, off + len));
    }

    /**
     * Decodes a body nobody changes while its records are in use (a chunk's own array): the
     * records keep it and decode a cell only when it is read.
     */
    Records readOwned(byte[] b) throws CsvFormatException {
        final int end = b.length;
        if (end == 0) {
            return CsvRecords.EMPTY;
        }
        // Per cell, where its bytes are: [start, end). Nothing is decoded here: a command that
        // reads three fields of a wide chunk decodes three, and a hot loop can read the bytes.
        int[] starts = new int[Math.max(64, end / 16)];
        int[] ends = new int[starts.length];
        String[] unescaped = null; // cells with "" inside quotes, decoded here, by cell index
        int n = 0;
        int columns = -1;
        int row = 0;
        int col = 0;
        boolean afterComma = false;
        byte[] scratch = null;
        String[] header = new String[0];
        int i = 0;
        while (i < end) {
            byte c = b[i];
            if (col == 0 && (c == '\n' || c == '\r')) {
                i++;
                continue;
            }
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            if (c == '"') {
                int cellStart = i;
                int start = i + 1;
                int q = quote(b, start, end);
                if (q + 1 < end && b[q + 1] == '"') {
                    if (scratch == null) {
                        scratch = new byte[1024];
                    }
                    int sn = 0;
                    int from = start;
                    while (true) {
                        if (q >= end) {
                            throw unbalanced(b, cellStart, row);
                        }
                        if (q + 1 < end && b[q + 1] == '"') {
                            int piece = q + 1 - from;
                            if (sn + piece > maxFieldBytes) {
                                throw tooLarge(b, cellStart, row, col, header, sn + piece);
                            }
                            if (sn + piece > scratch.length) {
                                scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, sn + piece));
                            }
                            System.arraycopy(b, from, scratch, sn, piece);
                            sn += piece;
                            from = q + 2;
                            q = quote(b, from, end);
                            continue;
                        }
                        break;
                    }
                    int piece = q - from;
                    if (sn + piece > maxFieldBytes) {
                        throw tooLarge(b, cellStart, row, col, header, sn + piece);
                    }
                    if (sn + piece > scratch.length) {
                        scratch = Arrays.copyOf(scratch, sn + piece);
                    }
                    System.arraycopy(b, from, scratch, sn, piece);
                    sn += piece;
                    if (unescaped == null || unescaped.length < starts.length) {
                        unescaped = unescaped == null ? new String[starts.length] : Arrays.copyOf(unescaped, starts.length);
                    }
                    unescaped[n] = new String(scratch, 0, sn, StandardCharsets.UTF_8);
                    starts[n] = start;
                    ends[n] = -1; // its bytes are not its value: the value is in unescaped
                } else if (q >= end) {
                    throw unbalanced(b, cellStart, row);
                } else {
                    if (q - start > maxFieldBytes) {
                        throw tooLarge(b, cellStart, row, col, header, q - start);
                    }
                    starts[n] = start;
                    ends[n] = q;
                }
                i = q + 1;
                if (i < end && b[i] != ',' && b[i] != '\n' && b[i] != '\r') {
                    throw new CsvFormatException("CSV record " + row + " (line " + lineOf(b, i)
                            + "): unexpected text after a closing quote", row, lineOf(b, i));
                }
            } else {
                int start = i;
                i = delimiter(b, i, end);
                if (i - start > maxFieldBytes) {
                    throw tooLarge(b, start, row, col, header, i - start);
                }
                starts[n] = start;
                ends[n] = i;
            }
            n++;
            col++;
            afterComma = false;
            if (i < end && b[i] == ',') {
                i++;
                afterComma = true;
                continue;
            }
            if (i < end) {
                i += b[i] == '\r' && i + 1 < end && b[i + 1] == '\n' ? 2 : 1;
            }
            columns = endRow(b, i, row, col, columns);
            if (row == 0) {
                header = headerNames(b, starts, ends, unescaped, columns);
            }
            row++;
            col = 0;
        }
        if (afterComma || col > 0) {
            if (afterComma) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n + 1);
                    ends = Arrays.copyOf(ends, n + 1);
                }
                starts[n] = end;
                ends[n] = end;
                n++;
                col++;
            }
            columns = endRow(b, end, row, col, columns);
            if (row == 0) {
                header = headerNames(b, starts, ends, unescaped, columns);
            }
            row++;
        }
        if (columns < 0) {
            return CsvRecords.EMPTY;
        }
        return new CsvRecords(b, header, starts, ends, unescaped, row - 1);
    }

    /**
     * The index of the first {@code "} in {@code b[from, end)}, or {@code end}. Most of a chunk is
     * inside quotes (splunkd quotes every value with a dot, dash or space), so this is the loop the
     * bytes go through: eight at a time, by the zero-byte test of "Bit Twiddling Hacks" on the word
     * XOR the quote (exact for the lowest byte, which is all that is read).
     */
    private static int quote(byte[] b, int from, int end) {
        int q = from;
        for (; q + 8 <= end; q += 8) {
            long w = (long) Words.LONGS.get(b, q) ^ 0x2222222222222222L;
            long z = (w - ONES) & ~w & HIGHS;
            if (z != 0) {
                return q + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        while (q < end && b[q] != '"') {
            q++;
        }
        return q;
    }

    /** The index of the first comma, LF or CR in {@code b[from, end)}, or {@code end}: an unquoted cell's end. */
    private static int delimiter(byte[] b, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long w = (long) Words.LONGS.get(b, i);
            long comma = w ^ 0x2c2c2c2c2c2c2c2cL;
            long lf = w ^ 0x0a0a0a0a0a0a0a0aL;
            long cr = w ^ 0x0d0d0d0d0d0d0d0dL;
            long z = ((comma - ONES) & ~comma | (lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        byte c;
        while (i < end && (c = b[i]) != ',' && c != '\n' && c != '\r') {
            i++;
        }
        return i;
    }

    /**
     * Little-endian words over byte arrays, for the scans here and CsvRecords' cell hash. Made on
     * the first chunk, not when the protocol loop loads this class: a VarHandle spins a lambda
     * form, and the getinfo reply should not wait for it.
     */
    static final class Words {
        static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    }

    private static String[] headerNames(byte[] b, int[] starts, int[] ends, String[] unescaped, int columns) {
        String[] names = new String[columns];
        for (int c = 0; c < columns; c++) {
            names[c] = ends[c] < 0 ? unescaped[c] : new String(b, starts[c], ends[c] - starts[c], StandardCharsets.UTF_8);
        }
        return names;
    }

    private static int endRow(byte[] b, int i, int row, int col, int columns) throws CsvFormatException {
        if (row == 0) {
            return col;
        }
        if (col != columns) {
            int line = lineOf(b, i - 1);
            throw new CsvFormatException("CSV record " + row + " (line " + line + ") has " + col + " cells but the header has "
                    + columns, row, line);
        }
        return columns;
    }

    /** Names the record, line, column and the cap, never the value (it may be anything). */
    private CsvFormatException tooLarge(byte[] b, int cellStart, int row, int col, String[] header, long size) {
        int line = lineOf(b, cellStart);
        String column = row == 0 ? "a header cell" : "field " + (col < header.length && !header[col].isEmpty() ? "'" + shortName(header[col]) + "'" : "#" + (col + 1));
        return new CsvFormatException("CSV record " + row + " (line " + line + "): " + column + " is at least " + size
                + " bytes, over the per-field limit of " + maxFieldBytes + " bytes; raise it with -D" + MAX_FIELD_PROPERTY
                + "=<bytes> under [java] options in local/concurrentsessions.conf", row, line);
    }

    private static String shortName(String name) {
        String s = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static CsvFormatException unbalanced(byte[] b, int cellStart, int row) {
        int line = lineOf(b, cellStart);
        return new CsvFormatException("CSV record " + row + " (line " + line
                + "): a quoted value is never closed (unbalanced quote runs to the end of the body)", row, line);
    }

    /** Only on the error path: counts lines rather than tracking them in the hot loop. */
    private static int lineOf(byte[] b, int pos) {
        int line = 1;
        for (int k = 0; k < pos && k < b.length; k++) {
            if (b[k] == '\n') {
                line++;
            }
        }
        return line;
    }
}
