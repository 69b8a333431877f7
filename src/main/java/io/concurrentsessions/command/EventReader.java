package io.concurrentsessions.command;

import io.concurrentsessions.detect.CanonicalIpv4;
import io.concurrentsessions.detect.Event;
import io.concurrentsessions.detect.KeyBytes;
import io.concurrentsessions.scp.Cell;
import io.concurrentsessions.scp.Records;

import java.util.List;
import java.util.function.Function;

/**
 * Reads one row into an {@link Event}: a record given by field name (the scanner) or a row of a
 * chunk (the search command). Both read the same fields the same way; a chunk's common row (one
 * plain value per by-field) is read where its bytes lie, with no String for the key, the time or a
 * canonical IPv4 address: that is this class's business, not the layers' below it. Reuses one
 * event and one key: not thread-safe, and a returned event is valid until the next read.
 */
final class EventReader {
    private static final String TIME = "_time";
    /** The device and log fields (docs/evidence.md): read into the event's context when present. */
    static final String DEVICE_ID = "device_id";
    static final String DEVICE_MANAGED = "device_managed";
    static final String DEVICE_TRUST_TYPE = "device_trust_type";
    static final String LOG = "log";
    static final List<String> ORIGIN_FIELDS = List.of(DEVICE_ID, DEVICE_MANAGED, DEVICE_TRUST_TYPE, LOG);

    private final CommandOptions options;
    private final Event event = new Event();
    private final KeyBytes key = new KeyBytes();
    private final Cell op = new Cell();
    private final Cell user = new Cell();
    private final Cell sid = new Cell();
    private final Cell time = new Cell();
    private final Cell ip = new Cell();

    private Records chunk;
    private Columns at;

    EventReader(CommandOptions options) {
        this.options = options;
    }

    /** One record: field name to its values (an empty list, or null, for none). */
    Event read(Function<String, List<String>> fields) {
        event.clear();
        List<String> states = fields.apply(CommandOptions.STATE_FIELD);
        if (hasValue(states)) {
            return event.partialStates(states);
        }
        List<String> t = fields.apply(TIME);
        Grouping g = options.grouping();
        event.time(t == null || t.isEmpty() ? null : t.get(0));
        return event.key(g.operations(fields), fields.apply(g.userField()), g.sessions(fields, event.time()))
                .addresses(fields.apply(options.ipField()))
                .userAgents(fields.apply(options.userAgentField()))
                .context(EventFilter.context(first(fields, "lat"), first(fields, "lon"), first(fields, "City"),
                        first(fields, "Country"), options.asnField() == null ? null : first(fields, options.asnField()),
                        EventFilter.origin(first(fields, DEVICE_ID), first(fields, DEVICE_MANAGED), first(fields, DEVICE_TRUST_TYPE),
                                first(fields, LOG))));
    }

    /** Row {@code r} of {@code records}. */
    Event read(Records records, int r) {
        if (records != chunk) {
            chunk = records;
            at = new Columns(records, options);
        }
        if (at.state >= 0) {
            List<String> states = records.values(r, at.state);
            if (!states.isEmpty()) {
                return event.clear().partialStates(states);
            }
        }
        if (!at.byBytes || !records.cell(r, at.op, op).hasValue() || !records.cell(r, at.user, user).hasValue()
                || !records.cell(r, at.sid, sid).hasValue() || !cellOrEmpty(records, r, at.time, time).isVerbatim()) {
            return read(field -> values(records, r, records.indexOf(field)));
        }
        byte[] bytes = records.bytes();
        event.clear()
                .key(key.set(bytes, op.start(), op.length(), user.start(), user.length(), sid.start(), sid.length()))
                .time(bytes, time.start(), time.length())
                .userAgents(values(records, r, at.ua))
                .context(at.located ? EventFilter.context(value(records, r, at.lat), value(records, r, at.lon),
                        value(records, r, at.city), value(records, r, at.country), value(records, r, at.asn),
                        EventFilter.origin(value(records, r, at.deviceId), value(records, r, at.managed),
                                value(records, r, at.trustType), value(records, r, at.log))) : null);
        long v4 = cellOrEmpty(records, r, at.ip, ip).hasValue() ? CanonicalIpv4.parse(bytes, ip.start(), ip.length())
                : CanonicalIpv4.NONE;
        return v4 != CanonicalIpv4.NONE ? event.ipv4((int) v4) : event.addresses(values(records, r, at.ip));
    }

    /**
     * Forgets the chunk: nothing here may keep its bytes and cells alive past its execute call, or
     * each chunk would be promoted to the old generation and collected there, in full collections.
     */
    void release() {
        chunk = null;
        at = null;
        event.clear();
        key.set(null, 0, 0, 0, 0, 0, 0);
    }

    private static Cell cellOrEmpty(Records records, int r, int field, Cell into) {
        return field < 0 ? into.empty() : records.cell(r, field, into);
    }

    private static List<String> values(Records records, int r, int field) {
        return field < 0 ? List.of() : records.values(r, field);
    }

    private static String value(Records records, int r, int field) {
        return field < 0 ? null : records.value(r, field);
    }

    private static String first(Function<String, List<String>> fields, String field) {
        List<String> v = fields.apply(field);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static boolean hasValue(List<String> values) {
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where a chunk's fields are: resolved once per chunk (positions are stable within one). */
    private static final class Columns {
        final int state;
        final int time;
        final int op;
        final int user;
        final int sid;
        final int ip;
        final int ua;
        final int lat;
        final int lon;
        final int city;
        final int country;
        final int asn;
        final int deviceId;
        final int managed;
        final int trustType;
        final int log;
        final boolean located;
        final boolean byBytes;

        Columns(Records chunk, CommandOptions o) {
            state = chunk.indexOf(CommandOptions.STATE_FIELD);
            time = chunk.indexOf(TIME);
            op = chunk.indexOf(o.operationField());
            user = chunk.indexOf(o.userField());
            sid = chunk.indexOf(o.sessionField());
            ip = chunk.indexOf(o.ipField());
            ua = chunk.indexOf(o.userAgentField());
            lat = chunk.indexOf("lat");
            lon = chunk.indexOf("lon");
            city = chunk.indexOf("City");
            country = chunk.indexOf("Country");
            asn = o.asnField() == null ? -1 : chunk.indexOf(o.asnField());
            deviceId = chunk.indexOf(DEVICE_ID);
            managed = chunk.indexOf(DEVICE_MANAGED);
            trustType = chunk.indexOf(DEVICE_TRUST_TYPE);
            log = chunk.indexOf(LOG);
            located = lat >= 0 || lon >= 0 || city >= 0 || country >= 0 || asn >= 0 || deviceId >= 0 || managed >= 0
                    || trustType >= 0 || log >= 0;
            byBytes = o.grouping().isSeed() && op >= 0 && user >= 0 && sid >= 0 && chunk.bytes() != null;
        }
    }
}
