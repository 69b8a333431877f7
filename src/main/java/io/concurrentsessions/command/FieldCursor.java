package io.concurrentsessions.command;

/**
 * The pieces one separator cuts {@code text[from, to)} into, read in order, in place: the partial
 * state's sections, an address's fields, a list's items. Counted when made, so a reader can check
 * the shape before it reads anything. {@link #next()} moves to the next piece; {@link #from()} and
 * {@link #to()} bound it. Not thread-safe.
 */
final class FieldCursor {
    private final String text;
    private final char sep;
    private final int end;
    private final int count;
    private int from;
    private int to;
    private int next;

    private FieldCursor(String text, char sep, int from, int to, int count) {
        this.text = text;
        this.sep = sep;
        this.end = to;
        this.count = count;
        this.next = from;
    }

    /** Every piece of {@code text[from, to)}: one (empty) piece when the range is empty. */
    static FieldCursor pieces(String text, char sep, int from, int to) {
        int n = 1;
        for (int i = indexOf(text, sep, from, to); i < to; i = indexOf(text, sep, i + 1, to)) {
            n++;
        }
        return new FieldCursor(text, sep, from, to, n);
    }

    /** The items of a list: none when the range is empty (the empty list), else as {@link #pieces}. */
    static FieldCursor items(String text, char sep, int from, int to) {
        return from == to ? new FieldCursor(text, sep, from, to, 0) : pieces(text, sep, from, to);
    }

    /** The whole text the pieces are cut from. */
    String text() {
        return text;
    }

    /** How many pieces there are. */
    int count() {
        return count;
    }

    /** Moves to the next piece. */
    FieldCursor next() {
        from = next;
        to = indexOf(text, sep, from, end);
        next = to + 1;
        return this;
    }

    /** Where the current piece starts. */
    int from() {
        return from;
    }

    /** One past the current piece's last character. */
    int to() {
        return to;
    }

    boolean isEmpty() {
        return from == to;
    }

    /** The current piece as it is written (still escaped). */
    String raw() {
        return text.substring(from, to);
    }

    /** The first {@code sep} in s[from, to), or {@code to}. (indexOf may look past {@code to}: it is the intrinsic.) */
    static int indexOf(String s, char sep, int from, int to) {
        int i = s.indexOf(sep, from);
        return i < 0 || i > to ? to : i;
    }
}
