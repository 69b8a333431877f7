package io.concurrentsessions.scp;

import java.util.List;

/** Where a command puts the rows it produces. */
public interface RowSink {
    void emit(OutputRow row);

    /**
     * Declares the fields of every row emitted from now on, in output order, {@code multivalue}
     * among them (the fields that may hold several values): the sink may then encode each row as
     * it comes rather than hold them all until splunkd asks. A later row with another field is
     * an error. Without it, a page's header is the union of its rows' fields.
     */
    default void columns(List<String> fields, List<String> multivalue) {
    }
}
