package io.concurrentsessions.detect;

import java.util.Comparator;

/**
 * Orders strings by Unicode code point, as Splunk sorts {@code values()} and {@code by} groups.
 * {@link String#compareTo} compares UTF-16 units, which puts supplementary characters (stored as
 * surrogates 0xD800-0xDFFF) before U+E000-U+FFFF; this comparator does not.
 */
public final class CodePointOrder implements Comparator<String> {
    public static final CodePointOrder INSTANCE = new CodePointOrder();

    private CodePointOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                return fixup(ca) - fixup(cb);
            }
        }
        return a.length() - b.length();
    }

    /**
     * Moves surrogates above U+E000-U+FFFF so UTF-16 units compare in code point order (the
     * first differing unit decides, and a surrogate there means a supplementary code point).
     */
    private static int fixup(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
