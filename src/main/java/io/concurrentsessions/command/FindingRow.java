package io.concurrentsessions.command;

import static io.concurrentsessions.command.ResultColumn.Kind.BOOLEAN;
import static io.concurrentsessions.command.ResultColumn.Kind.NUMBER;
import static io.concurrentsessions.command.ResultColumn.Kind.TEXT;
import static io.concurrentsessions.command.ResultColumn.Kind.TIME;
import static io.concurrentsessions.command.ResultColumn.many;
import static io.concurrentsessions.command.ResultColumn.one;
import static io.concurrentsessions.command.ResultColumn.perAddress;

import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.RiskAnnotation;
import io.concurrentsessions.detect.SessionEvidence;
import io.concurrentsessions.scp.OutputRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The result columns, declared once and in output order: the seed's columns, then the risk
 * annotations, then the evidence columns (docs/evidence.md). Output names stay the seed's whatever
 * the input fields. {@link #toRow} makes the Splunk row from them; the scanner's writers type and
 * format by the same declarations. To add a column: declare it here and add it to
 * {@link #COLUMNS} where it belongs in the order.
 */
public final class FindingRow {
    public static final ResultColumn OPERATION = one("Operation", TEXT, o -> o.grouping().operationField() != null,
            (f, o) -> f.key().operation());
    public static final ResultColumn USER = one("user", TEXT, f -> f.key().user());
    public static final ResultColumn SESSION_ID = one("SessionId", TEXT, o -> o.grouping().sessionField() != null,
            (f, o) -> f.key().sessionId());
    /** With span=: the start of the session's time window (its key's session part), as bucket names it. */
    public static final ResultColumn TIME_WINDOW = one("_time", TIME, o -> o.grouping().spanSeconds() > 0,
            (f, o) -> f.key().sessionId());
    public static final ResultColumn FIRST_TIME = one("firstTime", TIME, Finding::firstTime);
    public static final ResultColumn LAST_TIME = one("lastTime", TIME, Finding::lastTime);
    public static final ResultColumn IPS = many("ips", TEXT, ResultColumn.ALWAYS, Finding::ips);
    public static final ResultColumn USER_AGENTS = many("user_agents", TEXT, ResultColumn.ALWAYS, Finding::userAgents);

    public static final ResultColumn RISK_SCORE = one("risk_score", NUMBER, ResultColumn.ALWAYS,
            (f, o) -> Integer.toString(riskScore(f, o)));
    public static final ResultColumn RISK_OBJECT = one("risk_object", TEXT, f -> f.key().user());
    public static final ResultColumn RISK_OBJECT_TYPE = one("risk_object_type", TEXT, f -> RiskAnnotation.OBJECT_TYPE);
    public static final ResultColumn RISK_MESSAGE = one("risk_message", TEXT, f -> RiskAnnotation.message(f.key().user()));
    public static final ResultColumn MITRE_TECHNIQUE_ID = one("mitre_technique_id", TEXT, f -> RiskAnnotation.MITRE_TECHNIQUE_ID);

    public static final ResultColumn IP_FIRST_SEEN = perAddress("ip_first_seen", TIME, f -> f.evidence().firstSeen());
    public static final ResultColumn IP_LAST_SEEN = perAddress("ip_last_seen", TIME, f -> f.evidence().lastSeen());
    public static final ResultColumn IP_EVENT_COUNT = perAddress("ip_event_count", NUMBER, f -> f.evidence().eventCounts());
    public static final ResultColumn IP_NETWORK = perAddress("ip_network", TEXT, f -> f.evidence().networks());
    public static final ResultColumn IP_LOCATION = perAddress("ip_location", TEXT, f -> f.evidence().locations());
    public static final ResultColumn NETWORK_COUNT = one("network_count", NUMBER,
            f -> Integer.toString(f.evidence().networkCount()));
    public static final ResultColumn CONCURRENT = one("concurrent", BOOLEAN, f -> Boolean.toString(f.evidence().concurrent()));
    public static final ResultColumn OVERLAP_SECONDS = one("overlap_seconds", NUMBER,
            f -> SessionEvidence.seconds(f.evidence().overlapSeconds()));
    /** Whole km/h; no value when fewer than two addresses are located. */
    public static final ResultColumn MAX_TRAVEL_KMH = one("max_travel_kmh", NUMBER,
            f -> Double.isNaN(f.evidence().maxTravelKmh()) ? null : Long.toString(Math.round(f.evidence().maxTravelKmh())));
    private static final Predicate<CommandOptions> WITH_ASN_FIELD = o -> o.asnField() != null;
    public static final ResultColumn ASNS = many("asns", TEXT, WITH_ASN_FIELD, f -> f.evidence().asns());
    public static final ResultColumn ASN_COUNT = one("asn_count", NUMBER, WITH_ASN_FIELD,
            (f, o) -> Integer.toString(f.evidence().asns().size()));
    public static final ResultColumn USER_AGENT_COUNT = one("user_agent_count", NUMBER,
            f -> Integer.toString(f.evidence().userAgentCount()));
    public static final ResultColumn UA_CHANGED_WITH_IP = one("ua_changed_with_ip", BOOLEAN,
            f -> Boolean.toString(f.evidence().uaChangedWithIp()));
    public static final ResultColumn REASONS = many("reasons", TEXT, ResultColumn.ALWAYS, f -> f.evidence().reasons());
    public static final ResultColumn PROFILE = one("profile", TEXT, ResultColumn.ALWAYS, (f, o) -> o.profile());
    public static final ResultColumn IP_CLIENT = perAddress("ip_client", TEXT, f -> f.evidence().clients());
    public static final ResultColumn CLIENT_CHANGED_WITH_IP = one("client_changed_with_ip", BOOLEAN,
            f -> Boolean.toString(f.evidence().clientChangedWithIp()));
    public static final ResultColumn IP_DEVICE = perAddress("ip_device", TEXT, f -> f.evidence().devices());
    public static final ResultColumn DEVICE_CHANGED_WITH_IP = one("device_changed_with_ip", BOOLEAN,
            f -> Boolean.toString(f.evidence().deviceChangedWithIp()));
    public static final ResultColumn IP_LOG = perAddress("ip_log", TEXT, f -> f.evidence().logs());

    /** Every column, in output order. */
    public static final List<ResultColumn> COLUMNS = List.of(OPERATION, USER, SESSION_ID, TIME_WINDOW, FIRST_TIME, LAST_TIME, IPS,
            USER_AGENTS, RISK_SCORE, RISK_OBJECT, RISK_OBJECT_TYPE, RISK_MESSAGE, MITRE_TECHNIQUE_ID,
            IP_FIRST_SEEN, IP_LAST_SEEN, IP_EVENT_COUNT, IP_NETWORK, IP_LOCATION, NETWORK_COUNT, CONCURRENT,
            OVERLAP_SECONDS, MAX_TRAVEL_KMH, ASNS, ASN_COUNT, USER_AGENT_COUNT, UA_CHANGED_WITH_IP, REASONS, PROFILE,
            IP_CLIENT, CLIENT_CHANGED_WITH_IP, IP_DEVICE, DEVICE_CHANGED_WITH_IP, IP_LOG);

    /** The seed search's own columns (its {@code stats} output), the first of {@link #COLUMNS}. */
    public static final List<ResultColumn> SEED = List.of(OPERATION, USER, SESSION_ID, FIRST_TIME, LAST_TIME, IPS, USER_AGENTS);

    private static final Map<String, ResultColumn> BY_NAME = new LinkedHashMap<>();

    static {
        for (ResultColumn c : COLUMNS) {
            if (BY_NAME.put(c.name(), c) != null) {
                throw new ExceptionInInitializerError("result column " + c.name() + " declared twice");
            }
        }
    }

    private FindingRow() {
    }

    /** The columns these options give, in output order. */
    public static List<ResultColumn> columns(CommandOptions o) {
        List<ResultColumn> out = new ArrayList<>(COLUMNS.size());
        for (ResultColumn c : COLUMNS) {
            if (c.isPresent(o)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The declared column of that name, or null. */
    public static ResultColumn named(String name) {
        return BY_NAME.get(name);
    }

    /** The row the command emits for a finding: every column these options give, in order. */
    public static OutputRow toRow(Finding f, CommandOptions o) {
        OutputRow row = new OutputRow(COLUMNS.size());
        for (ResultColumn c : COLUMNS) {
            if (c.isPresent(o)) {
                row.put(c.name(), c.values(f, o));
            }
        }
        return row;
    }

    /** The seed's 42, or the evidence's score under {@code risk_scoring=evidence}. */
    public static int riskScore(Finding f, CommandOptions o) {
        return o.evidenceScoring() ? f.evidence().riskScore() : RiskAnnotation.SCORE;
    }

    /**
     * Null when every per-address column has one value per address (as the engine always makes
     * them); else which column does not, and how many values it has, for a reader that must not
     * zip lists of different lengths.
     */
    public static String misaligned(Finding f, CommandOptions o) {
        int addresses = f.ips().size();
        for (ResultColumn c : COLUMNS) {
            // empty is allowed: a per-address column with nothing known for any address (ip_device without device fields)
            if (c.arity() == ResultColumn.Arity.PER_ADDRESS && c.isPresent(o) && !c.values(f, o).isEmpty()
                    && c.values(f, o).size() != addresses) {
                return c.name() + " has " + c.values(f, o).size() + " values for " + addresses + " addresses";
            }
        }
        return null;
    }
}
