package io.concurrentsessions.scp;

import io.concurrentsessions.bytes.ByteWords;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a body in Splunk's CSV dialect: comma, {@code "} quote, {@code ""} inside quotes, quoted
 * commas and newlines, LF or CRLF, the first row a header, {@code __mv_x} columns folded into
 * {@code x}. An empty cell is no value. Invalid UTF-8 becomes U+FFFD instead of failing the search.
 * Blank lines carry nothing and are skipped (as Python's csv module does). Stateless and
 * thread-safe. It finds where every cell is; {@link CsvRecords} decodes a cell when it is read.
 * (Not FastCSV's {@code CsvReader}, which reads the scanner's exports and lookups.)
 */
public final class SplunkCsvReader {
    /** The JVM system property that sets the per-field cap of the protocol's reader. */
    public static final String MAX_FIELD_PROPERTY = "concurrentsessions.max_field_bytes";
    /**
     * splunkd sends fields of 10 MB and more (the SDK raises Python's CSV limit to 10 MB); 64 MiB
     * leaves room for those while a single absurd field fails with a message instead of memory.
     */
    public static final int DEFAULT_MAX_FIELD_BYTES = 64 << 20;

    /** {@code "}, comma, LF and CR in every byte of a word (literals: this class loads before the first chunk). */
    private static final long QUOTES = 0x2222222222222222L;
    private static final long COMMAS = 0x2c2c2c2c2c2c2c2cL;
    private static final long LFS = 0x0a0a0a0a0a0a0a0aL;
    private static final long CRS = 0x0d0d0d0d0d0d0d0dL;

    private final int maxFieldBytes;

    public SplunkCsvReader() {
        this(DEFAULT_MAX_FIELD_BYTES);
    }

    /** A reader that rejects any single field longer than {@code maxFieldBytes} bytes. */
    public SplunkCsvReader(int maxFieldBytes) {
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
        return b.length == 0 ? CsvRecords.EMPTY : new CellScan(b, maxFieldBytes).records();
    }

    /**
     * The index of the first {@code "} in {@code b[from, end)}, or {@code end}. Most of a chunk is
     * inside quotes (splunkd quotes every value with a dot, dash or space), so this is the loop the
     * bytes go through: eight at a time.
     */
    static int quote(byte[] b, int from, int end) {
        int q = from;
        for (; q + 8 <= end; q += 8) {
            long z = ByteWords.zeroBytes(ByteWords.word(b, q) ^ QUOTES);
            if (z != 0) {
                return q + ByteWords.firstZeroByte(z);
            }
        }
        while (q < end && b[q] != '"') {
            q++;
        }
        return q;
    }

    /** The index of the first comma, LF or CR in {@code b[from, end)}, or {@code end}: an unquoted cell's end. */
    static int delimiter(byte[] b, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long w = ByteWords.word(b, i);
            long z = ByteWords.zeroBytes(w ^ COMMAS) | ByteWords.zeroBytes(w ^ LFS) | ByteWords.zeroBytes(w ^ CRS);
            if (z != 0) {
                return i + ByteWords.firstZeroByte(z);
            }
        }
        while (i < end && !isDelimiter(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDelimiter(byte c) {
        return c == ',' || c == '\n' || c == '\r';
    }

    /**
     * One body's pass: where each cell is, row by row, into {@code [start, end)} per cell. Nothing
     * is decoded here (a command that reads three fields of a wide chunk decodes three, and a hot
     * loop can read the bytes), except cells with {@code ""} inside quotes, whose bytes are not
     * their value. The per-cell state (position, cell count, row, column, the index arrays) stays
     * in the loop's locals: kept in fields, it cost about 5% of the pass (thread CPU time, paired).
     */
    private static final class CellScan {
        private final byte[] b;
        private final int end;
        private final int maxFieldBytes;
        private String[] unescaped; // by cell index, where the cell's end is CsvRecords.ESCAPED
        private int columns = -1;
        private String[] header = new String[0];
        private byte[] scratch;

        CellScan(byte[] b, int maxFieldBytes) {
            this.b = b;
            this.end = b.length;
            this.maxFieldBytes = maxFieldBytes;
        }

        Records records() throws CsvFormatException {
            final byte[] b = this.b; // locals: reloaded after every call that is not inlined if fields
            final int end = this.end;
            final int maxFieldBytes = this.maxFieldBytes;
            int[] starts = new int[Math.max(64, end / 16)];
            int[] ends = new int[starts.length];
            int n = 0;
            int row = 0;
            int col = 0;
            int i = 0;
            while (i < end) {
                byte c = b[i];
                if (col == 0 && (c == '\n' || c == '\r')) {
                    i++; // a blank line, or the LF of a CR LF split by one
                    continue;
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                }
                int start;
                int stop;
                if (c == '"') {
                    start = i + 1;
                    stop = quote(b, start, end);
                    if (stop + 1 < end && b[stop + 1] == '"') {
                        i = escapedCell(i, stop, n, row, col) + 1;
                        stop = CsvRecords.ESCAPED;
                    } else if (stop >= end) {
                        throw unbalanced(i, row);
                    } else {
                        i = stop + 1;
                    }
                    if (i < end && !isDelimiter(b[i])) {
                        throw textAfterQuote(i, row);
                    }
                } else {
                    start = i;
                    stop = delimiter(b, i, end);
                    i = stop;
                }
                if (stop - start > maxFieldBytes) {
                    throw tooLarge(start, stop - start, row, col);
                }
                starts[n] = start;
                ends[n] = stop;
                n++;
                col++;
                if (i < end && b[i] == ',') {
                    i++;
                    continue;
                }
                i = afterLineEnd(b, i, end);
                endRow(i, row++, col, starts, ends);
                col = 0;
            }
            if (col > 0) { // the body ends after a comma: the row's last cell is empty
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n + 1);
                    ends = Arrays.copyOf(ends, n + 1);
                }
                starts[n] = end;
                ends[n] = end;
                endRow(end, row++, col + 1, starts, ends);
            }
            return columns < 0 ? CsvRecords.EMPTY : new CsvRecords(b, header, starts, ends, unescaped, row - 1);
        }

        /**
         * The quoted cell {@code n} from {@code cellStart}, with {@code ""} at {@code q}: decoded now
         * into unescaped. Returns the index of its closing quote.
         */
        private int escapedCell(int cellStart, int q, int n, int row, int col) throws CsvFormatException {
            if (scratch == null) {
                scratch = new byte[1024];
            }
            int length = 0;
            int from = cellStart + 1;
            while (q + 1 < end && b[q + 1] == '"') {
                length = unescape(from, q + 1, length, cellStart, row, col); // the piece and one of its two quotes
                from = q + 2;
                q = quote(b, from, end);
            }
            if (q >= end) {
                throw unbalanced(cellStart, row);
            }
            length = unescape(from, q, length, cellStart, row, col);
            if (unescaped == null || unescaped.length <= n) {
                unescaped = unescaped == null ? new String[Math.max(n + 1, 64)] : Arrays.copyOf(unescaped, Math.max(n + 1, n * 2));
            }
            unescaped[n] = new String(scratch, 0, length, StandardCharsets.UTF_8);
            return q;
        }

        /** Appends {@code b[from, to)} to the {@code length} bytes of scratch; returns the new length. */
        private int unescape(int from, int to, int length, int cellStart, int row, int col) throws CsvFormatException {
            int total = length + to - from;
            if (total > maxFieldBytes) {
                throw tooLarge(cellStart, total, row, col);
            }
            if (total > scratch.length) {
                scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, total));
            }
            System.arraycopy(b, from, scratch, length, to - from);
            return total;
        }

        /** The header's names at the first row's end; a later row must have as many cells. */
        private void endRow(int i, int row, int cells, int[] starts, int[] ends) throws CsvFormatException {
            if (row == 0) {
                readHeader(cells, starts, ends);
            } else if (cells != columns) {
                throw cellCount(i, row, cells);
            }
        }

        private void readHeader(int cells, int[] starts, int[] ends) {
            columns = cells;
            header = new String[columns];
            for (int c = 0; c < columns; c++) {
                header[c] = ends[c] == CsvRecords.ESCAPED ? unescaped[c]
                        : new String(b, starts[c], ends[c] - starts[c], StandardCharsets.UTF_8);
            }
        }

        private CsvFormatException cellCount(int i, int row, int cells) {
            int line = lineOf(b, i - 1);
            return new CsvFormatException("CSV record " + row + " (line " + line + ") has " + cells + " cells but the header has "
                    + columns, row, line);
        }

        /** Names the record, line, column and the cap, never the value (it may be anything). */
        private CsvFormatException tooLarge(int cellStart, long size, int row, int col) {
            int line = lineOf(b, cellStart);
            String column = row == 0 ? "a header cell"
                    : "field " + (col < header.length && !header[col].isEmpty() ? "'" + shortName(header[col]) + "'" : "#" + (col + 1));
            return new CsvFormatException("CSV record " + row + " (line " + line + "): " + column + " is at least " + size
                    + " bytes, over the per-field limit of " + maxFieldBytes + " bytes; raise it with -D" + MAX_FIELD_PROPERTY
                    + "=<bytes> under [java] options in local/concurrentsessions.conf", row, line);
        }

        private CsvFormatException unbalanced(int cellStart, int row) {
            int line = lineOf(b, cellStart);
            return new CsvFormatException("CSV record " + row + " (line " + line
                    + "): a quoted value is never closed (unbalanced quote runs to the end of the body)", row, line);
        }

        private CsvFormatException textAfterQuote(int at, int row) {
            int line = lineOf(b, at);
            return new CsvFormatException("CSV record " + row + " (line " + line + "): unexpected text after a closing quote", row, line);
        }
    }

    /** The index after the line end at {@code i} (LF, CR or CR LF), or {@code end}. */
    private static int afterLineEnd(byte[] b, int i, int end) {
        if (i >= end) {
            return end;
        }
        return b[i] == '\r' && i + 1 < end && b[i + 1] == '\n' ? i + 2 : i + 1;
    }

    private static String shortName(String name) {
        String s = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
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
