package io.concurrentsessions.ual;

/** One record that cannot become an event; the reader counts it and goes on with the next. */
public class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String reason) {
        super(reason);
    }
}
