package io.concurrentsessions.scp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records backed by the decoded cells of one body, row-major, null for an empty cell. Lists are
 * built only when {@link #values} asks, so a command reading one field pays for that field only.
 */
final class CsvRecords implements Records {
    static final CsvRecords EMPTY = new CsvRecords(new String[0], 0, 0);

    private static final String MV_PREFIX = "__mv_";

    private final String[] cells;
    private final int columns;
    private final int size;
    private final List<String> fields;
    private final Map<String, Integer> positions;
    private final int[] valueColumn;
    private final int[] mvColumn;

    /** cells[0..columns) is the header, then size rows of columns cells. */
    CsvRecords(String[] cells, int columns, int size) {
        this.cells = cells;
        this.columns = columns;
        this.size = size;
        Map<String, Integer> physical = new HashMap<>();
        for (int c = columns - 1; c >= 0; c--) {
            physical.put(name(c), c);
        }
        ArrayList<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (!name(c).startsWith(MV_PREFIX)) {
                names.add(name(c));
            }
        }
        for (int c = 0; c < columns; c++) {
            String n = name(c);
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

    private String name(int c) {
        return cells[c] == null ? "" : cells[c];
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
            String mv = cells[base + mvColumn[field]];
            if (mv != null) {
                return MultiValue.decode(mv);
            }
        }
        String v = valueColumn[field] >= 0 ? cells[base + valueColumn[field]] : null;
        return v == null ? List.of() : List.of(v);
    }

    @Override
    public String value(int row, int field) {
        int base = base(row, field);
        if (mvColumn[field] >= 0 && cells[base + mvColumn[field]] != null) {
            List<String> v = MultiValue.decode(cells[base + mvColumn[field]]);
            return v.isEmpty() ? null : v.get(0);
        }
        return valueColumn[field] >= 0 ? cells[base + valueColumn[field]] : null;
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
}
