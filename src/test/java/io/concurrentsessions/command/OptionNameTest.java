package io.concurrentsessions.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Field and lookup names are checked by a char loop; it accepts exactly what the old regexes did. */
class OptionNameTest {
    static final Pattern FIELD_NAME = Pattern.compile("[^\\s\"',=|$]+");
    static final Pattern LOOKUP_NAME = Pattern.compile("[^\\s\"'|$]+");

    static boolean accepts(Option option, String value) {
        try {
            option.validate(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static List<String> samples() {
        List<String> values = new ArrayList<>(List.of("", "src_ip", "__mv_src_ip", "a b", "a\tb", "a\u000bb", "a\u00a0b",
                "x,y", "x=y", "a|b", "$x", "'q'", "\"q\"", "ünïcode", "😀", "\u2028", "lookup.csv", " lookup.csv "));
        Random random = new Random(11);
        String alphabet = " \t\n\u000b\f\r\"',=|$_.-aZ9\u00a0\u2028\u3000é";
        for (int i = 0; i < 5000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(5); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(s.toString());
        }
        return values;
    }

    @Test
    void fieldNamesAreAcceptedExactlyAsTheRegexDid() {
        for (String value : samples()) {
            boolean expected = FIELD_NAME.matcher(value).matches() && !value.startsWith("__mv_");
            assertEquals(expected, accepts(Option.IP_FIELD, value), "ip_field=" + value);
            assertEquals(expected, accepts(Option.ASN_FIELD, value), "asn_field=" + value);
        }
    }

    @Test
    void lookupNamesAreAcceptedExactlyAsTheRegexDid() {
        for (String value : samples()) {
            assertEquals(LOOKUP_NAME.matcher(value.strip()).matches(), accepts(Option.ALLOW_CIDRS_LOOKUP, value), "lookup=" + value);
        }
    }

    @Test
    void theMessageStillSaysWhatAFieldNameIs() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Option.ASN_FIELD.validate("a b"));
        assertEquals("expected a field name (no spaces, quotes, commas, '=', '|' or '$'), or none", e.getMessage());
    }
}
