package io.concurrentsessions.detect;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One event as every layer takes it (the command and the scanner read it, the table groups it,
 * each session's state records it): its by-fields, {@code _time}, addresses, user agents and
 * context. Or, instead of an event, a row's partial states from an earlier map phase.
 *
 * <p>A view, refilled for every event, so reading a chunk allocates nothing per event: the key
 * may be bytes where they lie in the chunk ({@link KeyBytes}, one value per by-field) or text
 * lists (multivalue by-fields, one group per value as stats makes them); the one address may be
 * held packed ({@link CanonicalIpv4}) until someone asks for its text. Mutable, not thread-safe.
 */
public final class Event {
    private static final List<String> NONE = List.of();

    private KeyBytes keyBytes;
    private List<String> operations = NONE;
    private List<String> users = NONE;
    private List<String> sessionIds = NONE;

    private final EpochTime parsedTime = new EpochTime();
    private EpochTime time;
    private boolean timeNotNumeric;
    private String timeText;
    private byte[] timeBytes;
    private int timeStart;
    private int timeLength;

    private List<String> addresses = NONE;
    private boolean packed;
    private int ipv4;

    private List<String> userAgents = NONE;
    private EventContext context;
    private List<String> partialStates;

    /** Empties the view for the next event. */
    public Event clear() {
        keyBytes = null;
        operations = NONE;
        users = NONE;
        sessionIds = NONE;
        time = null;
        timeNotNumeric = false;
        timeText = null;
        timeBytes = null;
        addresses = NONE;
        packed = false;
        userAgents = NONE;
        context = null;
        partialStates = null;
        return this;
    }

    // ---- filling ----

    /** The by-fields as bytes: one non-empty value each, pointed at where they lie. */
    public Event key(KeyBytes key) {
        keyBytes = key;
        return this;
    }

    /** The by-fields as text; a multivalue one puts the event in one group per distinct value. */
    public Event key(List<String> operations, List<String> users, List<String> sessionIds) {
        keyBytes = null;
        this.operations = orNone(operations);
        this.users = orNone(users);
        this.sessionIds = orNone(sessionIds);
        return this;
    }

    /** {@code _time} as text: null or empty for none. */
    public Event time(String text) {
        time = parsedTime.parse(text) ? parsedTime : null;
        timeNotNumeric = time == null && text != null && !text.isEmpty();
        timeText = text;
        return this;
    }

    /** {@code _time} as ASCII bytes of a chunk ({@code length} 0: none); decoded only if it is not a number. */
    public Event time(byte[] b, int start, int length) {
        time = parsedTime.parse(b, start, length) ? parsedTime : null;
        timeNotNumeric = time == null && length > 0;
        timeBytes = b;
        timeStart = start;
        timeLength = length;
        return this;
    }

    /** {@code _time} already parsed (null: none). */
    public Event time(EpochTime parsed) {
        time = parsed;
        return this;
    }

    /** The addresses as text (empty values are no values). */
    public Event addresses(List<String> addresses) {
        this.addresses = orNone(addresses);
        packed = false;
        return this;
    }

    /** The event's one address, a canonical IPv4 address packed ({@link CanonicalIpv4}). */
    public Event ipv4(int packedAddress) {
        ipv4 = packedAddress;
        packed = true;
        addresses = null;
        return this;
    }

    public Event userAgents(List<String> userAgents) {
        this.userAgents = orNone(userAgents);
        return this;
    }

    /** Where the event came from; null when nothing is known. */
    public Event context(EventContext context) {
        this.context = context;
        return this;
    }

    /** Not an event: encoded partial states (each non-empty value one) from an earlier map phase. */
    public Event partialStates(List<String> encoded) {
        partialStates = encoded;
        return this;
    }

    // ---- reading ----

    /** The row's encoded partial states, or null when it is an event. */
    public List<String> partialStates() {
        return partialStates;
    }

    /** Whether every by-field has a value (otherwise stats, and so the table, drops the event). */
    public boolean hasKey() {
        return keyBytes != null || (hasValue(operations) && hasValue(users) && hasValue(sessionIds));
    }

    /** The key as bytes, or null when it is text ({@link #operations()} ...). */
    public KeyBytes keyBytes() {
        return keyBytes;
    }

    public List<String> operations() {
        return operations;
    }

    public List<String> users() {
        return users;
    }

    public List<String> sessionIds() {
        return sessionIds;
    }

    /** Sessions the event may start: one per combination of by-field values. */
    public long groups() {
        return keyBytes != null ? 1 : (long) count(operations) * count(users) * count(sessionIds);
    }

    /** The parsed {@code _time}, or null when it was missing or not a number. */
    public EpochTime time() {
        return time;
    }

    /** Whether {@code _time} had a value that is not a number (the event still counts, as stats counts it). */
    public boolean timeNotNumeric() {
        return timeNotNumeric;
    }

    /** The {@code _time} value as given (an example for a message), or null. */
    public String timeText() {
        if (timeText == null && timeBytes != null) {
            timeText = new String(timeBytes, timeStart, timeLength, StandardCharsets.UTF_8);
        }
        return timeText;
    }

    /** Whether the event's one address is held packed: {@link #ipv4()} then gives it. */
    public boolean hasIpv4() {
        return packed;
    }

    /** The packed address; only when {@link #hasIpv4()}. */
    public int ipv4() {
        return ipv4;
    }

    /** The addresses as text, whatever form they were given in. */
    public List<String> addresses() {
        if (addresses == null) {
            addresses = List.of(CanonicalIpv4.text(ipv4));
        }
        return addresses;
    }

    public List<String> userAgents() {
        return userAgents;
    }

    public EventContext context() {
        return context;
    }

    private static int count(List<String> values) {
        return Math.max(1, values.size());
    }

    private static boolean hasValue(List<String> values) {
        for (int i = 0, n = values.size(); i < n; i++) {
            String v = values.get(i);
            if (v != null && !v.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> orNone(List<String> values) {
        return values == null ? NONE : values;
    }
}
