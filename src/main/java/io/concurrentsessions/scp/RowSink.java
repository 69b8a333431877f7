package io.concurrentsessions.scp;

/** Where a command puts the rows it produces. */
public interface RowSink {
    void emit(OutputRow row);
}
