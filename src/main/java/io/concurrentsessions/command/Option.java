package io.concurrentsessions.command;

import java.util.List;

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
            "Most sessions tracked at once (about 0.6 KB of memory each). Default: 1,000,000 or, when the "
                    + "heap is larger, what 60% of it holds. Beyond it, new sessions are counted and reported in a "
                    + "warning, not evaluated. The map phase flushes instead."),
    PROFILE("profile", "seed|strict", "seed", Kind.CHOICE, 0,
            "seed (default): the security content detection's rows, every session seen from two addresses, with "
                    + "evidence columns appended. strict: normalize_ips=true and risk_scoring=evidence, and only "
                    + "sessions that used more than one network concurrently from distinct contexts (ASN, place or "
                    + "user agent) or with impossible travel. Run iplocation (and give asn_field) upstream for strict."),
    NORMALIZE_IPS("normalize_ips", "true|false", "false", Kind.BOOLEAN, 0,
            "Write every address one way before counting: no port or brackets, IPv4-mapped IPv6 as IPv4, IPv6 as "
                    + "RFC 5952. Default false (the seed counts raw values); true with profile=strict."),
    ALLOW_CIDRS("allow_cidrs", "<cidr,cidr,...>", "none", Kind.CIDRS, 0,
            "Addresses in these ranges (corporate egress, VPN, SASE) are removed before counting; an event left "
                    + "without an address is not grouped. IPv4 and IPv6; an INFO message counts what was removed."),
    ALLOW_CIDRS_LOOKUP("allow_cidrs_lookup", "<lookup>", "none", Kind.LOOKUP, 0,
            "As allow_cidrs, from a CSV with a cidr column in this app's lookups folder (a file name, "
                    + "or a path inside the app's folder). Both may be given; their ranges add up."),
    MAX_IPS_PER_SESSION("max_ips_per_session", "<int>", "1000", Kind.INTEGER, 2,
            "Most distinct addresses kept per session (the smallest by code point, so every split keeps the same). "
                    + "Sightings of further addresses are counted and reported in a warning; the session is still reported."),
    IPV4_PREFIX("ipv4_prefix", "<int>", "24", Kind.INTEGER, 0,
            "Bits of an IPv4 address that name its network for ip_network, network_count and concurrency (0-32)."),
    IPV6_PREFIX("ipv6_prefix", "<int>", "64", Kind.INTEGER, 0,
            "Bits of an IPv6 address that name its network (0-128). 64: one subnet, where privacy addresses rotate."),
    MIN_OVERLAP_SECONDS("min_overlap_seconds", "<int>", "120", Kind.INTEGER, 0,
            "Two networks count as concurrent when both were used within an overlap at least this long "
                    + "(a Wi-Fi to cellular hand-off overlaps for seconds)."),
    ASN_FIELD("asn_field", "<field>", "none", Kind.OPTIONAL_FIELD, 0,
            "Field holding the client's autonomous system number (from an ASN lookup upstream). Adds the asns and "
                    + "asn_count columns; distinct ASNs count as evidence of two parties."),
    RISK_SCORING("risk_scoring", "seed|evidence", "seed", Kind.CHOICE, 0,
            "seed (default): risk_score is the detection's 42. evidence: raised or lowered from 42 by the evidence "
                    + "(see the app's README); the default with profile=strict."),
    PHASE("phase", "map|reduce", "reduce", Kind.CHOICE, 0,
            "Internal: set by streaming_preop for the map phase on the indexers. Do not type it.");

    /** How a value is checked. */
    enum Kind { INTEGER, FIELD, OPTIONAL_FIELD, CHOICE, BOOLEAN, CIDRS, LOOKUP }

    /** The value of an optional option that is not set. */
    static final String NONE = "none";
    /** Not in a field name: whitespace as regex {@code \s} means it (space, tab, LF, VT, FF, CR), quotes, ',', '=', '|', '$'. */
    private static final String NOT_IN_FIELD_NAME = " \t\n\u000b\f\r\"',=|$";
    /** Not in a lookup name: as a field name, but commas and '=' are allowed. */
    private static final String NOT_IN_LOOKUP_NAME = " \t\n\u000b\f\r\"'|$";

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

    /** Largest value an INTEGER option takes. */
    private int max() {
        return switch (this) {
            case IPV4_PREFIX -> 32;
            case IPV6_PREFIX -> 128;
            case MAX_IPS_PER_SESSION -> 100_000;
            case MIN_OVERLAP_SECONDS -> 31_536_000;
            default -> Integer.MAX_VALUE;
        };
    }

    /** The values a CHOICE option takes. */
    private List<String> choices() {
        return switch (this) {
            case PROFILE -> List.of("seed", "strict");
            case RISK_SCORING -> List.of("seed", "evidence");
            default -> List.of("map", "reduce");
        };
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

    /** The normalised value, or an IllegalArgumentException whose message says what is expected. */
    String validate(String value) {
        switch (kind) {
            case INTEGER -> {
                try {
                    int v = Integer.parseInt(value.strip());
                    if (v >= min && v <= max()) {
                        return Integer.toString(v);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the message
                }
                throw new IllegalArgumentException("expected a whole number from " + min + " to " + max());
            }
            case FIELD, OPTIONAL_FIELD -> {
                if (isName(value, NOT_IN_FIELD_NAME) && !value.startsWith("__mv_")) {
                    return value;
                }
                throw new IllegalArgumentException("expected a field name (no spaces, quotes, commas, '=', '|' or '$')"
                        + (kind == Kind.OPTIONAL_FIELD ? ", or none" : ""));
            }
            case BOOLEAN -> {
                String v = value.strip().toLowerCase(java.util.Locale.ROOT);
                if (List.of("true", "t", "1", "yes").contains(v)) {
                    return "true";
                }
                if (List.of("false", "f", "0", "no").contains(v)) {
                    return "false";
                }
                throw new IllegalArgumentException("expected true or false");
            }
            case CIDRS -> {
                if (value.strip().equalsIgnoreCase(NONE)) {
                    return NONE;
                }
                io.concurrentsessions.detect.CidrSet.parse(List.of(value.split(","))); // throws naming the bad entry
                return value.strip();
            }
            case LOOKUP -> {
                if (isName(value.strip(), NOT_IN_LOOKUP_NAME)) {
                    return value.strip();
                }
                throw new IllegalArgumentException("expected a lookup file name such as corporate_egress.csv");
            }
            default -> {
                List<String> choices = choices();
                if (choices.contains(value)) {
                    return value;
                }
                throw new IllegalArgumentException("expected one of " + String.join(", ", choices));
            }
        }
    }
}
