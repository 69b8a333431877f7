package io.concurrentsessions.scp;

/**
 * A CSV body that cannot be decoded without guessing (an unbalanced quote, a record whose cell
 * count differs from the header's). Carries the record and line so a user can find the spot.
 */
public final class CsvFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int record;
    private final int line;

    public CsvFormatException(String message, int record, int line) {
        super(message);
        this.record = record;
        this.line = line;
    }

    /** The 1-based data record (0 = the header row). */
    public int record() {
        return record;
    }

    /** The 1-based line of the body where the problem starts. */
    public int line() {
        return line;
    }
}
