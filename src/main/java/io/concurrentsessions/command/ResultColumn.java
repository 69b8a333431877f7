package io.concurrentsessions.command;

import io.concurrentsessions.detect.Finding;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One column of the command's results, declared in {@link FindingRow}: its name, what kind of
 * value it holds, whether it holds one value, several, or one per address (parallel to
 * {@code ips}), when the options make it present, and how its values are read from a
 * {@link Finding} as the text Splunk receives. Every writer (the Splunk rows, the scanner's JSON,
 * CSV, table and HTML report) goes by these, so a column is named, typed and formatted once.
 *
 * @param name     the field name in the output
 * @param kind     what the text means, for writers that type their output
 * @param arity    one value, a list, or one per address
 * @param presence whether the options give the column at all
 * @param reader   its values as text; an empty list is no value
 */
public record ResultColumn(String name, Kind kind, Arity arity, Predicate<CommandOptions> presence,
                           BiFunction<Finding, CommandOptions, List<String>> reader) {

    /** What a value means; Splunk gets text either way. */
    public enum Kind {
        TEXT,
        /** A decimal number (count, score, seconds, speed), or a word such as {@code unknown} when there is none. */
        NUMBER,
        /** Epoch seconds that people read as a date; a number to machines. */
        TIME,
        /** {@code true} or {@code false}. */
        BOOLEAN;

        /** Whether machines should read the value as a number. */
        public boolean numeric() {
            return this == NUMBER || this == TIME;
        }
    }

    /** How many values a finding has in the column. */
    public enum Arity {
        /** At most one. */
        ONE,
        /** A list, written as a list even with one value (a multivalue field, a JSON array). */
        MANY,
        /** A list parallel to {@code ips}: the k-th value is about the k-th address. */
        PER_ADDRESS;

        public boolean multivalue() {
            return this != ONE;
        }
    }

    static final Predicate<CommandOptions> ALWAYS = o -> true;

    /** A column with at most one value; null or empty text is no value. */
    static ResultColumn one(String name, Kind kind, Predicate<CommandOptions> presence,
                            BiFunction<Finding, CommandOptions, String> value) {
        return new ResultColumn(name, kind, Arity.ONE, presence, (f, o) -> {
            String v = value.apply(f, o);
            return v == null || v.isEmpty() ? List.of() : List.of(v);
        });
    }

    static ResultColumn one(String name, Kind kind, Function<Finding, String> value) {
        return one(name, kind, ALWAYS, (f, o) -> value.apply(f));
    }

    static ResultColumn many(String name, Kind kind, Predicate<CommandOptions> presence, Function<Finding, List<String>> values) {
        return new ResultColumn(name, kind, Arity.MANY, presence, (f, o) -> values.apply(f));
    }

    static ResultColumn perAddress(String name, Kind kind, Function<Finding, List<String>> values) {
        return new ResultColumn(name, kind, Arity.PER_ADDRESS, ALWAYS, (f, o) -> values.apply(f));
    }

    public boolean isPresent(CommandOptions o) {
        return presence.test(o);
    }

    /** The column's values for one finding, as Splunk receives them; empty for no value. */
    public List<String> values(Finding f, CommandOptions o) {
        List<String> v = reader.apply(f, o);
        return v == null ? List.of() : v;
    }

    /** The single value, the first of several, or null. */
    public String value(Finding f, CommandOptions o) {
        List<String> v = values(f, o);
        return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String toString() {
        return name;
    }
}
