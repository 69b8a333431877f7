package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sessions of one search, keyed as stats groups them, with a cap on how many are tracked.
 * Beyond the cap new sessions are counted, never silently lost: the caller reports
 * {@link #eventsBeyondCap()} and {@link #sessionsBeyondCap()}. Not thread-safe.
 */
public final class SessionTable {
    /** What happened to one event or partial. */
    public enum Outcome { TRACKED, MISSING_KEY, BEYOND_CAP }

    /** Distinct untracked sessions are counted exactly up to this many, then reported as "at least". */
    static final int BEYOND_CAP_EXACT = 100_000;

    private final int maxSessions;
    private final int maxIpsPerSession;
    private final EvidenceSettings settings;
    /** The seed's min_ips: sessions with this many addresses are findings. */
    static final int DEFAULT_FLAG_AT = 2;
    private final int flagAt;
    private long sessionsFlagged;
    private long eventsTimeNotNumeric;
    private String timeNotNumericExample;
    private final SessionSlots slots = new SessionSlots();
    private final KeyBytes textKey = new KeyBytes();
    private final StringPool pool = new StringPool();
    private final HashSet<Long> untracked = new HashSet<>();
    private long eventsSeen;
    private long eventsMissingKey;
    private long eventsBeyondCap;
    private boolean untrackedSaturated;
    /** False while no session can have dropped an address: the end of a search then skips a pass over the table. */
    private boolean mayBeOverAddressCap;

    public SessionTable(int maxSessions) {
        this(maxSessions, SessionState.UNCAPPED, EvidenceSettings.DEFAULTS);
    }

    /** With a cap on addresses kept per session and the settings findings read evidence with. */
    public SessionTable(int maxSessions, int maxIpsPerSession, EvidenceSettings settings) {
        this(maxSessions, maxIpsPerSession, settings, DEFAULT_FLAG_AT);
    }

    /** As above; {@code flagAt}: the addresses (min_ips) at which a session counts in {@link #sessionsFlagged()}. */
    public SessionTable(int maxSessions, int maxIpsPerSession, EvidenceSettings settings, int flagAt) {
        if (maxSessions < 1 || maxIpsPerSession < 1) {
            throw new IllegalArgumentException("maxSessions and maxIpsPerSession must be at least 1: " + maxSessions
                    + ", " + maxIpsPerSession);
        }
        this.maxSessions = maxSessions;
        this.maxIpsPerSession = maxIpsPerSession;
        this.settings = settings;
        this.flagAt = flagAt;
    }

    /**
     * One raw event. A multivalue by-field puts the event in one group per value, as stats does;
     * a missing or empty one drops the event (counted in {@link #eventsMissingKey()}).
     */
    public Outcome observe(Event event) {
        eventsSeen++;
        if (!event.hasKey()) {
            eventsMissingKey++;
            return Outcome.MISSING_KEY;
        }
        if (event.timeNotNumeric() && eventsTimeNotNumeric++ == 0) {
            timeNotNumericExample = event.timeText();
        }
        KeyBytes key = event.keyBytes();
        if (key != null) {
            return observeIn(key, event);
        }
        List<String> operations = event.operations();
        List<String> users = event.users();
        List<String> sessionIds = event.sessionIds();
        Outcome outcome = Outcome.TRACKED;
        for (int o = 0; o < operations.size(); o++) {
            if (isNoValue(operations, o)) {
                continue;
            }
            for (int u = 0; u < users.size(); u++) {
                if (isNoValue(users, u)) {
                    continue;
                }
                for (int k = 0; k < sessionIds.size(); k++) {
                    if (isNoValue(sessionIds, k)) {
                        continue;
                    }
                    KeyBytes text = textKey.set(operations.get(o), users.get(u), sessionIds.get(k));
                    if (observeIn(text, event) == Outcome.BEYOND_CAP) {
                        outcome = Outcome.BEYOND_CAP;
                    }
                }
            }
        }
        return outcome;
    }

    /** The event into the key's session (made when there is room); BEYOND_CAP, counted, when there is none. */
    private Outcome observeIn(KeyBytes key, Event event) {
        SessionState state = stateFor(key);
        if (state == null) {
            eventsBeyondCap++;
            return Outcome.BEYOND_CAP;
        }
        int before = state.addressCount();
        state.observe(event, pool, maxIpsPerSession);
        noteGrowth(before, state.addressCount());
        return Outcome.TRACKED;
    }

    /** Counts a session reaching {@code flagAt} addresses, and notes one that may have reached the cap. */
    private void noteGrowth(int before, int after) {
        if (before < flagAt && after >= flagAt) {
            sessionsFlagged++;
        }
        mayBeOverAddressCap |= after >= maxIpsPerSession;
    }

    /** A partial state from another process or an earlier flush; its events count as seen. */
    public Outcome merge(SessionKey key, SessionState partial) {
        eventsSeen += partial.events();
        KeyBytes k = textKey.set(key.operation(), key.user(), key.sessionId());
        int slot = slots.find(k);
        SessionState held = slots.at(slot);
        if (held == null) {
            if (slots.size() >= maxSessions) {
                eventsBeyondCap += partial.events();
                noteUntracked(k);
                return Outcome.BEYOND_CAP;
            }
            SessionState kept = partial;
            if (partial.addressCount() > maxIpsPerSession) {
                kept = new SessionState();
                kept.merge(partial, maxIpsPerSession);
            }
            slots.insert(slot, k, kept);
            noteGrowth(0, kept.addressCount());
            mayBeOverAddressCap |= kept.sightingsDropped() > 0;
        } else {
            int before = held.addressCount();
            held.merge(partial, maxIpsPerSession);
            noteGrowth(before, held.addressCount());
            mayBeOverAddressCap |= partial.sightingsDropped() > 0;
        }
        return Outcome.TRACKED;
    }

    /** Whether a session not yet tracked would be refused. */
    public boolean full() {
        return slots.size() >= maxSessions;
    }

    public boolean contains(SessionKey key) {
        KeyBytes k = textKey.set(key.operation(), key.user(), key.sessionId());
        return slots.at(slots.find(k)) != null;
    }

    /** The pool strings of decoded partials should go through, so they are shared too. */
    public StringPool pool() {
        return pool;
    }

    /** Sessions with at least {@code minIps} distinct addresses, ordered as stats orders its groups. */
    public List<Finding> findings(int minIps) {
        return findings(minIps, 0);
    }

    /** As {@link #findings(int)}, of the sessions whose addresses are also in at least {@code minPlaces} distinct places. */
    public List<Finding> findings(int minIps, int minPlaces) {
        List<Finding> out = new ArrayList<>();
        forEachFinding(minIps, minPlaces, out::add);
        return out;
    }

    /**
     * The same findings, in key order, each handed on as soon as it is assembled and not held
     * here: a search that writes each one out at once never has them all live, so the collector
     * does not copy them while they wait (a full collection of seconds at 10^6 noisy events).
     */
    public void forEachFinding(int minIps, int minPlaces, Consumer<Finding> out) {
        List<Map.Entry<SessionKey, SessionState>> hits = new ArrayList<>();
        for (int i = 0; i < slots.capacity(); i++) {
            SessionState state = slots.at(i);
            if (state != null && state.addressCount() >= minIps && (minPlaces == 0 || state.placeCount() >= minPlaces)) {
                hits.add(Map.entry(slots.keyAt(i, pool), state));
            }
        }
        hits.sort(Map.Entry.comparingByKey());
        for (Map.Entry<SessionKey, SessionState> e : hits) {
            out.accept(FindingAssembler.of(e.getKey(), e.getValue(), settings));
        }
    }

    /** Sessions whose addresses exceeded the cap, in key order, at most {@code limit}; and their count. */
    public List<SessionKey> sessionsOverAddressCap(int limit) {
        if (!mayBeOverAddressCap) {
            return List.of();
        }
        List<SessionKey> over = new ArrayList<>();
        for (int i = 0; i < slots.capacity(); i++) {
            if (slots.at(i) != null && slots.at(i).sightingsDropped() > 0) {
                over.add(slots.keyAt(i, pool));
            }
        }
        over.sort(null);
        return over.size() <= limit ? over : over.subList(0, limit);
    }

    public int maxIpsPerSession() {
        return maxIpsPerSession;
    }

    /**
     * Every tracked session, in no particular order, then forgets them (the map phase's flush).
     * Unsorted on purpose: the reduce merges partials in any order, and sorting every partial
     * row was a third of the map phase's time.
     */
    public List<Map.Entry<SessionKey, SessionState>> drain() {
        List<Map.Entry<SessionKey, SessionState>> all = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.capacity(); i++) {
            if (slots.at(i) != null) {
                all.add(Map.entry(slots.keyAt(i, null), slots.at(i)));
            }
        }
        clear();
        return all;
    }

    public int size() {
        return slots.size();
    }

    public int maxSessions() {
        return maxSessions;
    }

    /** Raw events plus the events inside merged partials. */
    public long eventsSeen() {
        return eventsSeen;
    }

    public long eventsMissingKey() {
        return eventsMissingKey;
    }

    /** Sessions held that have reached min_ips addresses (kept as they arrive: no pass over the table). */
    public long sessionsFlagged() {
        return sessionsFlagged;
    }

    /** Grouped events whose {@code _time} was not a number (kept without a time, as stats keeps them). */
    public long eventsTimeNotNumeric() {
        return eventsTimeNotNumeric;
    }

    /** The first such {@code _time} value, or null. */
    public String timeNotNumericExample() {
        return timeNotNumericExample;
    }

    /** Event-to-session contributions refused because the table was full. */
    public long eventsBeyondCap() {
        return eventsBeyondCap;
    }

    /** Distinct sessions refused (exact below {@value #BEYOND_CAP_EXACT}, see {@link #sessionsBeyondCapIsExact()}). */
    public long sessionsBeyondCap() {
        return untracked.size();
    }

    /** Whether a long probe made the table leave its fixed seed for a random one. */
    boolean reseeded() {
        return slots.reseeded();
    }

    public boolean sessionsBeyondCapIsExact() {
        return !untrackedSaturated;
    }

    private SessionState stateFor(KeyBytes k) {
        int slot = slots.find(k);
        SessionState state = slots.at(slot);
        if (state != null) {
            return state;
        }
        if (slots.size() >= maxSessions) {
            noteUntracked(k);
            return null;
        }
        state = new SessionState();
        slots.insert(slot, k, state);
        return state;
    }

    private void clear() {
        slots.clear();
        sessionsFlagged = 0;
        pool.clear();
    }

    private void noteUntracked(KeyBytes k) {
        if (untracked.size() >= BEYOND_CAP_EXACT) {
            untrackedSaturated = true;
            return;
        }
        untracked.add(SessionSlots.hash64(SessionSlots.FIXED_SEED, k));
    }

    /** Empty, or a repeat of an earlier value (a value repeated in a multivalue by-field is one group). */
    private static boolean isNoValue(List<String> values, int i) {
        String v = values.get(i);
        if (v == null || v.isEmpty()) {
            return true;
        }
        for (int j = 0; j < i; j++) {
            if (v.equals(values.get(j))) {
                return true;
            }
        }
        return false;
    }
}
