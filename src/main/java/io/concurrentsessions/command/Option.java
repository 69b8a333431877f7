package io.concurrentsessions.command;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The options of {@code concurrentsessions}, declared once: name, syntax, default, validation and
 * help text (searchbnf.conf copies the help texts). Values come as {@code name=value} tokens.
 */
public enum Option {
    MIN_IPS("min_ips", "<int>", "2", Kind.INTEGER, 1,
            "Report a session when it was used from at least this many distinct addresses. "
                    + "Default 2, the seed's mvcount(ips) > 1. 1 lists every session that has an address (hunting)."),
    IP_FIELD("ip_field", "<field>", "src_ip", Kind.FIELD, 0,
            "Field holding the client address. Output keeps the name ips."),
    UA_FIELD("ua_field", "<field>", "user_agent", Kind.FIELD, 0,
            "Field holding the user agent. Output keeps the name user_agents."),
    USER_FIELD("user_field", "<field>", "user", Kind.FIELD, 0,
            "Field holding the user. Output keeps the name user."),
    SESSION_FIELD("session_field", "<field>", "SessionId", Kind.FIELD, 0,
            "Field holding the session id. Output keeps the name SessionId."),
    OPERATION_FIELD("operation_field", "<field>", "Operation", Kind.FIELD, 0,
            "Field holding the operation. Output keeps the name Operation."),
    MAX_SESSIONS("max_sessions", "<int>", "1000000", Kind.INTEGER, 1,
            "Most sessions tracked at once (about 0.4 KB of memory each). Beyond it, new sessions are "
                    + "counted and reported in a warning, not evaluated. The map phase flushes instead."),
    PHASE("phase", "map|reduce", "reduce", Kind.CHOICE, 0,
            "Internal: set by streaming_preop for the map phase on the indexers. Do not type it.");

    /** How a value is checked. */
    enum Kind { INTEGER, FIELD, CHOICE }

    private static final Pattern FIELD_NAME = Pattern.compile("[^\\s\"',=|$]+");
    private static final List<String> PHASES = List.of("map", "reduce");

    private final String optionName;
    private final String syntax;
    private final String defaultValue;
    private final Kind kind;
    private final int min;
    private final String help;

    Option(String optionName, String syntax, String defaultValue, Kind kind, int min, String help) {
        this.optionName = optionName;
        this.syntax = syntax;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.min = min;
        this.help = help;
    }

    /** The name as typed in SPL. */
    public String optionName() {
        return optionName;
    }

    /** The value syntax for searchbnf, e.g. {@code <int>}. */
    public String syntax() {
        return syntax;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /** Whether users should see it (phase is for splunkd). */
    public boolean isPublic() {
        return this != PHASE;
    }

    /** The option named {@code name}, or null. */
    public static Option named(String name) {
        for (Option o : values()) {
            if (o.optionName.equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** The normalised value, or an IllegalArgumentException whose message says what is expected. */
    String validate(String value) {
        switch (kind) {
            case INTEGER -> {
                try {
                    int v = Integer.parseInt(value.strip());
                    if (v >= min) {
                        return Integer.toString(v);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the message
                }
                throw new IllegalArgumentException("expected a whole number from " + min + " to " + Integer.MAX_VALUE);
            }
            case FIELD -> {
                if (FIELD_NAME.matcher(value).matches() && !value.startsWith("__mv_")) {
                    return value;
                }
                throw new IllegalArgumentException("expected a field name (no spaces, quotes, commas, '=', '|' or '$')");
            }
            default -> {
                if (PHASES.contains(value)) {
                    return value;
                }
                throw new IllegalArgumentException("expected one of " + String.join(", ", PHASES));
            }
        }
    }
}
