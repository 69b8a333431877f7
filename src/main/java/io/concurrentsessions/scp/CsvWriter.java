package io.concurrentsessions.scp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes rows in Splunk's CSV dialect. The header is the union of the rows' fields in first-seen
 * order, then one {@code __mv_x} column for each field that holds several values in some row: there
 * {@code x} carries the values joined by newlines and {@code __mv_x} the {@code $a$;$b$} encoding.
 * A {@link Page} takes its header from a declaration instead, and encodes rows as they come.
 * Cells are quoted only when they contain a comma, quote, CR or LF; LF ends lines.
 *
 * <p>Values are encoded to UTF-8 straight into one buffer, quoting, newline joins and the
 * {@code __mv_} escapes included: a finding's evidence is a dozen multivalue fields, and building
 * each cell as a joined String, then its bytes, then copying them through a stream was most of the
 * finishing reply's CSV time and garbage.
 */
public final class CsvWriter {

    /** The body for {@code rows}; empty when there are no rows or no fields. */
    public byte[] write(List<OutputRow> rows) {
        return page(rows).body();
    }

    /** The rows in a page whose header is theirs (the union rule above); no bytes when they have no fields. */
    Page page(List<OutputRow> rows) {
        Map<String, Boolean> multi = new LinkedHashMap<>();
        for (OutputRow row : rows) {
            for (Map.Entry<String, List<String>> e : row.fields().entrySet()) {
                if (e.getValue().size() > 1) {
                    multi.put(e.getKey(), Boolean.TRUE);
                } else {
                    multi.putIfAbsent(e.getKey(), Boolean.FALSE);
                }
            }
        }
        List<String> mvFields = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : multi.entrySet()) {
            if (e.getValue()) {
                mvFields.add(e.getKey());
            }
        }
        Page page = new Page(new ArrayList<>(multi.keySet()), mvFields, 64 + rows.size() * 64);
        for (OutputRow row : rows) {
            page.add(row);
        }
        return page;
    }

    /**
     * Rows under a header fixed in advance, each encoded as it is added, so a command that
     * declares its columns need not hold its rows until the reply. A field that is not in
     * {@code multivalueFields} is written joined in its own column, as splunkd reads a field
     * without {@code __mv_} column; a declared multivalue field with one value gets an empty
     * {@code __mv_} cell, which splunkd reads as single-valued.
     */
    public static final class Page {
        private final String[] fields;
        private final int[] mvColumns; // indexes into fields
        private final List<?>[] cells; // the row being added, by field index
        private final Line line;
        private int rows;

        /** A page for exactly these fields (others in a row are an error), {@code multivalueFields} among them. */
        public Page(List<String> fields, List<String> multivalueFields, int capacity) {
            this.fields = fields.toArray(new String[0]);
            this.mvColumns = new int[multivalueFields.size()];
            for (int k = 0; k < mvColumns.length; k++) {
                mvColumns[k] = fields.indexOf(multivalueFields.get(k));
                if (mvColumns[k] < 0) {
                    throw new IllegalArgumentException("multivalue field " + multivalueFields.get(k) + " is not among " + fields);
                }
            }
            this.cells = new List<?>[this.fields.length];
            this.line = new Line(capacity);
            if (this.fields.length == 0) {
                return; // rows without fields: no bytes at all, not a header of one empty cell
            }
            for (String f : this.fields) {
                line.cell(f);
            }
            for (String f : multivalueFields) {
                line.cell("__mv_" + f);
            }
            line.end();
        }

        /** Encodes the row now; it need not be kept. */
        @SuppressWarnings("unchecked")
        public void add(OutputRow row) {
            Arrays.fill(cells, null);
            int next = 0;
            for (Map.Entry<String, List<String>> e : row.fields().entrySet()) {
                next = column(e.getKey(), next) + 1;
                cells[next - 1] = e.getValue();
            }
            rows++;
            if (fields.length == 0) {
                return;
            }
            for (List<?> c : cells) {
                List<String> v = (List<String>) c;
                if (v == null || v.isEmpty()) {
                    line.cell(null);
                } else if (v.size() == 1) {
                    line.cell(v.get(0));
                } else {
                    line.joined(v);
                }
            }
            for (int k : mvColumns) {
                List<String> v = (List<String>) cells[k];
                if (v != null && v.size() > 1) {
                    line.multiValue(v);
                } else {
                    line.cell(null);
                }
            }
            line.end();
        }

        /** Rows added so far. */
        public int rows() {
            return rows;
        }

        /** Header and rows: the body of a reply. */
        public byte[] body() {
            return Arrays.copyOf(line.buf, line.size);
        }

        /** The field's index, looked for from {@code from} on first: rows mostly put fields in the page's order. */
        private int column(String name, int from) {
            for (int i = from; i < fields.length; i++) {
                if (fields[i].equals(name)) {
                    return i;
                }
            }
            for (int i = 0; i < from && i < fields.length; i++) {
                if (fields[i].equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("a row's field " + name + " is not among the page's " + List.of(fields));
        }
    }

    /** The output so far; knows whether a comma is due before the next cell. */
    private static final class Line {
        private byte[] buf;
        private int size;
        private boolean first = true;
        private boolean empty = true;

        Line(int capacity) {
            buf = new byte[Math.max(256, capacity)];
        }

        void cell(String value) {
            comma();
            if (value == null || value.isEmpty()) {
                return;
            }
            empty = false;
            if (!needsQuotes(value)) {
                utf8(value, false, false);
                return;
            }
            room(1);
            buf[size++] = '"';
            utf8(value, true, false);
            room(1);
            buf[size++] = '"';
        }

        /** Several values in the field's own column: joined by LF, so always quoted. */
        void joined(List<String> values) {
            comma();
            empty = false;
            room(2);
            buf[size++] = '"';
            for (int k = 0; k < values.size(); k++) {
                if (k > 0) {
                    room(1);
                    buf[size++] = '\n';
                }
                utf8(values.get(k), true, false);
            }
            room(1);
            buf[size++] = '"';
        }

        /** The {@code __mv_} cell, {@code $v1$;$v2$} with dollars doubled (MultiValue's encoding), quoted when a value needs it. */
        void multiValue(List<String> values) {
            comma();
            empty = false;
            boolean quoted = false;
            for (int k = 0; k < values.size() && !quoted; k++) {
                quoted = needsQuotes(values.get(k));
            }
            room(1);
            if (quoted) {
                buf[size++] = '"';
            }
            for (int k = 0; k < values.size(); k++) {
                room(2);
                if (k > 0) {
                    buf[size++] = ';';
                }
                buf[size++] = '$';
                utf8(values.get(k), quoted, true);
                room(1);
                buf[size++] = '$';
            }
            if (quoted) {
                room(1);
                buf[size++] = '"';
            }
        }

        private void comma() {
            if (!first) {
                room(1);
                buf[size++] = ',';
                empty = false;
            }
            first = false;
        }

        /** A blank line would be skipped by readers, losing the record: write an empty quoted cell. */
        void end() {
            room(3);
            if (empty) {
                buf[size++] = '"';
                buf[size++] = '"';
            }
            buf[size++] = '\n';
            first = true;
            empty = true;
        }

        /**
         * {@code s} in UTF-8 ({@code String.getBytes}: an intrinsic, and a lone surrogate becomes
         * {@code ?}), quotes doubled when {@code inQuotes}, dollars doubled when {@code dollars}.
         */
        private void utf8(String s, boolean inQuotes, boolean dollars) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            int n = bytes.length;
            if (!inQuotes && !dollars) {
                room(n);
                System.arraycopy(bytes, 0, buf, size, n);
                size += n;
                return;
            }
            room(2 * n);
            byte[] b = buf;
            int p = size;
            for (int i = 0; i < n; i++) {
                byte c = bytes[i];
                b[p++] = c;
                if ((c == '"' && inQuotes) || (c == '$' && dollars)) {
                    b[p++] = c;
                }
            }
            size = p;
        }

        private void room(int more) {
            if (buf.length - size < more) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        private static boolean needsQuotes(String s) {
            return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        }
    }
}
