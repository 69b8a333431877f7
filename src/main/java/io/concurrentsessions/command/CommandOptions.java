package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The validated options of one {@code concurrentsessions} invocation. Immutable. */
public final class CommandOptions {
    /** The column carrying a map-phase partial state (see {@link PartialStateCodec}). */
    public static final String STATE_FIELD = "concurrentsessions_state";
    public static final String COMMAND_NAME = "concurrentsessions";

    private final EnumMap<Option, String> values;
    private final EnumMap<Option, String> given;

    private CommandOptions(EnumMap<Option, String> given) {
        this.given = given;
        this.values = new EnumMap<>(Option.class);
        for (Option o : Option.values()) {
            values.put(o, given.getOrDefault(o, o.defaultValue()));
        }
    }

    /** The seed's behaviour: every option at its default. */
    public static CommandOptions defaults() {
        return new CommandOptions(new EnumMap<>(Option.class));
    }

    /**
     * Parses {@code name=value} tokens as splunkd passes them (quotes already removed).
     *
     * @throws CommandException naming the token, option, value and what is expected
     */
    public static CommandOptions parse(List<String> args) throws CommandException {
        EnumMap<Option, String> given = new EnumMap<>(Option.class);
        for (String token : args) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new CommandException(COMMAND_NAME + ": unexpected argument \"" + token
                        + "\": options are name=value. Valid options: " + validNames());
            }
            String name = token.substring(0, eq);
            String value = token.substring(eq + 1);
            Option o = Option.named(name);
            if (o == null) {
                throw new CommandException(COMMAND_NAME + ": unknown option \"" + name
                        + "\". Valid options: " + validNames());
            }
            if (given.containsKey(o)) {
                throw new CommandException(COMMAND_NAME + ": option " + name + " is given more than once");
            }
            try {
                given.put(o, o.validate(value));
            } catch (IllegalArgumentException e) {
                throw new CommandException(COMMAND_NAME + ": invalid value \"" + value + "\" for option "
                        + name + ": " + e.getMessage());
            }
        }
        return new CommandOptions(given);
    }

    private static String validNames() {
        return Stream.of(Option.values()).filter(Option::isPublic)
                .map(o -> o.optionName() + "=" + o.syntax()).collect(Collectors.joining(", "));
    }

    public int minIps() {
        return Integer.parseInt(values.get(Option.MIN_IPS));
    }

    public int maxSessions() {
        return Integer.parseInt(values.get(Option.MAX_SESSIONS));
    }

    public String ipField() {
        return values.get(Option.IP_FIELD);
    }

    public String userAgentField() {
        return values.get(Option.UA_FIELD);
    }

    public String userField() {
        return values.get(Option.USER_FIELD);
    }

    public String sessionField() {
        return values.get(Option.SESSION_FIELD);
    }

    public String operationField() {
        return values.get(Option.OPERATION_FIELD);
    }

    /** Whether this is the map phase (streaming, emits partial states). */
    public boolean isMap() {
        return "map".equals(values.get(Option.PHASE));
    }

    /** What both phases need from splunkd: _time, the five fields and the partial-state column. */
    public List<String> requiredFields() {
        LinkedHashSet<String> f = new LinkedHashSet<>();
        f.add("_time");
        f.add(operationField());
        f.add(userField());
        f.add(sessionField());
        f.add(ipField());
        f.add(userAgentField());
        f.add(STATE_FIELD);
        return List.copyOf(f);
    }

    /**
     * The map phase as SPL: {@code concurrentsessions phase=map} and every option the user gave,
     * each value double-quoted with {@code \} and {@code "} escaped.
     */
    public String mapPreop() {
        List<String> parts = new ArrayList<>();
        parts.add(COMMAND_NAME);
        parts.add("phase=map");
        for (Map.Entry<Option, String> e : given.entrySet()) {
            if (e.getKey() != Option.PHASE) {
                parts.add(e.getKey().optionName() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
        }
        return String.join(" ", parts);
    }

    /** The options the user gave, as name=value (for messages). */
    @Override
    public String toString() {
        return given.entrySet().stream().map(e -> e.getKey().optionName() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
