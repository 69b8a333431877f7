package io.concurrentsessions.command;

import io.concurrentsessions.detect.CidrSet;
import io.concurrentsessions.detect.EvidenceSettings;
import io.concurrentsessions.scp.CommandException;

import java.nio.file.Path;

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

    /** Fields iplocation adds, read for ip_location and travel when present. */
    public static final List<String> LOCATION_FIELDS = List.of("lat", "lon", "City", "Country");

    private final EnumMap<Option, String> values;
    private final EnumMap<Option, String> given;
    private final CidrSet allowed;
    private final List<String> allowEntries;

    private CommandOptions(EnumMap<Option, String> given, List<String> allowEntries) {
        this.given = given;
        this.allowEntries = List.copyOf(allowEntries);
        this.allowed = CidrSet.parse(allowEntries);
        this.values = new EnumMap<>(Option.class);
        boolean strict = "strict".equals(given.get(Option.PROFILE));
        for (Option o : Option.values()) {
            String d = o.defaultValue();
            if (strict && o == Option.NORMALIZE_IPS) {
                d = "true";
            } else if (strict && o == Option.RISK_SCORING) {
                d = "evidence";
            }
            values.put(o, given.getOrDefault(o, d));
        }
    }

    /** The seed's behaviour: every option at its default. */
    public static CommandOptions defaults() {
        return new CommandOptions(new EnumMap<>(Option.class), List.of());
    }

    /**
     * As {@link #parse(List)}, with {@code allow_cidrs_lookup} read from {@code appDir} (the app's
     * folder: the lookup is {@code appDir/lookups/<name>}, or an absolute path inside appDir).
     */
    public static CommandOptions parse(List<String> args, Path appDir) throws CommandException {
        EnumMap<Option, String> given = parseTokens(args);
        List<String> cidrs = new ArrayList<>();
        String inline = given.get(Option.ALLOW_CIDRS);
        if (inline != null && !Option.NONE.equals(inline)) {
            cidrs.addAll(List.of(inline.split(",")));
        }
        String lookup = given.get(Option.ALLOW_CIDRS_LOOKUP);
        if (lookup != null && !Option.NONE.equals(lookup)) {
            try {
                cidrs.addAll(AllowLookup.read(appDir, lookup));
            } catch (IllegalArgumentException e) {
                throw new CommandException(COMMAND_NAME + ": allow_cidrs_lookup=" + lookup + ": " + e.getMessage());
            }
        }
        int maxIps = Integer.parseInt(given.getOrDefault(Option.MAX_IPS_PER_SESSION, Option.MAX_IPS_PER_SESSION.defaultValue()));
        int minIps = Integer.parseInt(given.getOrDefault(Option.MIN_IPS, Option.MIN_IPS.defaultValue()));
        if (maxIps < minIps) {
            throw new CommandException(COMMAND_NAME + ": max_ips_per_session=" + maxIps + " is below min_ips=" + minIps
                    + ": no session could be reported. Raise max_ips_per_session.");
        }
        // A loop, not a stream: this runs at getinfo, where the first lambda costs the JVM its
        // invokedynamic bootstrap (tens of classes) before splunkd gets its answer.
        List<String> entries = new ArrayList<>(cidrs.size());
        for (String c : cidrs) {
            String e = c.strip();
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        return new CommandOptions(given, List.copyOf(entries));
    }

    /**
     * Parses {@code name=value} tokens as splunkd passes them (quotes already removed).
     *
     * @throws CommandException naming the token, option, value and what is expected
     */
    public static CommandOptions parse(List<String> args) throws CommandException {
        return parse(args, AllowLookup.appDirectory());
    }

    private static EnumMap<Option, String> parseTokens(List<String> args) throws CommandException {
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
        return given;
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

    /** Whether max_sessions was given (else the search may size the cap from the heap). */
    public boolean maxSessionsGiven() {
        return given.containsKey(Option.MAX_SESSIONS);
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

    public boolean strict() {
        return "strict".equals(values.get(Option.PROFILE));
    }

    public String profile() {
        return values.get(Option.PROFILE);
    }

    public boolean normalizeIps() {
        return "true".equals(values.get(Option.NORMALIZE_IPS));
    }

    /** Whether risk_score follows the evidence rather than staying the seed's 42. */
    public boolean evidenceScoring() {
        return "evidence".equals(values.get(Option.RISK_SCORING));
    }

    /** The allowed ranges of allow_cidrs and allow_cidrs_lookup together (empty when neither). */
    public CidrSet allowed() {
        return allowed;
    }

    public int maxIpsPerSession() {
        return Integer.parseInt(values.get(Option.MAX_IPS_PER_SESSION));
    }

    /** The ASN field, or null when not given. */
    public String asnField() {
        String f = values.get(Option.ASN_FIELD);
        return Option.NONE.equals(f) ? null : f;
    }

    public EvidenceSettings evidenceSettings() {
        return new EvidenceSettings(Integer.parseInt(values.get(Option.IPV4_PREFIX)),
                Integer.parseInt(values.get(Option.IPV6_PREFIX)), Integer.parseInt(values.get(Option.MIN_OVERLAP_SECONDS)));
    }

    /** Whether this is the map phase (streaming, emits partial states). */
    public boolean isMap() {
        return "map".equals(values.get(Option.PHASE));
    }

    /** What both phases need from splunkd: _time, the five fields, iplocation's and the ASN field, the partial-state column. */
    public List<String> requiredFields() {
        LinkedHashSet<String> f = new LinkedHashSet<>();
        f.add("_time");
        f.add(operationField());
        f.add(userField());
        f.add(sessionField());
        f.add(ipField());
        f.add(userAgentField());
        f.addAll(LOCATION_FIELDS);
        if (asnField() != null) {
            f.add(asnField());
        }
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
            Option o = e.getKey();
            if (o == Option.PHASE || o == Option.ALLOW_CIDRS || o == Option.ALLOW_CIDRS_LOOKUP) {
                continue;
            }
            parts.add(quoted(o, e.getValue()));
        }
        if (!allowEntries.isEmpty()) {
            // The lookup is read here, on the search head; the indexers get its ranges inline.
            parts.add(quoted(Option.ALLOW_CIDRS, String.join(",", allowEntries)));
        }
        return String.join(" ", parts);
    }

    private static String quoted(Option o, String value) {
        return o.optionName() + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The options the user gave, as name=value (for messages). */
    @Override
    public String toString() {
        return given.entrySet().stream().map(e -> e.getKey().optionName() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
