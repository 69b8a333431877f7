package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

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
    private final HashMap<SessionKey, SessionState> sessions = new HashMap<>();
    private final StringPool pool = new StringPool();
    private final EpochTime time = new EpochTime();
    private final HashSet<Long> untracked = new HashSet<>();
    private long eventsSeen;
    private long eventsMissingKey;
    private long eventsBeyondCap;
    private boolean untrackedSaturated;

    public SessionTable(int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        }
        this.maxSessions = maxSessions;
    }

    /**
     * One raw event. A multivalue by-field puts the event in one group per value, as stats does;
     * a missing or empty one drops the event (counted in {@link #eventsMissingKey()}).
     */
    public Outcome observe(List<String> operations, List<String> users, List<String> sessionIds,
                           String timeText, List<String> addresses, List<String> userAgents) {
        eventsSeen++;
        if (!hasValue(operations) || !hasValue(users) || !hasValue(sessionIds)) {
            eventsMissingKey++;
            return Outcome.MISSING_KEY;
        }
        EpochTime t = time.parse(timeText) ? time : null;
        Outcome outcome = Outcome.TRACKED;
        for (int o = 0; o < operations.size(); o++) {
            String op = operations.get(o);
            if (isNoValue(operations, o)) {
                continue;
            }
            for (int u = 0; u < users.size(); u++) {
                String user = users.get(u);
                if (isNoValue(users, u)) {
                    continue;
                }
                for (int k = 0; k < sessionIds.size(); k++) {
                    String sid = sessionIds.get(k);
                    if (isNoValue(sessionIds, k)) {
                        continue;
                    }
                    SessionState state = stateFor(op, user, sid);
                    if (state == null) {
                        eventsBeyondCap++;
                        outcome = Outcome.BEYOND_CAP;
                    } else {
                        state.observe(t, addresses, userAgents, pool);
                    }
                }
            }
        }
        return outcome;
    }

    /** A partial state from another process or an earlier flush; its events count as seen. */
    public Outcome merge(SessionKey key, SessionState partial) {
        eventsSeen += partial.events();
        SessionState state = sessions.get(key);
        if (state == null) {
            if (sessions.size() >= maxSessions) {
                eventsBeyondCap += partial.events();
                noteUntracked(key.operation(), key.user(), key.sessionId());
                return Outcome.BEYOND_CAP;
            }
            sessions.put(new SessionKey(pool.intern(key.operation()), pool.intern(key.user()), key.sessionId()), partial);
        } else {
            state.merge(partial);
        }
        return Outcome.TRACKED;
    }

    /** Whether a session not yet tracked would be refused. */
    public boolean full() {
        return sessions.size() >= maxSessions;
    }

    public boolean contains(SessionKey key) {
        return sessions.containsKey(key);
    }

    /** The pool strings of decoded partials should go through, so they are shared too. */
    public StringPool pool() {
        return pool;
    }

    /** Sessions with at least {@code minIps} distinct addresses, ordered as stats orders its groups. */
    public List<Finding> findings(int minIps) {
        List<Map.Entry<SessionKey, SessionState>> hits = new ArrayList<>();
        for (Map.Entry<SessionKey, SessionState> e : sessions.entrySet()) {
            if (e.getValue().addressCount() >= minIps) {
                hits.add(e);
            }
        }
        hits.sort(Map.Entry.comparingByKey());
        List<Finding> out = new ArrayList<>(hits.size());
        for (Map.Entry<SessionKey, SessionState> e : hits) {
            out.add(toFinding(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Every tracked session in key order, then forgets them (the map phase's early flush). */
    public List<Map.Entry<SessionKey, SessionState>> drain() {
        List<Map.Entry<SessionKey, SessionState>> all = new ArrayList<>(sessions.entrySet());
        all.sort(Map.Entry.comparingByKey());
        sessions.clear();
        pool.clear();
        return all;
    }

    public int size() {
        return sessions.size();
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

    /** Event-to-session contributions refused because the table was full. */
    public long eventsBeyondCap() {
        return eventsBeyondCap;
    }

    /** Distinct sessions refused (exact below {@value #BEYOND_CAP_EXACT}, see {@link #sessionsBeyondCapIsExact()}). */
    public long sessionsBeyondCap() {
        return untracked.size();
    }

    public boolean sessionsBeyondCapIsExact() {
        return !untrackedSaturated;
    }

    private SessionState stateFor(String op, String user, String sid) {
        SessionKey probe = new SessionKey(op, user, sid);
        SessionState state = sessions.get(probe);
        if (state != null) {
            return state;
        }
        if (sessions.size() >= maxSessions) {
            noteUntracked(op, user, sid);
            return null;
        }
        state = new SessionState();
        sessions.put(new SessionKey(pool.intern(op), pool.intern(user), sid), state);
        return state;
    }

    private void noteUntracked(String op, String user, String sid) {
        if (untracked.size() >= BEYOND_CAP_EXACT) {
            untrackedSaturated = true;
            return;
        }
        long h = ((long) (op.hashCode() * 31 + user.hashCode()) << 32) ^ (sid.hashCode() & 0xffffffffL);
        untracked.add(h ^ ((long) sid.length() << 56));
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

    static Finding toFinding(SessionKey key, SessionState s) {
        List<String> ips = s.sortedAddresses();
        List<Finding.AddressActivity> activity = new ArrayList<>(ips.size());
        HashMap<String, Integer> position = new HashMap<>();
        for (int i = 0; i < s.addressCount(); i++) {
            position.put(s.address(i), i);
        }
        for (String ip : ips) {
            int i = position.get(ip);
            List<String> uas = new ArrayList<>();
            for (int k = 0; k < s.pairCount(); k++) {
                if (s.pairAddress(k) == i) {
                    uas.add(s.userAgent(s.pairUserAgent(k)));
                }
            }
            uas.sort(CodePointOrder.INSTANCE);
            activity.add(new Finding.AddressActivity(ip, s.firstSeen(i), s.lastSeen(i), s.addressEvents(i), uas));
        }
        return new Finding(key, s.firstTimeText(), s.lastTimeText(), ips, s.sortedUserAgents(), activity, s.events());
    }
}
