package io.concurrentsessions.scp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows waiting for splunkd, as the pages it will ask for (at most maxRows rows each). Rows
 * under declared columns are encoded into their page as they arrive, so a command that emits
 * 10^5 findings holds their bytes, not their objects (which the collector would otherwise copy
 * while they wait). Rows without a declaration are held and get the union header when sent.
 */
final class OutputPages implements RowSink {
    private final ArrayDeque<CsvWriter.Page> encoded = new ArrayDeque<>();
    private final List<OutputRow> held = new ArrayList<>();
    private final CsvWriter csv = new CsvWriter();
    private int maxRows = SearchInfo.DEFAULT_MAX_RESULT_ROWS;
    private List<String> fields;
    private List<String> multivalue;
    private CsvWriter.Page open; // the page declared rows go into, until full or sent
    private long rows;

    void maxRows(int maxRows) {
        this.maxRows = Math.max(1, maxRows);
    }

    @Override
    public void columns(List<String> fields, List<String> multivalue) {
        if (fields.equals(this.fields) && multivalue.equals(this.multivalue)) {
            return; // the same declaration again: rows go on filling the open page
        }
        encodeHeld();
        open = null;
        this.fields = List.copyOf(fields);
        this.multivalue = List.copyOf(multivalue);
    }

    @Override
    public void emit(OutputRow row) {
        if (fields == null) {
            held.add(row);
            rows++;
            return;
        }
        if (open == null || open.rows() >= maxRows) {
            open = new CsvWriter.Page(fields, multivalue, 1 << 16);
            encoded.add(open);
        }
        open.add(row);
        rows++;
    }

    /** Rows not yet sent. */
    long size() {
        return rows;
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /** The body of the next reply and how many rows it holds; {@link Body#NONE} when none wait. */
    Body next() {
        encodeHeld();
        CsvWriter.Page page = encoded.poll();
        if (page == open) {
            open = null;
        }
        if (page == null) {
            return Body.NONE;
        }
        rows -= page.rows();
        return new Body(page.body(), page.rows());
    }

    void clear() {
        encoded.clear();
        held.clear();
        open = null;
        rows = 0;
    }

    /** Rows held without a declaration go into pages of their own, each with its rows' union header. */
    private void encodeHeld() {
        if (!held.isEmpty()) {
            open = null;
        }
        for (int from = 0; from < held.size(); from += maxRows) {
            List<OutputRow> page = held.subList(from, Math.min(held.size(), from + maxRows));
            encoded.add(csv.page(page));
        }
        held.clear();
    }

    record Body(byte[] bytes, int rows) {
        static final Body NONE = new Body(new byte[0], 0);
    }
}
