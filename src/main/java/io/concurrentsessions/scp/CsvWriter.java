package io.concurrentsessions.scp;

import java.io.IOException;
import java.io.OutputStream;
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
        Line line = encode(rows);
        return line == null ? new byte[0] : Arrays.copyOf(line.buf, line.size);
    }

    public void write(List<OutputRow> rows, OutputStream out) throws IOException {
        Line line = encode(rows);
        if (line != null) {
            out.write(line.buf, 0, line.size);
        }
    }

    private static Line encode(List<OutputRow> rows) {
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
        if (multi.isEmpty()) {
            return null;
        }
        List<String> fields = new ArrayList<>(multi.keySet());
        List<String> mvFields = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : multi.entrySet()) {
            if (e.getValue()) {
                mvFields.add(e.getKey());
            }
        }
        Line line = new Line(64 + rows.size() * 64);
        for (String f : fields) {
            line.cell(f);
        }
        for (String f : mvFields) {
            line.cell("__mv_" + f);
        }
        line.end();
        for (OutputRow row : rows) {
            for (String f : fields) {
                List<String> v = row.values(f);
                if (v.size() > 1) {
                    line.joined(v);
                } else {
                    line.cell(v.isEmpty() ? null : v.get(0));
                }
            }
            for (String f : mvFields) {
                List<String> v = row.values(f);
                if (v.size() > 1) {
                    line.multiValue(v);
                } else {
                    line.cell(null);
                }
            }
            line.end();
        }
        return line;
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
