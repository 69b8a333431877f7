package io.concurrentsessions.command;

/**
 * The partial state's escaping: {@code % | ; ~ , " $}, DEL and every control character become
 * {@code %XX}; other characters (any Unicode) stay. An escaped value holds none of the codec's
 * separators, never needs CSV quoting, and never contains a newline or multivalue's {@code $}.
 */
final class PercentEscaping {
    private PercentEscaping() {
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Copies runs that need no escaping in one append; most values (addresses, ids) are one run. */
    static StringBuilder append(StringBuilder b, String s) {
        int run = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '%' || c == '|' || c == ';' || c == '~' || c == ',' || c == '"' || c == '$') {
                b.append(s, run, i).append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
                run = i + 1;
            }
        }
        return b.append(s, run, s.length());
    }

    static String unescape(String s) {
        return unescape(s, 0, s.length());
    }

    /** The unescaped text of s[from, to). */
    static String unescape(String s, int from, int to) {
        int pct = FieldCursor.indexOf(s, '%', from, to);
        if (pct == to) {
            return s.substring(from, to);
        }
        // Runs between escapes are copied whole: user agents carry several escaped ; and , each.
        StringBuilder b = new StringBuilder(to - from);
        int run = from;
        for (; pct < to; pct = FieldCursor.indexOf(s, '%', run, to)) {
            int hi = pct + 2 < to ? Character.digit(s.charAt(pct + 1), 16) : -1;
            int lo = pct + 2 < to ? Character.digit(s.charAt(pct + 2), 16) : -1;
            if (hi < 0 || lo < 0 || hi > 7) {
                throw new IllegalArgumentException("bad escape in \"" + PartialStateCodec.clip(s.substring(from, to)) + "\"");
            }
            b.append(s, run, pct).append((char) (hi * 16 + lo));
            run = pct + 3;
        }
        return b.append(s, run, to).toString();
    }
}
