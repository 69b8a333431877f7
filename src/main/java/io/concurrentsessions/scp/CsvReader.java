package io.concurrentsessions.scp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a body in Splunk's CSV dialect: comma, {@code "} quote, {@code ""} inside quotes, quoted
 * commas and newlines, LF or CRLF, the first row a header, {@code __mv_x} columns folded into
 * {@code x}. An empty cell is no value. Invalid UTF-8 becomes U+FFFD instead of failing the search.
 * Blank lines carry nothing and are skipped (as Python's csv module does). Stateless and
 * thread-safe; this class owns the only byte-level CSV loop.
 */
public final class CsvReader {
    /** The JVM system property that sets the per-field cap of the protocol's reader. */
    public static final String MAX_FIELD_PROPERTY = "concurrentsessions.max_field_bytes";
    /**
     * splunkd sends fields of 10 MB and more (the SDK raises Python's CSV limit to 10 MB); 64 MiB
     * leaves room for those while a single absurd field fails with a message instead of memory.
     */
    public static final int DEFAULT_MAX_FIELD_BYTES = 64 << 20;

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
        if (len == 0) {
            return CsvRecords.EMPTY;
        }
        final int end = off + len;
        String[] cells = new String[64];
        int n = 0;
        int columns = -1;
        int row = 0;
        int col = 0;
        boolean afterComma = false;
        byte[] scratch = null;
        // Per column, the last cells seen, by hash of their bytes: equal bytes reuse that String.
        CellCache cache = null;
        int i = off;
        while (i < end) {
            byte c = b[i];
            if (col == 0 && (c == '\n' || c == '\r')) {
                i++;
                continue;
            }
            String cell;
            if (c == '"') {
                int cellStart = i;
                int start = i + 1;
                int q = start;
                while (q < end && b[q] != '"') {
                    q++;
                }
                if (q + 1 < end && b[q + 1] == '"') {
                    if (scratch == null) {
                        scratch = new byte[1024];
                    }
                    int sn = 0;
                    int from = start;
                    while (true) {
                        if (q >= end) {
                            throw unbalanced(b, off, cellStart, row);
                        }
                        if (q + 1 < end && b[q + 1] == '"') {
                            int piece = q + 1 - from;
                            if (sn + piece > maxFieldBytes) {
                                throw tooLarge(b, off, cellStart, row, col, cells, sn + piece);
                            }
                            if (sn + piece > scratch.length) {
                                scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, sn + piece));
                            }
                            System.arraycopy(b, from, scratch, sn, piece);
                            sn += piece;
                            from = q + 2;
                            q = from;
                            while (q < end && b[q] != '"') {
                                q++;
                            }
                            continue;
                        }
                        break;
                    }
                    int piece = q - from;
                    if (sn + piece > maxFieldBytes) {
                        throw tooLarge(b, off, cellStart, row, col, cells, sn + piece);
                    }
                    if (sn + piece > scratch.length) {
                        scratch = Arrays.copyOf(scratch, sn + piece);
                    }
                    System.arraycopy(b, from, scratch, sn, piece);
                    sn += piece;
                    cell = new String(scratch, 0, sn, StandardCharsets.UTF_8);
                } else if (q >= end) {
                    throw unbalanced(b, off, cellStart, row);
                } else {
                    if (q - start > maxFieldBytes) {
                        throw tooLarge(b, off, cellStart, row, col, cells, q - start);
                    }
                    cell = q == start ? null : cellOf(b, start, q - start, col, columns, cache);
                }
                i = q + 1;
                if (i < end && b[i] != ',' && b[i] != '\n' && b[i] != '\r') {
                    throw new CsvFormatException("CSV record " + row + " (line " + lineOf(b, off, i)
                            + "): unexpected text after a closing quote", row, lineOf(b, off, i));
                }
            } else {
                int start = i;
                while (i < end && (c = b[i]) != ',' && c != '\n' && c != '\r') {
                    i++;
                }
                if (i - start > maxFieldBytes) {
                    throw tooLarge(b, off, start, row, col, cells, i - start);
                }
                cell = i == start ? null : cellOf(b, start, i - start, col, columns, cache);
            }
            if (n == cells.length) {
                cells = Arrays.copyOf(cells, cells.length * 2);
            }
            cells[n++] = cell;
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
            columns = endRow(b, off, i, row, col, columns);
            if (row == 0) {
                cache = new CellCache(columns);
            }
            row++;
            col = 0;
        }
        if (afterComma || col > 0) {
            if (afterComma) {
                if (n == cells.length) {
                    cells = Arrays.copyOf(cells, cells.length + 1);
                }
                cells[n++] = null;
                col++;
            }
            columns = endRow(b, off, end, row, col, columns);
            row++;
        }
        if (columns < 0) {
            return CsvRecords.EMPTY;
        }
        return new CsvRecords(cells, columns, row - 1);
    }

    private static String cellOf(byte[] b, int start, int len, int col, int columns, CellCache cache) {
        if (cache == null || col >= columns) {
            return new String(b, start, len, StandardCharsets.UTF_8);
        }
        return cache.cell(b, start, len, col);
    }

    /**
     * Event data repeats itself down a column, not only from one row to the next: operations,
     * users, user agents, hosts, sourcetypes, the times of a burst. A small direct-mapped cache per
     * column (the bytes' hash picks the slot, equal bytes reuse its String) turns most of those
     * cells into no allocation and no UTF-8 decoding; a miss costs one hash over bytes already
     * in cache. A column that rarely repeats (session ids, addresses, times) stops using the
     * cache after {@value #TRIAL} cells of a body: hashing it was half of the parse under C1.
     * Valid for one body only: slots point into its array.
     */
    private static final class CellCache {
        private static final int SLOTS = 64;
        private static final int TRIAL = 1024;
        private final int[] start;
        private final int[] length;
        private final String[] strings;
        private final int[] looks;
        private final int[] hits;

        CellCache(int columns) {
            start = new int[columns * SLOTS];
            length = new int[columns * SLOTS];
            strings = new String[columns * SLOTS];
            looks = new int[columns];
            hits = new int[columns];
        }

        String cell(byte[] b, int from, int len, int col) {
            int tried = looks[col];
            if (tried >= TRIAL && hits[col] * 4 < tried) {
                return new String(b, from, len, StandardCharsets.UTF_8); // not worth hashing
            }
            if (tried < TRIAL) {
                looks[col] = tried + 1;
            }
            int h = 0;
            for (int k = from, end = from + len; k < end; k++) {
                h = 31 * h + b[k];
            }
            int slot = col * SLOTS + ((h ^ (h >>> 7) ^ (h >>> 17)) & (SLOTS - 1));
            String s = strings[slot];
            int ps = start[slot];
            if (s != null && length[slot] == len && Arrays.equals(b, ps, ps + len, b, from, from + len)) {
                if (tried < TRIAL) {
                    hits[col]++;
                }
                return s;
            }
            s = new String(b, from, len, StandardCharsets.UTF_8);
            strings[slot] = s;
            start[slot] = from;
            length[slot] = len;
            return s;
        }
    }

    private static int endRow(byte[] b, int off, int i, int row, int col, int columns) throws CsvFormatException {
        if (row == 0) {
            return col;
        }
        if (col != columns) {
            int line = lineOf(b, off, i - 1);
            throw new CsvFormatException("CSV record " + row + " (line " + line + ") has " + col + " cells but the header has "
                    + columns, row, line);
        }
        return columns;
    }

    /** Names the record, line, column and the cap, never the value (it may be anything). */
    private CsvFormatException tooLarge(byte[] b, int off, int cellStart, int row, int col, String[] cells, long size) {
        int line = lineOf(b, off, cellStart);
        String column = row == 0 ? "a header cell" : "field " + (col < cells.length && cells[col] != null ? "'" + shortName(cells[col]) + "'" : "#" + (col + 1));
        return new CsvFormatException("CSV record " + row + " (line " + line + "): " + column + " is at least " + size
                + " bytes, over the per-field limit of " + maxFieldBytes + " bytes; raise it with -D" + MAX_FIELD_PROPERTY
                + "=<bytes> under [java] options in local/concurrentsessions.conf", row, line);
    }

    private static String shortName(String name) {
        String s = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static CsvFormatException unbalanced(byte[] b, int off, int cellStart, int row) {
        int line = lineOf(b, off, cellStart);
        return new CsvFormatException("CSV record " + row + " (line " + line
                + "): a quoted value is never closed (unbalanced quote runs to the end of the body)", row, line);
    }

    /** Only on the error path: counts lines rather than tracking them in the hot loop. */
    private static int lineOf(byte[] b, int off, int pos) {
        int line = 1;
        for (int k = off; k < pos && k < b.length; k++) {
            if (b[k] == '\n') {
                line++;
            }
        }
        return line;
    }
}
