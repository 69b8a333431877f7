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
import java.util.StringJoiner;

/**
 * The options of one {@code concurrentsessions} invocation, parsed once (at getinfo) into typed
 * values: what the user gave, else the option's default under the chosen profile. Immutable.
 */
public final class CommandOptions {
    /** The column carrying a map-phase partial state (see {@link PartialStateCodec}). */
    public static final String STATE_FIELD = "concurrentsessions_state";
    public static final String COMMAND_NAME = "concurrentsessions";

    /** Fields iplocation adds, read for ip_location and travel when present. */
    public static final List<String> LOCATION_FIELDS = List.of("lat", "lon", "City", "Country");

    /** What the user gave, typed, in declaration order (for the map phase's options and messages). */
    private final EnumMap<Option, Object> given;
    private final List<String> allowEntries;
    private final CidrSet allowed;
    private final int minIps;
    private final int maxSessions;
    private final String ipField;
    private final String userAgentField;
    private final String userField;
    private final String sessionField;
    private final String operationField;
    private final String profile;
    private final boolean normalizeIps;
    private final boolean evidenceScoring;
    private final int maxIpsPerSession;
    private final String asnField;
    private final EvidenceSettings evidenceSettings;
    private final boolean map;
    private final Grouping grouping;
    private final int minCities;

    private CommandOptions(EnumMap<Option, Object> given, List<String> allowEntries) throws CommandException {
        this.given = given;
        this.allowEntries = List.copyOf(allowEntries);
        this.allowed = CidrSet.parse(allowEntries);
        this.profile = (String) valueOf(Option.PROFILE, Option.SEED);
        this.minIps = (Integer) valueOf(Option.MIN_IPS, profile);
        this.maxSessions = (Integer) valueOf(Option.MAX_SESSIONS, profile);
        this.ipField = (String) valueOf(Option.IP_FIELD, profile);
        this.userAgentField = (String) valueOf(Option.UA_FIELD, profile);
        this.userField = (String) valueOf(Option.USER_FIELD, profile);
        this.sessionField = (String) valueOf(Option.SESSION_FIELD, profile);
        this.operationField = (String) valueOf(Option.OPERATION_FIELD, profile);
        this.normalizeIps = (Boolean) valueOf(Option.NORMALIZE_IPS, profile);
        this.evidenceScoring = Option.EVIDENCE.equals(valueOf(Option.RISK_SCORING, profile));
        this.maxIpsPerSession = (Integer) valueOf(Option.MAX_IPS_PER_SESSION, profile);
        this.asnField = (String) valueOf(Option.ASN_FIELD, profile);
        this.evidenceSettings = new EvidenceSettings((Integer) valueOf(Option.IPV4_PREFIX, profile),
                (Integer) valueOf(Option.IPV6_PREFIX, profile), (Integer) valueOf(Option.MIN_OVERLAP_SECONDS, profile));
        this.map = Option.MAP.equals(valueOf(Option.PHASE, profile));
        @SuppressWarnings("unchecked")
        List<String> by = (List<String>) valueOf(Option.BY, profile);
        this.grouping = Grouping.of(by, (Integer) valueOf(Option.SPAN, profile), operationField, userField, sessionField);
        this.minCities = (Integer) valueOf(Option.MIN_CITIES, profile);
    }

    /** The value given, else the option's default under {@code profile}. */
    private Object valueOf(Option o, String profile) {
        return given.containsKey(o) ? given.get(o) : o.parse(o.defaultValue(profile));
    }

    /** The seed's behaviour: every option at its default. */
    public static CommandOptions defaults() {
        try {
            return new CommandOptions(new EnumMap<>(Option.class), List.of());
        } catch (CommandException e) {
            throw new IllegalStateException("the defaults are a valid grouping", e);
        }
    }

    /**
     * As {@link #parse(List)}, with {@code allow_cidrs_lookup} read from {@code appDir} (the app's
     * folder: the lookup is {@code appDir/lookups/<name>}, or an absolute path inside appDir).
     */
    public static CommandOptions parse(List<String> args, Path appDir) throws CommandException {
        EnumMap<Option, Object> given = parseTokens(args);
        List<String> cidrs = new ArrayList<>(allowCidrs(given));
        String lookup = (String) given.get(Option.ALLOW_CIDRS_LOOKUP);
        if (lookup != null) {
            try {
                // A loop, not a stream: this runs at getinfo, where the first lambda costs the JVM its
                // invokedynamic bootstrap (tens of classes) before splunkd gets its answer.
                for (String c : AllowLookup.read(appDir, lookup)) {
                    if (!c.isBlank()) {
                        cidrs.add(c.strip());
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new CommandException(COMMAND_NAME + ": allow_cidrs_lookup=" + lookup + ": " + e.getMessage());
            }
        }
        CommandOptions options = new CommandOptions(given, cidrs);
        if (options.maxIpsPerSession < options.minIps) {
            throw new CommandException(COMMAND_NAME + ": max_ips_per_session=" + options.maxIpsPerSession + " is below min_ips="
                    + options.minIps + ": no session could be reported. Raise max_ips_per_session.");
        }
        return options;
    }

    @SuppressWarnings("unchecked")
    private static List<String> allowCidrs(EnumMap<Option, Object> given) {
        return (List<String>) given.getOrDefault(Option.ALLOW_CIDRS, List.of());
    }

    /**
     * Parses {@code name=value} tokens as splunkd passes them (quotes already removed).
     *
     * @throws CommandException naming the token, option, value and what is expected
     */
    public static CommandOptions parse(List<String> args) throws CommandException {
        return parse(args, AllowLookup.appDirectory());
    }

    private static EnumMap<Option, Object> parseTokens(List<String> args) throws CommandException {
        EnumMap<Option, Object> given = new EnumMap<>(Option.class);
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
                given.put(o, o.parse(value));
            } catch (IllegalArgumentException e) {
                throw new CommandException(COMMAND_NAME + ": invalid value \"" + value + "\" for option "
                        + name + ": " + e.getMessage());
            }
        }
        return given;
    }

    /** Only on the error path: builds the list of what may be typed. */
    private static String validNames() {
        StringJoiner names = new StringJoiner(", ");
        for (Option o : Option.values()) {
            if (o.isPublic()) {
                names.add(o.optionName() + "=" + o.syntax());
            }
        }
        return names.toString();
    }

    public int minIps() {
        return minIps;
    }

    public int maxSessions() {
        return maxSessions;
    }

    /** Whether max_sessions was given (else the search may size the cap from the heap). */
    public boolean maxSessionsGiven() {
        return given.containsKey(Option.MAX_SESSIONS);
    }

    public String ipField() {
        return ipField;
    }

    public String userAgentField() {
        return userAgentField;
    }

    public String userField() {
        return userField;
    }

    public String sessionField() {
        return sessionField;
    }

    public String operationField() {
        return operationField;
    }

    public boolean strict() {
        return Option.STRICT.equals(profile);
    }

    public String profile() {
        return profile;
    }

    public boolean normalizeIps() {
        return normalizeIps;
    }

    /** Whether risk_score follows the evidence rather than staying the seed's 42. */
    public boolean evidenceScoring() {
        return evidenceScoring;
    }

    /** The allowed ranges of allow_cidrs and allow_cidrs_lookup together (empty when neither). */
    public CidrSet allowed() {
        return allowed;
    }

    public int maxIpsPerSession() {
        return maxIpsPerSession;
    }

    /** The ASN field, or null when not given. */
    public String asnField() {
        return asnField;
    }

    public EvidenceSettings evidenceSettings() {
        return evidenceSettings;
    }

    /** Which fields make a session (by=, span=). */
    public Grouping grouping() {
        return grouping;
    }

    /** Distinct places a session's addresses must be in to be reported (0: no condition). */
    public int minCities() {
        return minCities;
    }

    /** Whether this is the map phase (streaming, emits partial states). */
    public boolean isMap() {
        return map;
    }

    /** What both phases need from splunkd: _time, the five fields, iplocation's, device and log fields, the ASN field, the partial-state column. */
    public List<String> requiredFields() {
        LinkedHashSet<String> f = new LinkedHashSet<>();
        f.add("_time");
        f.add(operationField());
        f.add(userField());
        f.add(sessionField());
        f.add(ipField());
        f.add(userAgentField());
        f.addAll(LOCATION_FIELDS);
        f.addAll(EventReader.ORIGIN_FIELDS);
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
        for (Map.Entry<Option, Object> e : given.entrySet()) {
            Option o = e.getKey();
            if (o == Option.PHASE || o == Option.ALLOW_CIDRS || o == Option.ALLOW_CIDRS_LOOKUP) {
                continue;
            }
            parts.add(quoted(o, o.text(e.getValue())));
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
        StringJoiner s = new StringJoiner(" ");
        for (Map.Entry<Option, Object> e : given.entrySet()) {
            s.add(e.getKey().optionName() + "=" + e.getKey().text(e.getValue()));
        }
        return s.toString();
    }
}
