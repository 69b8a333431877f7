package io.concurrentsessions.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpochTimeTest {
    private static String roundTrip(String text) {
        EpochTime t = new EpochTime();
        assertTrue(t.parse(text), text);
        return EpochTime.format(t.unscaled(), t.scale());
    }

    @Test
    void printsPlainDecimalsWithTheFractionAsItCame() {
        assertEquals("1599171244.277", roundTrip("1599171244.277"));
        assertEquals("1599171244.270", roundTrip("1599171244.270"));
        assertEquals("1599171244", roundTrip("1599171244"));
        assertEquals("1599171244.277", roundTrip("1.599171244277E9"));
        assertEquals("1500", roundTrip("1.5e3"));
        assertEquals("0.5", roundTrip(".5"));
        assertEquals("5", roundTrip(" +5 "));
        assertEquals("-12.5", roundTrip("-12.5"));
    }

    @Test
    void nonNumericTextIsNoTime() {
        EpochTime t = new EpochTime();
        for (String s : new String[] {null, "", "n/a", "NaN", "Infinity", "12:00", "1e400", "0x10", "5..1"}) {
            assertFalse(t.parse(s), String.valueOf(s));
        }
    }

    @Test
    void comparesNumericallyAcrossScalesAndBreaksTiesByScale() {
        assertTrue(EpochTime.compare(15, 1, 149, 2) > 0);   // 1.5 > 1.49
        assertTrue(EpochTime.compare(15, 1, 150, 2) < 0);   // 1.5 before 1.50: equal value, shorter first
        assertTrue(EpochTime.compare(1599171244L, 0, 1599171244001L, 3) < 0);
        assertTrue(EpochTime.compare(Long.MAX_VALUE / 2, 0, 1, 18) > 0); // overflow path
    }
}
