package io.concurrentsessions.command;

import io.concurrentsessions.detect.CidrSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an option's text becomes its typed value, as splunklib.searchcommands' validators do. A
 * validator is a value: {@link Option} declares one per option, {@link CommandOptions} applies it
 * once at getinfo.
 *
 * @param <T> the type of the option's value
 */
sealed interface Validator<T> {
    /** The value of an optional option that is not set. */
    String NONE = "none";

    /**
     * The typed value of {@code text}.
     *
     * @throws IllegalArgumentException whose message says what is expected
     */
    T parse(String text);

    /** The value as it is written back into SPL (the map phase's options) and messages. */
    default String text(T value) {
        return String.valueOf(value);
    }

    /** The value syntax for help and searchbnf, e.g. {@code <int>}. */
    String syntax();

    /** A whole number in {@code [min, max]}. */
    record IntegerRange(int min, int max) implements Validator<Integer> {
        @Override
        public Integer parse(String text) {
            try {
                int v = Integer.parseInt(text.strip());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // falls through to the message
            }
            throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
        }

        @Override
        public String syntax() {
            return "<int>";
        }
    }

    /** One of a few words, exactly as written. */
    record Choice(List<String> choices) implements Validator<String> {
        @Override
        public String parse(String text) {
            if (choices.contains(text)) {
                return text;
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", choices));
        }

        @Override
        public String syntax() {
            return String.join("|", choices);
        }
    }

    /** The spellings splunklib's Boolean validator takes, in any case. */
    record Bool() implements Validator<Boolean> {
        private static final List<String> TRUE = List.of("true", "t", "1", "yes");
        private static final List<String> FALSE = List.of("false", "f", "0", "no");

        @Override
        public Boolean parse(String text) {
            String v = text.strip().toLowerCase(Locale.ROOT);
            if (TRUE.contains(v)) {
                return true;
            }
            if (FALSE.contains(v)) {
                return false;
            }
            throw new IllegalArgumentException("expected true or false");
        }

        @Override
        public String syntax() {
            return "true|false";
        }
    }

    /**
     * A field name as splunkd would pass it to us, and not one of its {@code __mv_} columns; when
     * {@code optional}, {@value #NONE} is no field (null).
     */
    record FieldName(boolean optional) implements Validator<String> {
        /** Whitespace as regex {@code \s} means it (space, tab, LF, VT, FF, CR), quotes, ',', '=', '|', '$'. */
        private static final String EXCLUDED = " \t\n\u000b\f\r\"',=|$";

        @Override
        public String parse(String text) {
            if (isName(text, EXCLUDED) && !text.startsWith("__mv_")) {
                return optional && NONE.equals(text) ? null : text;
            }
            throw new IllegalArgumentException("expected a field name (no spaces, quotes, commas, '=', '|' or '$')"
                    + (optional ? ", or none" : ""));
        }

        @Override
        public String text(String value) {
            return value == null ? NONE : value;
        }

        @Override
        public String syntax() {
            return "<field>";
        }
    }

    /** A file in the app's lookups folder, or {@value #NONE} (null). As a field name, but commas and '=' are allowed. */
    record LookupName() implements Validator<String> {
        private static final String EXCLUDED = " \t\n\u000b\f\r\"'|$";

        @Override
        public String parse(String text) {
            String name = text.strip();
            if (isName(name, EXCLUDED)) {
                return NONE.equals(name) ? null : name;
            }
            throw new IllegalArgumentException("expected a lookup file name such as corporate_egress.csv");
        }

        @Override
        public String text(String value) {
            return value == null ? NONE : value;
        }

        @Override
        public String syntax() {
            return "<lookup>";
        }
    }

    /** Comma-separated CIDRs or addresses, each checked; {@value #NONE} (any case) is the empty list. */
    record CidrList() implements Validator<List<String>> {
        @Override
        public List<String> parse(String text) {
            if (text.strip().equalsIgnoreCase(NONE)) {
                return List.of();
            }
            List<String> raw = List.of(text.split(","));
            CidrSet.parse(raw); // throws naming the bad entry as written
            List<String> entries = new ArrayList<>(raw.size());
            for (String entry : raw) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
            return List.copyOf(entries);
        }

        @Override
        public String text(List<String> value) {
            return value.isEmpty() ? NONE : String.join(",", value);
        }

        @Override
        public String syntax() {
            return "<cidr,cidr,...>";
        }
    }

    /** One to three field names, comma-separated, each once; {@value #NONE} is no list (the default grouping). */
    record FieldList() implements Validator<List<String>> {
        private static final FieldName NAME = new FieldName(false);

        @Override
        public List<String> parse(String text) {
            if (text.strip().equals(NONE)) {
                return List.of();
            }
            List<String> names = new ArrayList<>(3);
            for (String part : text.split(",", -1)) {
                String name = part.strip();
                try {
                    NAME.parse(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("expected one to three field names separated by commas");
                }
                if (names.contains(name)) {
                    throw new IllegalArgumentException("the field " + name + " is named twice");
                }
                names.add(name);
            }
            if (names.size() > 3) {
                throw new IllegalArgumentException("expected one to three field names separated by commas");
            }
            return List.copyOf(names);
        }

        @Override
        public String text(List<String> value) {
            return value.isEmpty() ? NONE : String.join(",", value);
        }

        @Override
        public String syntax() {
            return "<field,field,...>";
        }
    }

    /** A time span as bucket writes it ({@code 300s}, {@code 5m}, {@code 1h}, {@code 1d}), in seconds; {@value #NONE} is 0. */
    record Span() implements Validator<Integer> {
        private static final int MAX_SECONDS = 7 * 86_400;

        @Override
        public Integer parse(String text) {
            String t = text.strip();
            if (t.equals(NONE)) {
                return 0;
            }
            int unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3_600;
                case 'd' -> 86_400;
                default -> 0;
            };
            String digits = unit == 0 ? t : t.substring(0, t.length() - 1);
            try {
                long seconds = Long.parseLong(digits) * (unit == 0 ? 1 : unit);
                if (seconds >= 1 && seconds <= MAX_SECONDS && !digits.startsWith("+")) {
                    return (int) seconds;
                }
            } catch (NumberFormatException e) {
                // falls through to the message
            }
            throw new IllegalArgumentException("expected a span from 1s to 7d such as 300s, 5m, 1h or 1d, or none");
        }

        @Override
        public String text(Integer value) {
            return value == 0 ? NONE : value + "s";
        }

        @Override
        public String syntax() {
            return "<span>";
        }
    }

    /**
     * At least one char, none of them in {@code excluded}. A loop, not a regex: options are
     * checked at getinfo, and a Pattern there loads ~30 classes on every search's way to its reply.
     */
    private static boolean isName(String value, String excluded) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (excluded.indexOf(value.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
