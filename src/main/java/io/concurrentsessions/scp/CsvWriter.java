package io.concurrentsessions.scp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes rows in Splunk's CSV dialect. The header is the union of the rows' fields in first-seen
 * order, then one {@code __mv_x} column for each field that holds several values in some row: there
 * {@code x} carries the values joined by newlines and {@code __mv_x} the {@code $a$;$b$} encoding.
 * Cells are quoted only when they contain a comma, quote, CR or LF; LF ends lines.
 */
public final class CsvWriter {

    /** The body for {@code rows}; empty when there are no rows or no fields. */
    public byte[] write(List<OutputRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + rows.size() * 64);
        try {
            write(rows, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    public void write(List<OutputRow> rows, OutputStream out) throws IOException {
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
            return;
        }
        List<String> fields = new ArrayList<>(multi.keySet());
        List<String> mvFields = new ArrayList<>();
        multi.forEach((f, mv) -> {
            if (mv) {
                mvFields.add(f);
            }
        });
        Line line = new Line(out);
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
                line.cell(v.isEmpty() ? null : v.size() == 1 ? v.get(0) : String.join("\n", v));
            }
            for (String f : mvFields) {
                List<String> v = row.values(f);
                line.cell(v.size() > 1 ? MultiValue.encode(v) : null);
            }
            line.end();
        }
    }

    /** One output line; knows whether a comma is due before the next cell. */
    private static final class Line {
        private final OutputStream out;
        private boolean first = true;
        private boolean empty = true;

        Line(OutputStream out) {
            this.out = out;
        }

        void cell(String value) throws IOException {
            if (!first) {
                out.write(',');
                empty = false;
            }
            first = false;
            if (value == null || value.isEmpty()) {
                return;
            }
            empty = false;
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (!needsQuotes(bytes)) {
                out.write(bytes);
                return;
            }
            out.write('"');
            int from = 0;
            for (int k = 0; k < bytes.length; k++) {
                if (bytes[k] == '"') {
                    out.write(bytes, from, k + 1 - from);
                    out.write('"');
                    from = k + 1;
                }
            }
            out.write(bytes, from, bytes.length - from);
            out.write('"');
        }

        /** A blank line would be skipped by readers, losing the record: write an empty quoted cell. */
        void end() throws IOException {
            if (empty) {
                out.write('"');
                out.write('"');
            }
            out.write('\n');
            first = true;
            empty = true;
        }

        private static boolean needsQuotes(byte[] bytes) {
            for (byte c : bytes) {
                if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                    return true;
                }
            }
            return false;
        }
    }
}
