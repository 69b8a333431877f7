package io.concurrentsessions.scp;

import io.concurrentsessions.bytes.ByteWords;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records backed by one body and where each of its cells is ({@link SplunkCsvReader} found them); a
 * cell is decoded when it is read, so a command reading one field pays for that field only, and
 * a hot loop can read a cell's bytes through {@link #cell(int, int, Cell)} without decoding it at all.
 */
final class CsvRecords implements Records {
    static final CsvRecords EMPTY = new CsvRecords(new byte[0], new String[0], new int[0], new int[0], null, 0);

    /** A cell's end when its bytes are not its value (it had {@code ""} escapes): the value is in unescaped. */
    static final int ESCAPED = -1;

    private static final String MV_PREFIX = "__mv_";

    private final byte[] body;
    private final int columns;
    private final int[] starts;
    private final int[] ends; // or ESCAPED
    private final String[] unescaped;
    private final int size;
    private final List<String> fields;
    private final Map<String, Integer> positions;
    private final int[] valueColumn;
    private final int[] mvColumn;
    private CellCache cache;

    /** Cells [0, header.length) are the header, then size rows of header.length cells. */
    CsvRecords(byte[] body, String[] header, int[] starts, int[] ends, String[] unescaped, int size) {
        this.body = body;
        this.columns = header.length;
        this.starts = starts;
        this.ends = ends;
        this.unescaped = unescaped;
        this.size = size;
        Map<String, Integer> physical = new HashMap<>();
        for (int c = columns - 1; c >= 0; c--) {
            physical.put(header[c], c);
        }
        ArrayList<String> names = new ArrayList<>();
        for (String n : header) {
            if (!n.startsWith(MV_PREFIX)) {
                names.add(n);
            }
        }
        for (String n : header) {
            if (n.startsWith(MV_PREFIX) && !physical.containsKey(n.substring(MV_PREFIX.length()))) {
                names.add(n.substring(MV_PREFIX.length()));
            }
        }
        this.fields = List.copyOf(names);
        this.positions = new HashMap<>();
        this.valueColumn = new int[names.size()];
        this.mvColumn = new int[names.size()];
        for (int f = 0; f < names.size(); f++) {
            String n = names.get(f);
            positions.putIfAbsent(n, f);
            valueColumn[f] = physical.getOrDefault(n, -1);
            mvColumn[f] = physical.getOrDefault(MV_PREFIX + n, -1);
        }
    }

    @Override
    public List<String> fields() {
        return fields;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int indexOf(String field) {
        Integer p = positions.get(field);
        return p == null ? -1 : p;
    }

    @Override
    public List<String> values(int row, int field) {
        int base = base(row, field);
        if (mvColumn[field] >= 0) {
            String mv = cell(base + mvColumn[field], mvColumn[field]);
            if (mv != null) {
                return MultiValue.decode(mv);
            }
        }
        String v = valueColumn[field] >= 0 ? cell(base + valueColumn[field], valueColumn[field]) : null;
        return v == null ? List.of() : List.of(v);
    }

    @Override
    public String value(int row, int field) {
        int base = base(row, field);
        if (mvColumn[field] >= 0) {
            String mv = cell(base + mvColumn[field], mvColumn[field]);
            if (mv != null) {
                List<String> v = MultiValue.decode(mv);
                return v.isEmpty() ? null : v.get(0);
            }
        }
        return valueColumn[field] >= 0 ? cell(base + valueColumn[field], valueColumn[field]) : null;
    }

    @Override
    public byte[] bytes() {
        return body;
    }

    @Override
    public Cell cell(int row, int field, Cell into) {
        int base = base(row, field);
        int mv = mvColumn[field];
        if (mv >= 0 && ends[base + mv] != starts[base + mv]) {
            return into.decode(); // a multivalue (or escaped) __mv_ cell
        }
        int v = valueColumn[field];
        if (v < 0) {
            return into.empty();
        }
        int start = starts[base + v];
        int end = ends[base + v];
        if (end < 0) {
            return into.decode();
        }
        // Only ASCII is its own decoding: invalid UTF-8 decodes to U+FFFD, and two different
        // invalid sequences would be one value as text but two as bytes.
        for (int k = start; k < end; k++) {
            if (body[k] < 0) {
                return into.decode();
            }
        }
        return into.at(start, end - start);
    }

    /** The decoded cell, or null when it is empty. */
    private String cell(int index, int column) {
        int end = ends[index];
        if (end == ESCAPED) {
            return unescaped[index];
        }
        int start = starts[index];
        if (end == start) {
            return null;
        }
        if (cache == null) {
            cache = new CellCache(columns);
        }
        return cache.cell(body, start, end - start, column);
    }

    private int base(int row, int field) {
        Objects.checkIndex(row, size);
        Objects.checkIndex(field, fields.size());
        return columns + row * columns;
    }

    @Override
    public String toString() {
        return "Records{fields=" + fields + ", size=" + size + "}";
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
    static final class CellCache {
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
            int slot = col * SLOTS + (hash(b, from, len) & (SLOTS - 1));
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

        /** Eight bytes a step: a user agent is ~110 bytes, and 31 * h + b per byte was a tenth of a search's samples. */
        private static int hash(byte[] b, int from, int len) {
            return (int) ByteWords.mix(0, b, from, len); // its last step leaves well-mixed bits at the bottom
        }
    }

}
