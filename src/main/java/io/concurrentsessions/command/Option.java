package io.concurrentsessions.command;

import io.concurrentsessions.command.Validator.Bool;
import io.concurrentsessions.command.Validator.Choice;
import io.concurrentsessions.command.Validator.CidrList;
import io.concurrentsessions.command.Validator.FieldList;
import io.concurrentsessions.command.Validator.FieldName;
import io.concurrentsessions.command.Validator.IntegerRange;
import io.concurrentsessions.command.Validator.LookupName;
import io.concurrentsessions.command.Validator.Span;

import java.util.List;

/**
 * The options of {@code concurrentsessions}, each declared once: name, {@link Validator}, default
 * (and profile=strict's default where it differs) and help text (searchbnf.conf copies the help
 * texts). Values come as {@code name=value} tokens.
 */
public enum Option {
    MIN_IPS("min_ips", new IntegerRange(1, Integer.MAX_VALUE), "2",
            "Report a session when it was used from at least this many distinct addresses. "
                    + "Default 2, the seed's mvcount(ips) > 1. 1 lists every session that has an address (hunting)."),
    IP_FIELD("ip_field", new FieldName(false), "src_ip",
            "Field holding the client address. Output keeps the name ips."),
    UA_FIELD("ua_field", new FieldName(false), "user_agent",
            "Field holding the user agent. Output keeps the name user_agents."),
    USER_FIELD("user_field", new FieldName(false), "user",
            "Field holding the user. Output keeps the name user."),
    SESSION_FIELD("session_field", new FieldName(false), "SessionId",
            "Field holding the session id. Output keeps the name SessionId."),
    OPERATION_FIELD("operation_field", new FieldName(false), "Operation",
            "Field holding the operation. Output keeps the name Operation."),
    BY("by", new FieldList(), Validator.NONE,
            "Which of the grouping fields make a session (default: operation_field, user_field, session_field, "
                    + "the seed's by Operation, user, SessionId). The user field is always one. by=\"user,SessionId\" "
                    + "merges a session's audit-log and sign-in events; by=user with span= groups each user's time windows."),
    SPAN("span", new Span(), Validator.NONE,
            "Group each user's events in time windows of this length (as bucket span=5m _time) instead of by "
                    + "session id; the window's start is the _time column. Events without a numeric _time are not grouped."),
    MIN_CITIES("min_cities", new IntegerRange(0, 1_000), "0",
            "Report a session only when its addresses are located in at least this many distinct places "
                    + "(City, Country from iplocation or the sign-in record). Default 0: no condition."),
    MAX_SESSIONS("max_sessions", new IntegerRange(1, Integer.MAX_VALUE), "1000000",
            "Most sessions tracked at once (about 0.6 KB of memory each). Default: 1,000,000 or, when the "
                    + "heap is larger, what 60% of it holds. Beyond it, new sessions are counted and reported in a "
                    + "warning, not evaluated. The map phase flushes instead."),
    PROFILE("profile", new Choice(List.of(Option.SEED, Option.STRICT)), Option.SEED,
            "seed (default): the security content detection's rows, every session seen from two addresses, with "
                    + "evidence columns appended. strict: normalize_ips=true and risk_scoring=evidence, and only "
                    + "sessions that used more than one network concurrently from distinct contexts (ASN, place or "
                    + "user agent) or with impossible travel. Run iplocation (and give asn_field) upstream for strict."),
    NORMALIZE_IPS("normalize_ips", new Bool(), "false", "true",
            "Write every address one way before counting: no port or brackets, IPv4-mapped IPv6 as IPv4, IPv6 as "
                    + "RFC 5952. Default false (the seed counts raw values); true with profile=strict."),
    ALLOW_CIDRS("allow_cidrs", new CidrList(), Validator.NONE,
            "Addresses in these ranges (corporate egress, VPN, SASE) are removed before counting; an event left "
                    + "without an address is not grouped. IPv4 and IPv6; an INFO message counts what was removed."),
    ALLOW_CIDRS_LOOKUP("allow_cidrs_lookup", new LookupName(), Validator.NONE,
            "As allow_cidrs, from a CSV with a cidr column in this app's lookups folder (a file name, "
                    + "or a path inside the app's folder). Both may be given; their ranges add up."),
    MAX_IPS_PER_SESSION("max_ips_per_session", new IntegerRange(2, 100_000), "1000",
            "Most distinct addresses kept per session (the smallest by code point, so every split keeps the same). "
                    + "Sightings of further addresses are counted and reported in a warning; the session is still reported."),
    IPV4_PREFIX("ipv4_prefix", new IntegerRange(0, 32), "24",
            "Bits of an IPv4 address that name its network for ip_network, network_count and concurrency (0-32)."),
    IPV6_PREFIX("ipv6_prefix", new IntegerRange(0, 128), "64",
            "Bits of an IPv6 address that name its network (0-128). 64: one subnet, where privacy addresses rotate."),
    MIN_OVERLAP_SECONDS("min_overlap_seconds", new IntegerRange(0, 31_536_000), "120",
            "Two networks count as concurrent when both were used within an overlap at least this long "
                    + "(a Wi-Fi to cellular hand-off overlaps for seconds)."),
    ASN_FIELD("asn_field", new FieldName(true), Validator.NONE,
            "Field holding the client's autonomous system number (from an ASN lookup upstream). Adds the asns and "
                    + "asn_count columns; distinct ASNs count as evidence of two parties."),
    RISK_SCORING("risk_scoring", new Choice(List.of("seed", Option.EVIDENCE)), "seed", Option.EVIDENCE,
            "seed (default): risk_score is the detection's 42. evidence: raised or lowered from 42 by the evidence "
                    + "(see the app's README); the default with profile=strict."),
    PHASE("phase", new Choice(List.of(Option.MAP, "reduce")), "reduce",
            "Internal: set by streaming_preop for the map phase on the indexers. Do not type it.");

    /** The profiles; {@link #STRICT} changes the defaults of the options that declare a strict default. */
    static final String SEED = "seed";
    static final String STRICT = "strict";
    /** The values other code tests for. */
    static final String EVIDENCE = "evidence";
    static final String MAP = "map";

    private final String optionName;
    private final Validator<?> validator;
    private final String defaultValue;
    private final String strictDefault;
    private final String help;

    Option(String optionName, Validator<?> validator, String defaultValue, String help) {
        this(optionName, validator, defaultValue, defaultValue, help);
    }

    Option(String optionName, Validator<?> validator, String defaultValue, String strictDefault, String help) {
        this.optionName = optionName;
        this.validator = validator;
        this.defaultValue = defaultValue;
        this.strictDefault = strictDefault;
        this.help = help;
    }

    /** The name as typed in SPL. */
    public String optionName() {
        return optionName;
    }

    /** The value syntax for searchbnf, e.g. {@code <int>}. */
    public String syntax() {
        return validator.syntax();
    }

    /** The default as typed in SPL (under profile=seed). */
    public String defaultValue() {
        return defaultValue;
    }

    /** The default under {@code profile} (as typed in SPL): profile=strict declares its own for some options. */
    String defaultValue(String profile) {
        return STRICT.equals(profile) ? strictDefault : defaultValue;
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

    /** The typed value of {@code text}, or an IllegalArgumentException whose message says what is expected. */
    Object parse(String text) {
        return validator.parse(text);
    }

    /** A value of this option (from {@link #parse}) as it is written back into SPL. */
    @SuppressWarnings("unchecked")
    String text(Object value) {
        return ((Validator<Object>) validator).text(value);
    }

    /** The value as this option writes it back (trimmed, canonical), or an IllegalArgumentException saying what is expected. */
    String validate(String value) {
        return text(parse(value));
    }
}
