package io.concurrentsessions.command;

import io.concurrentsessions.detect.CanonicalIpv4;
import io.concurrentsessions.detect.EpochTime;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.StringPool;
import io.concurrentsessions.detect.TimeSample;

/**
 * One session's mergeable state as a single field value, the {@code concurrentsessions_state}
 * column the map phase emits and the reduce phase merges. Version 2 (written):
 *
 * <pre>
 * cs2|Operation|user|SessionId|events|minTime|maxTime|ua;ua;...|address;address;...|asn;asn;...|sightings
 * address = ip~first~last~events~u.u.u~level~bucket.delta.delta...~lat~lon~place~asn
 * </pre>
 *
 * <ul>
 *   <li>minTime / maxTime: min and max {@code _time} as plain decimals, exactly as the reduce
 *       phase prints them; empty when no event had a numeric time.</li>
 *   <li>user agents: the distinct user agents; their positions (from 0) are the {@code u} indexes.</li>
 *   <li>per address: first and last seen ({@link Double#toString}, empty when none), events with
 *       that address, the {@code .}-separated indexes of the user agents seen with it, then its
 *       time sample (level, first bucket, then increasing deltas), coordinates (empty when
 *       unknown), place and ASN (empty when unknown).</li>
 *   <li>asns: the session's distinct ASNs; sightings: distinct addresses per event, summed
 *       (what the address cap compares against).</li>
 *   <li>Strings are percent-escaped: {@code % | ; ~ , " $}, DEL and every control character
 *       become {@code %XX}; other characters (any Unicode) stay. The value therefore never needs
 *       CSV quoting and never contains a newline or the {@code $} of multivalue encoding.</li>
 * </ul>
 * Version 1 ({@code cs1}, the first 9 sections, addresses with 5 parts) from older peers is still
 * read: its addresses get a sample of just their first and last second. A reader rejects any other
 * version prefix: mixing releases fails loudly, never silently.
 */
public final class PartialStateCodec {
    public static final String VERSION = "cs2";
    static final String VERSION_1 = "cs1";
    private static final int SECTIONS_1 = 9;
    private static final int SECTIONS = 11;

    private PartialStateCodec() {
    }

    /** A decoded partial. */
    public record Decoded(SessionKey key, SessionState state) {
    }

    public static String encode(SessionKey key, SessionState s) {
        return encode(key, s, new StringBuilder(256));
    }

    /**
     * With a builder the caller reuses (cleared here): a flush encodes hundreds of thousands of
     * states, and making (zeroing) and growing a builder for each was a tenth of the map phase.
     */
    public static String encode(SessionKey key, SessionState s, StringBuilder b) {
        b.setLength(0);
        b.append(VERSION).append('|');
        escape(b, key.operation()).append('|');
        escape(b, key.user()).append('|');
        escape(b, key.sessionId()).append('|');
        b.append(s.events()).append('|');
        if (s.hasTime()) {
            b.append(s.firstTimeText());
        }
        b.append('|');
        if (s.hasTime()) {
            b.append(s.lastTimeText());
        }
        b.append('|');
        for (int i = 0; i < s.userAgentCount(); i++) {
            if (i > 0) {
                b.append(';');
            }
            escape(b, s.userAgent(i));
        }
        b.append('|');
        for (int i = 0; i < s.addressCount(); i++) {
            if (i > 0) {
                b.append(';');
            }
            escape(b, s.address(i)).append('~');
            appendSeen(b, s.firstSeen(i)).append('~');
            appendSeen(b, s.lastSeen(i)).append('~');
            b.append(s.addressEvents(i)).append('~');
            boolean first = true;
            for (int k = 0; k < s.pairCount(); k++) {
                if (s.pairAddress(k) == i) {
                    if (!first) {
                        b.append('.');
                    }
                    b.append(s.pairUserAgent(k));
                    first = false;
                }
            }
            b.append('~').append(s.sampleLevel(i)).append('~');
            long[] sample = s.sample(i);
            for (int k = 0; k < sample.length; k++) {
                if (k > 0) {
                    b.append('.');
                }
                b.append(k == 0 ? sample[0] : sample[k] - sample[k - 1]);
            }
            b.append('~');
            appendSeen(b, s.latitude(i)).append('~');
            appendSeen(b, s.longitude(i)).append('~');
            if (s.place(i) != null) {
                escape(b, s.place(i));
            }
            b.append('~');
            if (s.addressAsn(i) != null) {
                escape(b, s.addressAsn(i));
            }
        }
        b.append('|');
        for (int i = 0; i < s.asnCount(); i++) {
            if (i > 0) {
                b.append(';');
            }
            escape(b, s.asn(i));
        }
        b.append('|').append(s.sightings());
        return b.toString();
    }

    /**
     * Decodes a value written by {@link #encode}, pooling its strings. Reads the text in place,
     * section by section and field by field (escaping keeps every separator out of the values):
     * the search head decodes hundreds of thousands of partials, and a substring per section and
     * per address field was a third of that work.
     *
     * @throws IllegalArgumentException saying what is wrong when the value is not a version-1 state
     */
    public static Decoded decode(String text, StringPool pool) {
        int n = text.length();
        int[] cut = cuts(text, '|', 0, n); // section k is [cut[k], cut[k + 1] - 1)
        int sections = cut.length - 1;
        String version = text.substring(0, cut[1] - 1);
        boolean v1 = sections == SECTIONS_1 && VERSION_1.equals(version);
        if (!v1 && (sections != SECTIONS || !VERSION.equals(version))) {
            throw new IllegalArgumentException("not a " + VERSION + " (or " + VERSION_1 + ") partial state ("
                    + "starts with \"" + clip(version) + "\")");
        }
        SessionKey key = new SessionKey(unescape(text, cut[1], cut[2] - 1), unescape(text, cut[2], cut[3] - 1),
                unescape(text, cut[3], cut[4] - 1));
        SessionState s = new SessionState();
        s.recordEvents(parseCount(text, cut[4], cut[5] - 1));
        long sightings = 0;
        if (cut[6] - 1 > cut[5] || cut[7] - 1 > cut[6]) {
            EpochTime t = new EpochTime();
            String min = text.substring(cut[5], cut[6] - 1);
            if (!t.parse(min)) {
                throw new IllegalArgumentException("bad min time \"" + clip(min) + "\"");
            }
            long minU = t.unscaled();
            int minS = t.scale();
            String max = text.substring(cut[6], cut[7] - 1);
            if (!t.parse(max)) {
                throw new IllegalArgumentException("bad max time \"" + clip(max) + "\"");
            }
            s.recordTimes(minU, minS, t.unscaled(), t.scale());
        }
        int[] uas = items(text, ';', cut[7], cut[8] - 1);
        for (int k = 0; k + 1 < uas.length; k++) {
            String v = pool.intern(unescape(text, uas[k], uas[k + 1] - 1));
            if (v.isEmpty()) {
                throw new IllegalArgumentException("empty user agent");
            }
            if (s.recordUserAgent(v) != s.userAgentCount() - 1) {
                throw new IllegalArgumentException("repeated user agent");
            }
        }
        int[] addresses = items(text, ';', cut[8], cut[9] - 1);
        for (int k = 0; k + 1 < addresses.length; k++) {
            sightings += decodeAddress(text, addresses[k], addresses[k + 1] - 1, v1, s, pool);
        }
        if (v1) {
            s.recordSightings(sightings);
        } else {
            int[] asns = items(text, ';', cut[9], cut[10] - 1);
            for (int k = 0; k + 1 < asns.length; k++) {
                String v = unescape(text, asns[k], asns[k + 1] - 1);
                if (v.isEmpty()) {
                    throw new IllegalArgumentException("empty ASN");
                }
                s.recordAsn(pool.intern(v));
            }
            long total = parseCount(text, cut[10], n);
            if (total < sightings) {
                throw new IllegalArgumentException("sightings " + total + " below the addresses' events " + sightings);
            }
            s.recordSightings(total);
        }
        return new Decoded(key, s);
    }

    /** One address entry, text[from, to); returns its event count. */
    private static long decodeAddress(String text, int from, int to, boolean v1, SessionState s, StringPool pool) {
        int[] f = cuts(text, '~', from, to); // field k is [f[k], f[k + 1] - 1)
        if (f.length - 1 != (v1 ? 5 : 11) || f[1] - 1 == from) {
            throw new IllegalArgumentException("bad address entry \"" + clip(text.substring(from, to)) + "\"");
        }
        double first = parseSeen(text, f[1], f[2] - 1);
        double last = parseSeen(text, f[2], f[3] - 1);
        long n = parseCount(text, f[3], f[4] - 1);
        long v4 = CanonicalIpv4.parse(text, from, f[1] - 1);
        int ip = v4 != CanonicalIpv4.NONE ? s.recordAddress((int) v4, first, last, n)
                : s.recordAddress(pool.intern(unescape(text, from, f[1] - 1)), first, last, n);
        if (s.addressCount() != ip + 1) {
            throw new IllegalArgumentException("repeated address");
        }
        if (v1) {
            if (!Double.isNaN(first)) { // an older peer kept no sample: first and last stand in
                s.recordSample(ip, first == last || TimeSample.bucket(first, 0) == TimeSample.bucket(last, 0)
                        ? new long[] {TimeSample.bucket(first, 0)}
                        : new long[] {TimeSample.bucket(first, 0), TimeSample.bucket(last, 0)}, 0);
            }
        } else {
            s.recordSample(ip, parseSample(text, f[6], f[7] - 1), parseLevel(text, f[5], f[6] - 1));
            s.recordContext(ip, parseCoordinate(text, f[7], f[8] - 1, 90), parseCoordinate(text, f[8], f[9] - 1, 180),
                    f[10] - 1 == f[9] ? null : pool.intern(unescape(text, f[9], f[10] - 1)),
                    to == f[10] ? null : pool.intern(unescape(text, f[10], to)));
        }
        int[] pairs = items(text, '.', f[4], f[5] - 1); // the user agents seen with it
        for (int k = 0; k + 1 < pairs.length; k++) {
            s.recordPair(ip, (int) parseCount(text, pairs[k], pairs[k + 1] - 1));
        }
        return n;
    }

    private static int parseLevel(String text, int from, int to) {
        long v = parseCount(text, from, to);
        if (v > 62) {
            throw new IllegalArgumentException("bad sample level \"" + clip(text.substring(from, to)) + "\"");
        }
        return (int) v;
    }

    /** First bucket, then strictly positive deltas; at most the sample cap. */
    private static long[] parseSample(String text, int from, int to) {
        if (from == to) {
            return new long[0];
        }
        int[] cut = cuts(text, '.', from, to);
        int parts = cut.length - 1;
        if (parts > TimeSample.CAP) {
            throw new IllegalArgumentException("time sample of " + parts + " buckets, above " + TimeSample.CAP);
        }
        long[] out = new long[parts];
        for (int i = 0; i < parts; i++) {
            try {
                long v = Long.parseLong(text, cut[i], cut[i + 1] - 1, 10);
                if (i > 0 && v <= 0) {
                    throw new NumberFormatException();
                }
                out[i] = i == 0 ? v : Math.addExact(out[i - 1], v);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("bad time sample \"" + clip(text.substring(from, to)) + "\"");
            }
        }
        return out;
    }

    private static double parseCoordinate(String text, int from, int to, double limit) {
        double d = parseSeen(text, from, to);
        if (Math.abs(d) > limit) {
            throw new IllegalArgumentException("bad coordinate \"" + clip(text.substring(from, to)) + "\"");
        }
        return d;
    }

    /**
     * Whole seconds (most _time values) as plain integers: Double.toString's shortest-digits
     * search was the map phase's hottest number work, and any reader of cs2 parses both forms.
     */
    private static StringBuilder appendSeen(StringBuilder b, double t) {
        if (Double.isNaN(t)) {
            return b;
        }
        long whole = (long) t;
        if (whole == t && Math.abs(whole) < (1L << 53) && (whole != 0 || 1 / t > 0)) {
            return b.append(whole);
        }
        return b.append(t);
    }

    /** NaN for an empty field; else the number as Double.parseDouble reads it (finite only). */
    private static double parseSeen(String text, int from, int to) {
        if (from == to) {
            return Double.NaN;
        }
        double d = exactDecimal(text, from, to);
        if (Double.isNaN(d)) {
            d = Double.parseDouble(text.substring(from, to));
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("bad time \"" + clip(text.substring(from, to)) + "\"");
            }
        }
        return d;
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * {@code [-]digits[.digits][E[-]digits]} whose digits fit 2^53 and whose power of ten is at
     * most 22 either way: both are exact doubles, so one multiplication or division is correctly
     * rounded, the same double as Double.parseDouble (Clinger's fast path, which Double.toString's
     * output for epoch seconds always takes). NaN for anything else: the caller parses it the slow way.
     */
    static double exactDecimal(String text, int from, int to) {
        int i = from;
        boolean negative = text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int count = 0;
        int fraction = -1; // digits after the point; -1 before one is seen
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits > (1L << 53) / 10) {
                    return Double.NaN;
                }
                digits = digits * 10 + (c - '0');
                count++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                break;
            }
        }
        if (count == 0 || fraction == 0 || digits > 1L << 53) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < to) {
            char c = text.charAt(i++);
            if (c != 'E' && c != 'e' || i == to) {
                return Double.NaN;
            }
            boolean down = text.charAt(i) == '-';
            if (down) {
                i++;
            }
            if (i == to || to - i > 3) {
                return Double.NaN;
            }
            for (; i < to; i++) {
                char d = text.charAt(i);
                if (d < '0' || d > '9') {
                    return Double.NaN;
                }
                exponent = exponent * 10 + (d - '0');
            }
            if (down) {
                exponent = -exponent;
            }
        }
        int power = exponent - Math.max(fraction, 0);
        if (power < -22 || power > 22) {
            return Double.NaN;
        }
        double v = power >= 0 ? digits * POWERS_OF_TEN[power] : digits / POWERS_OF_TEN[-power];
        return negative ? -v : v;
    }

    private static long parseCount(String text, int from, int to) {
        try {
            long n = Long.parseLong(text, from, to, 10);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("bad count \"" + clip(text.substring(from, to)) + "\"");
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Copies runs that need no escaping in one append; most values (addresses, ids) are one run. */
    private static StringBuilder escape(StringBuilder b, String s) {
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
        int pct = end(s, '%', from, to);
        if (pct == to) {
            return s.substring(from, to);
        }
        // Runs between escapes are copied whole: user agents carry several escaped ; and , each.
        StringBuilder b = new StringBuilder(to - from);
        int run = from;
        for (; pct < to; pct = end(s, '%', run, to)) {
            int hi = pct + 2 < to ? Character.digit(s.charAt(pct + 1), 16) : -1;
            int lo = pct + 2 < to ? Character.digit(s.charAt(pct + 2), 16) : -1;
            if (hi < 0 || lo < 0 || hi > 7) {
                throw new IllegalArgumentException("bad escape in \"" + clip(s.substring(from, to)) + "\"");
            }
            b.append(s, run, pct).append((char) (hi * 16 + lo));
            run = pct + 3;
        }
        return b.append(s, run, to).toString();
    }

    /** The first {@code sep} in s[from, to), or {@code to}. (indexOf may look past {@code to}: it is the intrinsic.) */
    private static int end(String s, char sep, int from, int to) {
        int i = s.indexOf(sep, from);
        return i < 0 || i > to ? to : i;
    }

    private static final int[] NO_ITEMS = {0};

    /** The items of a list field, as {@link #cuts}; none when the field is empty (the empty list). */
    private static int[] items(String s, char sep, int from, int to) {
        return from == to ? NO_ITEMS : cuts(s, sep, from, to);
    }

    /**
     * Where the pieces {@code sep} cuts s[from, to) into start, and one past the end: piece k is
     * [cut[k], cut[k + 1] - 1). Counted first, so the array is made once at its size.
     */
    private static int[] cuts(String s, char sep, int from, int to) {
        int n = 1;
        for (int i = end(s, sep, from, to); i < to; i = end(s, sep, i + 1, to)) {
            n++;
        }
        int[] cut = new int[n + 1];
        cut[0] = from;
        int k = 1;
        for (int i = end(s, sep, from, to); i < to; i = end(s, sep, i + 1, to)) {
            cut[k++] = i + 1;
        }
        cut[n] = to + 1;
        return cut;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
