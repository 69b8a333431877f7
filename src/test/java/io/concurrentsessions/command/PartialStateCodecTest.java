package io.concurrentsessions.command;

import io.concurrentsessions.detect.EpochTime;
import io.concurrentsessions.detect.Event;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.StringPool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.concurrentsessions.command.Events.fields;
import static io.concurrentsessions.command.Events.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartialStateCodecTest {
    @Test
    void roundTripsHostileStringsAndStaysCsvNeutral() {
        SessionKey key = new SessionKey("Op|x", "us;er~%", "sid,\"\n$");
        SessionState s = new SessionState();
        EpochTime t = new EpochTime();
        t.parse("1599171244.270");
        s.observe(new Event().time(t).addresses(List.of("2001:db8::1", "10.0.0.9")).userAgents(List.of("UA $1$ \"q\", \n ü \uD83D\uDE00", "b")), new StringPool(), SessionState.UNCAPPED);
        s.observe(new Event().addresses(List.of("10.0.0.10")).userAgents(List.of()), new StringPool(), SessionState.UNCAPPED);
        String enc = PartialStateCodec.encode(key, s);
        assertTrue(enc.startsWith("cs2|"), enc);
        for (char c : new char[] {',', '"', '\n', '\r', '$'}) {
            assertEquals(-1, enc.indexOf(c), "no " + (int) c + " in " + enc);
        }
        PartialStateCodec.Decoded d = PartialStateCodec.decode(enc, new StringPool());
        assertEquals(key, d.key());
        assertEquals(enc, PartialStateCodec.encode(d.key(), d.state()));
        assertEquals("1599171244.270", d.state().firstTimeText());
        assertEquals(2, d.state().events());
    }

    @Test
    void malformedStatesAreCountedAndReportedNotFatal() {
        for (String bad : List.of("cs2|a|b|c|1||||", "cs1|a|b|c|1||||x~~~-1~", "cs1|a|b|c|1||||x~~~1~7",
                "cs1|a||c|1||||", "cs1|a|b|c|1|12|||", "cs1|a%Zb|b|c|1||||", "garbage")) {
            assertThrows(IllegalArgumentException.class, () -> PartialStateCodec.decode(bad, new StringPool()), bad);
        }
        SessionSearch s = new SessionSearch(CommandOptions.defaults());
        s.observe(fields(java.util.Map.of(CommandOptions.STATE_FIELD, List.of("cs9|future"))));
        s.observe(fields(login("1", "u", "s", "1.1.1.1", "a")));
        assertEquals(1, s.stats().malformedPartials());
        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).contains("1 concurrentsessions_state values could not be read"), s.warnings().get(0));
        assertTrue(s.warnings().get(0).contains("not a cs3, cs2 or cs1 partial state"), s.warnings().get(0));
        assertEquals(1, s.stats().eventsSeen());
    }

    @Test
    void escapesAtEveryPositionRoundTripAndBrokenOnesAreRejected() {
        for (String v : List.of("%", "%%", "|;~", "a%", "%a", ";x;", "a,b,c", "\"$\"", "\u0001\u007f", "é%ü")) {
            SessionKey key = new SessionKey("Op", v, v + "s");
            SessionState s = new SessionState();
            s.observe(new Event().addresses(List.of("10.0.0.1")).userAgents(List.of(v)), new StringPool(), SessionState.UNCAPPED);
            PartialStateCodec.Decoded d = PartialStateCodec.decode(PartialStateCodec.encode(key, s), new StringPool());
            assertEquals(key, d.key(), v);
            assertEquals(v, d.state().userAgent(0), v);
        }
        for (String bad : List.of("%", "a%4", "%4G", "%G4", "%80", "x%2")) {
            assertThrows(IllegalArgumentException.class, () -> PercentEscaping.unescape(bad), bad);
        }
        assertEquals("a|b", PercentEscaping.unescape("a%7Cb"));
    }

    @Test
    void timeSamplesAreReadInPlaceAndCheckedAsBefore() {
        SessionState s = new SessionState();
        EpochTime t = new EpochTime();
        for (String time : List.of("100", "105", "230")) {
            t.parse(time);
            s.observe(new Event().time(t).addresses(List.of("10.0.0.1")).userAgents(List.of("ua")), new StringPool(), SessionState.UNCAPPED);
        }
        String enc = PartialStateCodec.encode(new SessionKey("Op", "u", "s"), s);
        assertTrue(enc.contains("~100.5.125~"), enc);
        assertEquals(List.of(100L, 105L, 230L), java.util.Arrays.stream(
                PartialStateCodec.decode(enc, new StringPool()).state().sample(0)).boxed().toList());
        for (String sample : List.of("100..5", "100.-5", "100.0", "100.x", "9223372036854775807.1", ".5")) {
            String bad = enc.replace("~100.5.125~", "~" + sample + "~");
            assertThrows(IllegalArgumentException.class, () -> PartialStateCodec.decode(bad, new StringPool()), sample);
        }
    }

    /** The fast path must give Double.parseDouble's double bit for bit, or step aside (NaN). */
    @Test
    void exactDecimalsAreParseDoublesOrDeclined() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        List<String> texts = new java.util.ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "5.", ".5", "-.5", "1e5", "1E-5",
                "1e+5", "1e", "e5", "-", ".", "1.2.3", "9007199254740993", "9007199254740992", "1e22", "1e23",
                "1.717155516051E9", "123456789012345678", "0.000000000000000000000001", "1x", "1.5d", " 1", "NaN"));
        for (int i = 0; i < 100_000; i++) {
            double d = switch (r.nextInt(4)) {
                case 0 -> 1.7e9 + r.nextInt(100_000_000) + r.nextInt(1000) / 1000.0; // epoch seconds, ms
                case 1 -> r.nextDouble() * 180 - 90; // coordinates
                case 2 -> Double.longBitsToDouble(r.nextLong());
                default -> r.nextLong(1L << 54) / Math.pow(10, r.nextInt(25));
            };
            texts.add(Double.toString(d));
            if (Double.isFinite(d)) {
                texts.add(new java.math.BigDecimal(d).toPlainString());
            }
        }
        int fast = 0;
        for (String t : texts) {
            double got = ExactDecimal.parse(t, 0, t.length());
            if (Double.isNaN(got)) {
                continue;
            }
            fast++;
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(t)), Double.doubleToRawLongBits(got), t);
        }
        assertTrue(fast > 50_000, "the fast path should take many of these: " + fast);
        for (int i = 0; i < 10_000; i++) { // what the map phase writes for fractional _time: always fast
            String t = Double.toString(1.7e9 + r.nextInt(100_000_000) + r.nextInt(1000) / 1000.0);
            assertEquals(Double.parseDouble(t), ExactDecimal.parse(t, 0, t.length()), t);
        }
    }
}
