package io.concurrentsessions.command;

import io.concurrentsessions.detect.EpochTime;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.StringPool;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's mergeable state as a single field value, the {@code concurrentsessions_state}
 * column the map phase emits and the reduce phase merges. Version 1:
 *
 * <pre>
 * cs1|Operation|user|SessionId|events|minTime|maxTime|ua;ua;...|ip~first~last~events~u.u.u;ip~...
 * </pre>
 *
 * <ul>
 *   <li>minTime / maxTime: min and max {@code _time} as plain decimals, exactly as the reduce
 *       phase prints them; empty when no event had a numeric time.</li>
 *   <li>user agents: the distinct user agents; their positions (from 0) are the {@code u} indexes.</li>
 *   <li>per address: first and last seen ({@link Double#toString}, empty when none), events with
 *       that address, and the {@code .}-separated indexes of the user agents seen with it.</li>
 *   <li>Strings are percent-escaped: {@code % | ; ~ , " $}, DEL and every control character
 *       become {@code %XX}; other characters (any Unicode) stay. The value therefore never needs
 *       CSV quoting and never contains a newline or the {@code $} of multivalue encoding.</li>
 * </ul>
 * A reader rejects any other version prefix: mixing releases fails loudly, never silently.
 */
public final class PartialStateCodec {
    public static final String VERSION = "cs1";
    private static final int SECTIONS = 9;

    private PartialStateCodec() {
    }

    /** A decoded partial. */
    public record Decoded(SessionKey key, SessionState state) {
    }

    public static String encode(SessionKey key, SessionState s) {
        StringBuilder b = new StringBuilder(64 + 48 * s.addressCount());
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
        }
        return b.toString();
    }

    /**
     * Decodes a value written by {@link #encode}, pooling its strings.
     *
     * @throws IllegalArgumentException saying what is wrong when the value is not a version-1 state
     */
    public static Decoded decode(String text, StringPool pool) {
        List<String> sec = split(text, '|');
        if (sec.size() != SECTIONS || !VERSION.equals(sec.get(0))) {
            throw new IllegalArgumentException("not a " + VERSION + " partial state ("
                    + (sec.isEmpty() ? "empty" : "starts with \"" + clip(sec.get(0)) + "\"") + ")");
        }
        SessionKey key = new SessionKey(unescape(sec.get(1)), unescape(sec.get(2)), unescape(sec.get(3)));
        SessionState s = new SessionState();
        s.recordEvents(parseCount(sec.get(4)));
        if (!sec.get(5).isEmpty() || !sec.get(6).isEmpty()) {
            EpochTime t = new EpochTime();
            if (!t.parse(sec.get(5))) {
                throw new IllegalArgumentException("bad min time \"" + clip(sec.get(5)) + "\"");
            }
            long minU = t.unscaled();
            int minS = t.scale();
            if (!t.parse(sec.get(6))) {
                throw new IllegalArgumentException("bad max time \"" + clip(sec.get(6)) + "\"");
            }
            s.recordTimes(minU, minS, t.unscaled(), t.scale());
        }
        if (!sec.get(7).isEmpty()) {
            for (String ua : split(sec.get(7), ';')) {
                String v = unescape(ua);
                if (v.isEmpty()) {
                    throw new IllegalArgumentException("empty user agent");
                }
                if (s.recordUserAgent(pool.intern(v)) != s.userAgentCount() - 1) {
                    throw new IllegalArgumentException("repeated user agent");
                }
            }
        }
        if (!sec.get(8).isEmpty()) {
            for (String item : split(sec.get(8), ';')) {
                List<String> f = split(item, '~');
                if (f.size() != 5 || f.get(0).isEmpty()) {
                    throw new IllegalArgumentException("bad address entry \"" + clip(item) + "\"");
                }
                int ip = s.recordAddress(pool.intern(unescape(f.get(0))), parseSeen(f.get(1)), parseSeen(f.get(2)),
                        parseCount(f.get(3)));
                if (!f.get(4).isEmpty()) {
                    for (String ua : split(f.get(4), '.')) {
                        s.recordPair(ip, (int) parseCount(ua));
                    }
                }
            }
        }
        return new Decoded(key, s);
    }

    private static StringBuilder appendSeen(StringBuilder b, double t) {
        return Double.isNaN(t) ? b : b.append(t);
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

    private static StringBuilder escape(StringBuilder b, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '%' || c == '|' || c == ';' || c == '~' || c == ',' || c == '"' || c == '$') {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append(c);
            }
        }
        return b;
    }

    static String unescape(String s) {
        int pct = s.indexOf('%');
        if (pct < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        b.append(s, 0, pct);
        for (int i = pct, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < n ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < n ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0 || hi > 7) {
                    throw new IllegalArgumentException("bad escape in \"" + clip(s) + "\"");
                }
                b.append((char) (hi * 16 + lo));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, start)) {
            out.add(s.substring(start, i));
            start = i + 1;
        }
        out.add(s.substring(start));
        return out;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
