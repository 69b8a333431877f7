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
