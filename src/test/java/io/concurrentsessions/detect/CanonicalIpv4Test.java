package io.concurrentsessions.detect;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A packed address must be invisible: whatever packs comes back as exactly the text it came
 * from, so sessions, output and partial states are what they were with Strings.
 */
class CanonicalIpv4Test {

    @Test
    void canonicalSpellingsPackAndComeBackUnchanged() {
        for (String s : new String[] {"0.0.0.0", "1.2.3.4", "10.0.0.1", "192.168.100.200", "255.255.255.255"}) {
            long v = parseBoth(s);
            assertEquals(s, CanonicalIpv4.text((int) v), s);
        }
        assertEquals(0xC0A80001L, CanonicalIpv4.parse("192.168.0.1"));
        assertEquals(0xFFFFFFFFL, CanonicalIpv4.parse("255.255.255.255"));
    }

    @Test
    void otherSpellingsStayText() {
        for (String s : new String[] {"010.0.0.1", "1.2.3.04", "00.1.2.3", "256.0.0.1", "1.2.3.4.5", "1.2.3", "1..2.3",
                "1.2.3.", ".1.2.3", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4:80", "+1.2.3.4", "1.2.3.-4", "１.2.3.4",
                "2001:db8::1", "::ffff:1.2.3.4", "1234.1.1.1", "1.2.3.4444", "", "unknown", "1.2.3.4\n"}) {
            assertEquals(CanonicalIpv4.NONE, parseBoth(s), s);
        }
    }

    @Test
    void randomTextsPackOnlyWhenTheyComeBackTheSame() {
        SplittableRandom r = new SplittableRandom(4);
        String alphabet = "0123456789.0123456789.:a ";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = r.nextInt(17); n > 0; n--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = b.toString();
            long v = parseBoth(s);
            if (v != CanonicalIpv4.NONE) {
                assertEquals(s, CanonicalIpv4.text((int) v), s);
            }
        }
        for (int i = 0; i < 200_000; i++) {
            int v = r.nextInt();
            String s = CanonicalIpv4.text(v);
            assertEquals(Integer.toUnsignedLong(v), parseBoth(s), s);
        }
    }

    /** Text and bytes must agree (the command parses bytes, merges and the scanner text). */
    private static long parseBoth(String s) {
        long text = CanonicalIpv4.parse(s);
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.UTF_8);
        long bytes = CanonicalIpv4.parse(b, 2, b.length - 4);
        assertEquals(text, bytes, "text and bytes disagree on '" + s + "'");
        return text;
    }
}
