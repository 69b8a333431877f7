package io.concurrentsessions.scp;

/**
 * Where one cell's value lies in {@link Records#bytes()}, for hot loops that hash and compare
 * values without decoding them: a cursor {@link Records#cell} refills, so reading costs no
 * allocation. Verbatim when those bytes are the value itself (ASCII, no escapes, one value);
 * otherwise only {@link Records#values} can read the cell. Mutable, not thread-safe.
 */
public final class Cell {
    private int start;
    private int length;
    private boolean verbatim;

    /** Offset of the value's first byte; only when {@link #isVerbatim()}. */
    public int start() {
        return start;
    }

    /** The value's length in bytes (0: empty); only when {@link #isVerbatim()}. */
    public int length() {
        return length;
    }

    /** Whether {@code bytes()[start, start + length)} is the value exactly (an empty cell is). */
    public boolean isVerbatim() {
        return verbatim;
    }

    /** Whether the cell is verbatim and not empty. */
    public boolean hasValue() {
        return verbatim && length > 0;
    }

    /** An empty cell (no value; verbatim). */
    public Cell empty() {
        return at(0, 0);
    }

    /** A value at {@code [start, start + length)}, verbatim. */
    public Cell at(int start, int length) {
        this.start = start;
        this.length = length;
        this.verbatim = true;
        return this;
    }

    /** A value only decoding can read. */
    public Cell decode() {
        this.start = 0;
        this.length = 0;
        this.verbatim = false;
        return this;
    }

    @Override
    public String toString() {
        return verbatim ? "Cell[" + start + ", +" + length + "]" : "Cell[decode]";
    }
}
