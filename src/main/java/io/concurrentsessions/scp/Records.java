package io.concurrentsessions.scp;

import java.util.List;

/**
 * The records of one execute chunk, decoded from Splunk's CSV dialect. Field positions are
 * stable within a chunk: resolve a name once with {@link #indexOf} and read by position.
 * {@code __mv_} columns are folded into their fields and never appear as fields themselves.
 */
public interface Records {

    /** The logical field names of this chunk, in header order, without {@code __mv_} columns. */
    List<String> fields();

    /** The number of records. */
    int size();

    /** The position of a field in {@link #fields()}, or -1 when the chunk does not carry it. */
    int indexOf(String field);

    /**
     * Every value of a field in one record: one value for a single-valued field, all of them for a
     * multivalue field, an empty list for an empty cell. Never null.
     */
    List<String> values(int row, int field);

    /**
     * Records holding {@code rows}, encoded and decoded through the real CSV dialect (so tests of a
     * command see exactly what the protocol would give it).
     */
    static Records of(List<OutputRow> rows) {
        try {
            return new SplunkCsvReader().read(new CsvWriter().write(rows));
        } catch (CsvFormatException e) {
            throw new IllegalStateException("CsvWriter output must always decode", e);
        }
    }

    /** What {@link #span} returns when only {@link #values} can read the field. */
    long DECODE = -1;

    /**
     * The bytes {@link #span} points into; null when the records are not backed by bytes. For
     * hot loops only: never change them.
     */
    default byte[] bytes() {
        return null;
    }

    /**
     * Where a field's single value sits in {@link #bytes()}, as {@code start << 32 | length}, when
     * those bytes are its value verbatim (ASCII, no escapes, not multivalue); {@code 0} (length
     * 0) when the field is empty; {@link #DECODE} when only {@link #values} can read it. Lets a
     * hot loop hash and compare values without decoding them.
     */
    default long span(int row, int field) {
        return DECODE;
    }

    /** The only (or first) value of a field, or null when it has none. */
    default String value(int row, int field) {
        List<String> v = values(row, field);
        return v.isEmpty() ? null : v.get(0);
    }
}
