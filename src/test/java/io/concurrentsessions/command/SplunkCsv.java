package io.concurrentsessions.command;

import io.concurrentsessions.scp.Records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, independent reader of splunkd's CSV (quotes, doubled quotes, newlines in cells,
 * {@code __mv_} columns) for the reference files, so the reference test does not lean on the
 * production codec; and a {@link Records} over parsed events for driving the command.
 */
final class SplunkCsv {
    private SplunkCsv() {
    }

    static Path reference(String name) {
        return Path.of("src/test/resources/reference", name);
    }

    static List<Map<String, List<String>>> readFile(Path p) {
        try {
            return read(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows as field to values; __mv_ columns folded in. */
    static List<Map<String, List<String>>> read(String text) {
        List<List<String>> table = cells(text);
        List<String> header = table.get(0);
        List<Map<String, List<String>>> out = new ArrayList<>();
        for (List<String> row : table.subList(1, table.size())) {
            Map<String, List<String>> rec = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i);
                if (!name.startsWith("__mv_")) {
                    String v = row.get(i);
                    rec.put(name, v.isEmpty() ? List.of() : List.of(v));
                }
            }
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i);
                if (name.startsWith("__mv_") && !row.get(i).isEmpty()) {
                    rec.put(name.substring(5), multivalue(row.get(i)));
                }
            }
            out.add(rec);
        }
        return out;
    }

    private static List<String> multivalue(String s) {
        List<String> vals = new ArrayList<>();
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (b == null) {
                if (c == '$') {
                    b = new StringBuilder();
                }
            } else if (c == '$') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '$') {
                    b.append('$');
                    i++;
                } else {
                    vals.add(b.toString());
                    b = null;
                }
            } else {
                b.append(c);
            }
        }
        return vals;
    }

    private static List<List<String>> cells(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    /** A chunk of records in a fixed field order, as the protocol loop would hand them over. */
    static Records records(List<String> fields, List<Map<String, List<String>>> rows) {
        return new Records() {
            @Override
            public List<String> fields() {
                return fields;
            }

            @Override
            public int size() {
                return rows.size();
            }

            @Override
            public int indexOf(String field) {
                return fields.indexOf(field);
            }

            @Override
            public List<String> values(int row, int field) {
                return rows.get(row).getOrDefault(fields.get(field), List.of());
            }
        };
    }

    /** The union of field names over rows, in first-seen order. */
    static List<String> fieldsOf(List<Map<String, List<String>>> rows) {
        LinkedHashMap<String, Boolean> f = new LinkedHashMap<>();
        for (Map<String, List<String>> r : rows) {
            for (String k : r.keySet()) {
                f.put(k, true);
            }
        }
        return List.copyOf(f.keySet());
    }

    /** Rows in splunkd's style: LF, cells quoted unless alphanumeric, a {@code __mv_} column for every field. */
    static String write(List<String> fields, List<Map<String, List<String>>> rows) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(fields);
        for (String f : fields) {
            header.add("__mv_" + f);
        }
        for (int i = 0; i < header.size(); i++) {
            b.append(i == 0 ? "" : ",").append(cell(header.get(i)));
        }
        b.append('\n');
        for (Map<String, List<String>> r : rows) {
            for (int i = 0; i < fields.size(); i++) {
                b.append(i == 0 ? "" : ",").append(cell(String.join("\n", r.getOrDefault(fields.get(i), List.of()))));
            }
            for (String f : fields) {
                List<String> v = r.getOrDefault(f, List.of());
                b.append(',');
                if (v.size() > 1) {
                    StringBuilder mv = new StringBuilder();
                    for (String x : v) {
                        mv.append(mv.length() == 0 ? "" : ";").append('$').append(x.replace("$", "$$")).append('$');
                    }
                    b.append(cell(mv.toString()));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.isEmpty() || s.matches("[A-Za-z0-9]+") ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}
