package io.concurrentsessions.cli;

/**
 * Log values as HTML/SVG text. Everything that reaches the report from an export (user agents,
 * users, session ids, addresses) is attacker-controlled, so one escaping is used for text content
 * and attribute values alike: all five markup characters become references, which is safe in both
 * places and inside SVG {@code <title>}. Characters that are invisible or reorder text (controls,
 * bidi overrides) are shown as escapes rather than obeyed, so a value cannot disguise itself, and
 * the output stays well-formed XML (the tests parse it as such).
 */
final class Markup {
    private Markup() {
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        sb.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else if (shownAsEscape(c)) {
                        sb.append(c <= 0xFF ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** C0/C1 controls (tab excepted) and the bidi embedding, override and isolate marks. */
    private static boolean shownAsEscape(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
