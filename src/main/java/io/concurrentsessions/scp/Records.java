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

    /**
     * The bytes {@link #cell} points into; null when the records are not backed by bytes. For
     * hot loops only: never change them.
     */
    default byte[] bytes() {
        return null;
    }

    /**
     * Where a field's single value sits in {@link #bytes()}, into {@code into}: verbatim when those
     * bytes are its value (ASCII, no escapes, not multivalue), empty when the field is, else
     * {@linkplain Cell#decode() to decode} (only {@link #values} can read it). Lets a hot loop hash
     * and compare values without decoding them.
     */
    default Cell cell(int row, int field, Cell into) {
        return into.decode();
    }

    /** The only (or first) value of a field, or null when it has none. */
    default String value(int row, int field) {
        List<String> v = values(row, field);
        return v.isEmpty() ? null : v.get(0);
    }
}
