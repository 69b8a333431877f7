package io.concurrentsessions.detect;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A numeric {@code _time} held exactly as a scaled decimal ({@code unscaled / 10^scale}) so that
 * min/max print back as they came ({@code 1599171244.277}, {@code 1599171244.270} keeps its zero)
 * without keeping each event's text. A parser instance is reusable and not thread-safe; it
 * allocates nothing for plain decimals such as splunkd sends.
 *
 * <p>Numeric means: optional sign, digits with an optional fraction, optional exponent, blanks
 * around ignored. Exponent forms print as plain decimals. Values needing more than 18 significant
 * digits are rounded to 18; magnitudes of 1e18 and beyond count as non-numeric (no epoch time is
 * that large).
 */
public final class EpochTime {
    private static final MathContext DIGITS_18 = new MathContext(18);
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private long unscaled;
    private int scale;
    private byte[] scratch; // text copied here to share the byte parser

    /** The unscaled digits of the last successful {@link #parse}. */
    public long unscaled() {
        return unscaled;
    }

    /** The number of fraction digits of the last successful {@link #parse}. */
    public int scale() {
        return scale;
    }

    /** Parses {@code text}; false (and nothing changed) when it is null, empty or not numeric. */
    public boolean parse(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        int n = text.length();
        if (n <= 40) { // a plain decimal is short: copy it and share the byte parser
            if (scratch == null) {
                scratch = new byte[40];
            }
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    return parseGeneral(text);
                }
                scratch[i] = (byte) c;
            }
            if (parsePlain(scratch, 0, n)) {
                return true;
            }
        }
        return parseGeneral(text);
    }

    /** Parses {@code len} ASCII bytes of {@code b} from {@code off}, as {@link #parse(String)} parses text. */
    public boolean parse(byte[] b, int off, int len) {
        if (len == 0) {
            return false;
        }
        return parsePlain(b, off, len) || parseGeneral(new String(b, off, len, StandardCharsets.UTF_8));
    }

    private boolean parsePlain(byte[] s, int off, int len) {
        int n = off + len;
        int i = off;
        boolean negative = false;
        if (s[i] == '-') {
            negative = true;
            i++;
        }
        long value = 0;
        int digits = 0;
        int fraction = -1;
        int intDigits = 0;
        for (; i < n; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return false;
                }
                value = value * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                } else {
                    intDigits++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return false;
            }
        }
        if (intDigits == 0 || fraction == 0) {
            return false; // ".5" and "5." take the general path
        }
        unscaled = negative ? -value : value;
        scale = Math.max(fraction, 0);
        return true;
    }

    private boolean parseGeneral(String text) {
        String s = text.strip();
        if (!General.NUMBER.matcher(s).matches()) {
            return false;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException | ArithmeticException e) {
            return false;
        }
        if (d.signum() == 0) {
            // 0e999999999 is zero; rescaling it first would build 10^999999999.
            unscaled = 0;
            scale = Math.max(0, Math.min(d.scale(), 18));
            return true;
        }
        if (d.precision() - d.scale() > 18) {
            // Checked before any rescaling: 1e9999999 would otherwise build 10^9999999 (seconds of
            // CPU per event, and 1e999999999 throws). Nineteen integer digits is no epoch time.
            return false;
        }
        if (d.precision() > 18) {
            d = d.round(DIGITS_18);
        }
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        if (d.scale() > 18 || d.unscaledValue().bitLength() > 63
                || d.abs().compareTo(BigDecimal.TEN.pow(18)) >= 0) {
            return false;
        }
        unscaled = d.unscaledValue().longValueExact();
        scale = d.scale();
        return true;
    }

    /**
     * Total order: by numeric value, then by scale (so 1.5 sorts before 1.50). A deterministic
     * tie-break keeps min/max independent of the order events and partials arrive in.
     */
    public static int compare(long u1, int s1, long u2, int s2) {
        if (s1 == s2) {
            return Long.compare(u1, u2);
        }
        int c;
        if (s1 < s2 && s2 - s1 < POW10.length && fits(u1, s2 - s1)) {
            c = Long.compare(u1 * POW10[s2 - s1], u2);
        } else if (s2 < s1 && s1 - s2 < POW10.length && fits(u2, s1 - s2)) {
            c = Long.compare(u1, u2 * POW10[s1 - s2]);
        } else {
            c = BigDecimal.valueOf(u1, s1).compareTo(BigDecimal.valueOf(u2, s2));
        }
        return c != 0 ? c : Integer.compare(s1, s2);
    }

    private static boolean fits(long u, int pow) {
        long limit = Long.MAX_VALUE / POW10[pow];
        return u <= limit && u >= -limit;
    }

    /** The plain decimal text: no exponent, the fraction digits as they came. */
    public static String format(long unscaled, int scale) {
        if (scale == 0) {
            return Long.toString(unscaled);
        }
        if (scale < 0 || unscaled == Long.MIN_VALUE) {
            return BigDecimal.valueOf(unscaled, scale).toPlainString();
        }
        // By hand, as BigDecimal.toPlainString writes it: it ran for every partial row the map
        // phase emits (twice), and a BigDecimal and two builders each time showed in profiles.
        String digits = Long.toString(Math.abs(unscaled));
        StringBuilder b = new StringBuilder(digits.length() + scale + 3);
        if (unscaled < 0) {
            b.append('-');
        }
        int whole = digits.length() - scale;
        if (whole <= 0) {
            b.append("0.");
            for (int i = whole; i < 0; i++) {
                b.append('0');
            }
            return b.append(digits).toString();
        }
        return b.append(digits, 0, whole).append('.').append(digits, whole, digits.length()).toString();
    }

    /** The value as a double, for per-address first/last seen. */
    public static double toDouble(long unscaled, int scale) {
        return scale == 0 ? unscaled : unscaled / (double) POW10[scale];
    }

    /**
     * Only the slow path (exponents, signs, long values) needs the regex; the command makes an
     * EpochTime before its getinfo reply, and compiling a Pattern there (regex uses lambdas) cost
     * the reply its invokedynamic bootstrap.
     */
    private static final class General {
        static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    }
}
