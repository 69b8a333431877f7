package io.concurrentsessions.command;

/**
 * Decimal text to a double without Double.parseDouble when that is exact: the partial-state
 * decoder reads hundreds of thousands of epoch seconds, and parseDouble was its hottest number work.
 */
final class ExactDecimal {
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private ExactDecimal() {
    }

    /**
     * {@code [-]digits[.digits][E[-]digits]} whose digits fit 2^53 and whose power of ten is at
     * most 22 either way: both are exact doubles, so one multiplication or division is correctly
     * rounded, the same double as Double.parseDouble (Clinger's fast path, which Double.toString's
     * output for epoch seconds always takes). NaN for anything else: the caller parses it the slow way.
     */
    static double parse(String text, int from, int to) {
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
}
