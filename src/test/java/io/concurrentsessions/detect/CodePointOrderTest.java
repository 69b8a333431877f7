package io.concurrentsessions.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodePointOrderTest {
    @Test
    void supplementaryCharactersSortAfterTheTopOfTheBmp() {
        String emoji = "a\uD83D\uDE00"; // U+1F600
        String tilde = "a\uFF5E";       // U+FF5E
        assertTrue(emoji.compareTo(tilde) < 0, "String.compareTo gets this wrong");
        assertTrue(CodePointOrder.INSTANCE.compare(emoji, tilde) > 0);
        assertTrue(CodePointOrder.INSTANCE.compare("10.0.0.10", "10.0.0.9") < 0);
        assertTrue(CodePointOrder.INSTANCE.compare("ab", "abc") < 0);
    }

    @Test
    void agreesWithComparingCodePointArraysOnRandomStrings() {
        Random r = new Random(3);
        int[] pool = {'a', 'Z', 0x7F, 0xE9, 0xD7FF, 0xE000, 0xFF5E, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
        List<String> s = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(4); k >= 0; k--) {
                b.appendCodePoint(pool[r.nextInt(pool.length)]);
            }
            s.add(b.toString());
        }
        for (String a : s) {
            for (String b : s) {
                int expected = Integer.signum(java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
                assertEquals(expected, Integer.signum(CodePointOrder.INSTANCE.compare(a, b)), a + " vs " + b);
            }
        }
    }
}
