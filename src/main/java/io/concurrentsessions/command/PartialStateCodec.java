package io.concurrentsessions.command;

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
     * Decodes a value written by {@link #encode}, pooling its strings.
     *
     * @throws IllegalArgumentException saying what is wrong when the value is not a version-1 state
     */
    public static Decoded decode(String text, StringPool pool) {
        String[] sec = split(text, '|');
        boolean v1 = sec.length == SECTIONS_1 && VERSION_1.equals(sec[0]);
        if (!v1 && (sec.length != SECTIONS || !VERSION.equals(sec[0]))) {
            throw new IllegalArgumentException("not a " + VERSION + " (or " + VERSION_1 + ") partial state ("
                    + (sec.length == 0 ? "empty" : "starts with \"" + clip(sec[0]) + "\"") + ")");
        }
        SessionKey key = new SessionKey(unescape(sec[1]), unescape(sec[2]), unescape(sec[3]));
        SessionState s = new SessionState();
        s.recordEvents(parseCount(sec[4]));
        long sightings = 0;
        if (!sec[5].isEmpty() || !sec[6].isEmpty()) {
            EpochTime t = new EpochTime();
            if (!t.parse(sec[5])) {
                throw new IllegalArgumentException("bad min time \"" + clip(sec[5]) + "\"");
            }
            long minU = t.unscaled();
            int minS = t.scale();
            if (!t.parse(sec[6])) {
                throw new IllegalArgumentException("bad max time \"" + clip(sec[6]) + "\"");
            }
            s.recordTimes(minU, minS, t.unscaled(), t.scale());
        }
        if (!sec[7].isEmpty()) {
            for (String ua : split(sec[7], ';')) {
                String v = unescape(ua);
                if (v.isEmpty()) {
                    throw new IllegalArgumentException("empty user agent");
                }
                if (s.recordUserAgent(pool.intern(v)) != s.userAgentCount() - 1) {
                    throw new IllegalArgumentException("repeated user agent");
                }
            }
        }
        if (!sec[8].isEmpty()) {
            for (String item : split(sec[8], ';')) {
                String[] f = split(item, '~');
                if (f.length != (v1 ? 5 : 11) || f[0].isEmpty()) {
                    throw new IllegalArgumentException("bad address entry \"" + clip(item) + "\"");
                }
                double first = parseSeen(f[1]);
                double last = parseSeen(f[2]);
                long n = parseCount(f[3]);
                int ip = s.recordAddress(pool.intern(unescape(f[0])), first, last, n);
                if (s.addressCount() != ip + 1) {
                    throw new IllegalArgumentException("repeated address");
                }
                sightings += n;
                if (v1) {
                    if (!Double.isNaN(first)) { // an older peer kept no sample: first and last stand in
                        s.recordSample(ip, first == last || TimeSample.bucket(first, 0) == TimeSample.bucket(last, 0)
                                ? new long[] {TimeSample.bucket(first, 0)}
                                : new long[] {TimeSample.bucket(first, 0), TimeSample.bucket(last, 0)}, 0);
                    }
                } else {
                    s.recordSample(ip, parseSample(f[6]), parseLevel(f[5]));
                    s.recordContext(ip, parseCoordinate(f[7], 90), parseCoordinate(f[8], 180),
                            f[9].isEmpty() ? null : pool.intern(unescape(f[9])),
                            f[10].isEmpty() ? null : pool.intern(unescape(f[10])));
                }
                if (!f[4].isEmpty()) {
                    for (String ua : split(f[4], '.')) {
                        s.recordPair(ip, (int) parseCount(ua));
                    }
                }
            }
        }
        if (v1) {
            s.recordSightings(sightings);
        } else {
            if (!sec[9].isEmpty()) {
                for (String asn : split(sec[9], ';')) {
                    String v = unescape(asn);
                    if (v.isEmpty()) {
                        throw new IllegalArgumentException("empty ASN");
                    }
                    s.recordAsn(pool.intern(v));
                }
            }
            long total = parseCount(sec[10]);
            if (total < sightings) {
                throw new IllegalArgumentException("sightings " + total + " below the addresses' events " + sightings);
            }
            s.recordSightings(total);
        }
        return new Decoded(key, s);
    }

    private static int parseLevel(String s) {
        long v = parseCount(s);
        if (v > 62) {
            throw new IllegalArgumentException("bad sample level \"" + clip(s) + "\"");
        }
        return (int) v;
    }

    /** First bucket, then strictly positive deltas; at most the sample cap. */
    private static long[] parseSample(String s) {
        if (s.isEmpty()) {
            return new long[0];
        }
        int parts = parts(s, '.');
        if (parts > TimeSample.CAP) {
            throw new IllegalArgumentException("time sample of " + parts + " buckets, above " + TimeSample.CAP);
        }
        long[] out = new long[parts];
        int start = 0;
        for (int i = 0; i < parts; i++) {
            int end = s.indexOf('.', start);
            end = end < 0 ? s.length() : end;
            try {
                // Parsed in place: a sample is up to 64 numbers, and a substring each was most of its cost.
                long v = Long.parseLong(s, start, end, 10);
                if (i > 0 && v <= 0) {
                    throw new NumberFormatException();
                }
                out[i] = i == 0 ? v : Math.addExact(out[i - 1], v);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("bad time sample \"" + clip(s) + "\"");
            }
            start = end + 1;
        }
        return out;
    }

    private static double parseCoordinate(String s, double limit) {
        double d = parseSeen(s);
        if (Math.abs(d) > limit) {
            throw new IllegalArgumentException("bad coordinate \"" + clip(s) + "\"");
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

    private static double parseSeen(String s) {
        if (s.isEmpty()) {
            return Double.NaN;
        }
        double d = Double.parseDouble(s);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("bad time \"" + clip(s) + "\"");
        }
        return d;
    }

    private static long parseCount(String s) {
        try {
            long n = Long.parseLong(s);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("bad count \"" + clip(s) + "\"");
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
        int pct = s.indexOf('%');
        if (pct < 0) {
            return s;
        }
        // Runs between escapes are copied whole: user agents carry several escaped ; and , each.
        StringBuilder b = new StringBuilder(s.length());
        int run = 0;
        for (int n = s.length(); pct >= 0; pct = s.indexOf('%', run)) {
            int hi = pct + 2 < n ? Character.digit(s.charAt(pct + 1), 16) : -1;
            int lo = pct + 2 < n ? Character.digit(s.charAt(pct + 2), 16) : -1;
            if (hi < 0 || lo < 0 || hi > 7) {
                throw new IllegalArgumentException("bad escape in \"" + clip(s) + "\"");
            }
            b.append(s, run, pct).append((char) (hi * 16 + lo));
            run = pct + 3;
        }
        return b.append(s, run, s.length()).toString();
    }

    /** Counted first, so the array is made once at its size: this runs several times per partial. */
    private static String[] split(String s, char sep) {
        int n = parts(s, sep);
        String[] out = new String[n];
        int start = 0;
        for (int k = 0; k < n - 1; k++) {
            int i = s.indexOf(sep, start);
            out[k] = s.substring(start, i);
            start = i + 1;
        }
        out[n - 1] = s.substring(start);
        return out;
    }

    /** How many pieces {@code sep} cuts {@code s} into. */
    private static int parts(String s, char sep) {
        int n = 1;
        for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + 1)) {
            n++;
        }
        return n;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
