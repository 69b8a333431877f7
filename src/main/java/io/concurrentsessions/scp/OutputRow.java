package io.concurrentsessions.scp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row a command emits: field name to values, in insertion order. A field with several values
 * is written as a multivalue field ({@code __mv_} column); an empty list or null is no value.
 */
public final class OutputRow {
    private final LinkedHashMap<String, List<String>> fields;

    public OutputRow() {
        this(12);
    }

    /** A row that will hold about {@code fields} fields (no rehashing on the way: a finding has 30). */
    public OutputRow(int fields) {
        this.fields = new LinkedHashMap<>(fields * 4 / 3 + 1);
    }

    public OutputRow put(String field, String value) {
        fields.put(field, value == null || value.isEmpty() ? List.of() : List.of(value));
        return this;
    }

    public OutputRow put(String field, List<String> values) {
        fields.put(field, values == null ? List.of() : List.copyOf(values));
        return this;
    }

    public OutputRow put(String field, long value) {
        return put(field, Long.toString(value));
    }

    /** Field names and values in the order they were put; unmodifiable. */
    public Map<String, List<String>> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public List<String> values(String field) {
        List<String> v = fields.get(field);
        return v == null ? List.of() : v;
    }

    /** The single value of a field, the first of several, or null. */
    public String value(String field) {
        List<String> v = values(field);
        return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
