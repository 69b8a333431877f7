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

    private SplunkTime() {
    }

    static String epochSeconds(String text) throws MalformedRecordException {
        String t = text.strip();
        try {
            return plain(new BigDecimal(t));
        } catch (NumberFormatException notANumber) {
            // An ISO date and time, below.
        }
        try {
            var parsed = ISO.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            OffsetDateTime odt = parsed instanceof OffsetDateTime o ? o : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
            BigDecimal seconds = BigDecimal.valueOf(odt.toEpochSecond())
                    .add(BigDecimal.valueOf(odt.get(ChronoField.NANO_OF_SECOND), 9));
            return plain(seconds);
        } catch (DateTimeException e) {
            throw new MalformedRecordException("_time \"" + text + "\" is neither epoch seconds nor ISO 8601");
        }
    }

    private static String plain(BigDecimal seconds) {
        BigDecimal s = seconds.stripTrailingZeros();
        return s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString();
    }
}
