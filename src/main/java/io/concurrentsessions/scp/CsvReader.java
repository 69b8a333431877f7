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

    /** Decodes a whole body. */
    public Records read(byte[] body) throws CsvFormatException {
        return read(body, 0, body.length);
    }

    /**
     * Decodes {@code len} bytes of {@code b} from {@code off}. The records share nothing with the
     * array afterwards.
     *
     * @throws CsvFormatException on an unbalanced quote, text after a closing quote, or a record
     *                            whose cell count differs from the header's
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
                    if (sn + piece > scratch.length) {
                        scratch = Arrays.copyOf(scratch, sn + piece);
                    }
                    System.arraycopy(b, from, scratch, sn, piece);
                    sn += piece;
                    cell = new String(scratch, 0, sn, StandardCharsets.UTF_8);
                } else if (q >= end) {
                    throw unbalanced(b, off, cellStart, row);
                } else {
                    cell = q == start ? null : new String(b, start, q - start, StandardCharsets.UTF_8);
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
                cell = i == start ? null : new String(b, start, i - start, StandardCharsets.UTF_8);
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
