package io.concurrentsessions.ual;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * {@code _time} of a Splunk CSV export as epoch seconds text. Splunk writes epoch seconds
 * ({@code 1687089767.000}) through the REST API and ISO 8601 with an offset
 * ({@code 2023-06-18T12:02:47.000+00:00}) from the UI; a time without an offset is taken as UTC.
 * The fraction is kept (stats min/max keep it), trailing zeros dropped.
 */
final class SplunkTime {
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private static final int MAX_DIGITS = 18;

    private SplunkTime() {
    }

    private static String shown(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    static String epochSeconds(String text) throws MalformedRecordException {
        String t = text.strip();
        BigDecimal number = null;
        try {
            number = new BigDecimal(t);
        } catch (NumberFormatException notANumber) {
            // An ISO date and time, below.
        }
        if (number != null) {
            // Ten characters such as 1e9999999 would otherwise print as ten million digits (and 1e999999999
            // throw): no epoch time has more than 18 integer or 18 fraction digits.
            BigDecimal s = number.stripTrailingZeros();
            if (s.precision() - s.scale() > MAX_DIGITS || s.scale() > MAX_DIGITS) {
                throw new MalformedRecordException("_time \"" + shown(text) + "\" is out of range for epoch seconds");
            }
            return plain(s);
        }
        try {
            var parsed = ISO.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            OffsetDateTime odt = parsed instanceof OffsetDateTime o ? o : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
            BigDecimal seconds = BigDecimal.valueOf(odt.toEpochSecond())
                    .add(BigDecimal.valueOf(odt.get(ChronoField.NANO_OF_SECOND), 9));
            return plain(seconds);
        } catch (DateTimeException e) {
            throw new MalformedRecordException("_time \"" + shown(text) + "\" is neither epoch seconds nor ISO 8601");
        }
    }

    private static String plain(BigDecimal seconds) {
        BigDecimal s = seconds.stripTrailingZeros();
        return s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString();
    }
}
