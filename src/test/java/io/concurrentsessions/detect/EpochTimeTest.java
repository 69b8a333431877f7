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
        for (String s : new String[] {null, "", "n/a", "NaN", "Infinity", "12:00", "1e400", "0x10", "5..1",
                "1e9999999", "1e999999999", "16870E60707980", "1e99999999999"}) {
            assertFalse(t.parse(s), String.valueOf(s));
        }
    }

    @Test
    void zeroWithAHugeExponentIsZero() {
        assertEquals("0", roundTrip("0e999999999"));
    }

    @Test
    void comparesNumericallyAcrossScalesAndBreaksTiesByScale() {
        assertTrue(EpochTime.compare(15, 1, 149, 2) > 0);   // 1.5 > 1.49
        assertTrue(EpochTime.compare(15, 1, 150, 2) < 0);   // 1.5 before 1.50: equal value, shorter first
        assertTrue(EpochTime.compare(1599171244L, 0, 1599171244001L, 3) < 0);
        assertTrue(EpochTime.compare(Long.MAX_VALUE / 2, 0, 1, 18) > 0); // overflow path
    }

    @Test
    void formatWritesWhatBigDecimalWrites() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(20261129);
        long[] edges = {0, 1, -1, 9, 10, -10, 123, Long.MAX_VALUE, Long.MIN_VALUE + 1, 1599171244270L};
        for (int k = 0; k < 20_000; k++) {
            long u = k < edges.length ? edges[k] : r.nextInt(4) == 0 ? r.nextLong() : r.nextLong(-100_000, 100_000);
            int scale = r.nextInt(19);
            assertEquals(java.math.BigDecimal.valueOf(u, scale).toPlainString(), EpochTime.format(u, scale), u + " scale " + scale);
        }
        assertEquals("-9223372036854775808", EpochTime.format(Long.MIN_VALUE, 0));
        assertEquals(java.math.BigDecimal.valueOf(Long.MIN_VALUE, 3).toPlainString(), EpochTime.format(Long.MIN_VALUE, 3));
    }
}
