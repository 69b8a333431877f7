package io.concurrentsessions.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
    private static final int INITIAL_SLOTS = 1024;
    /** Probe steps past which the keys are taken to be colliding on purpose (at 3/4 load, ~8 is typical). */
    private static final int LONG_PROBE = 64;

    private final int maxSessions;
    private final int maxIpsPerSession;
    private final EvidenceSettings settings;
    /*
     * Open addressing over parallel arrays (triangular probing, which visits every slot of a power-of-two table; no removal but clear): per session
     * three references and a hash instead of a HashMap node plus a SessionKey, so a table of
     * millions of sessions is millions fewer objects for the collector to copy, and a lookup
     * allocates no probe key. Keys become SessionKey objects only on the way out.
     */
    private int[] hashes = new int[INITIAL_SLOTS];
    private String[] operations = new String[INITIAL_SLOTS];
    private String[] users = new String[INITIAL_SLOTS];
    private String[] sessionIds = new String[INITIAL_SLOTS];
    private SessionState[] states = new SessionState[INITIAL_SLOTS];
    private int size;
    private final StringPool pool = new StringPool();
    private final EpochTime time = new EpochTime();
    private final HashSet<Long> untracked = new HashSet<>();
    private long eventsSeen;
    private long eventsMissingKey;
    private long eventsBeyondCap;
    private boolean untrackedSaturated;
    /** False while no session can have dropped an address: the end of a search then skips a pass over the table. */
    private boolean mayBeOverAddressCap;
    private int seed; // 0: String.hashCode; else the seed of the hash used since a long probe
    private boolean longProbe;

    public SessionTable(int maxSessions) {
        this(maxSessions, SessionState.UNCAPPED, EvidenceSettings.DEFAULTS);
    }

    /** With a cap on addresses kept per session and the settings findings read evidence with. */
    public SessionTable(int maxSessions, int maxIpsPerSession, EvidenceSettings settings) {
        if (maxSessions < 1 || maxIpsPerSession < 1) {
            throw new IllegalArgumentException("maxSessions and maxIpsPerSession must be at least 1: " + maxSessions
                    + ", " + maxIpsPerSession);
        }
        this.maxSessions = maxSessions;
        this.maxIpsPerSession = maxIpsPerSession;
        this.settings = settings;
    }

    /**
     * One raw event. A multivalue by-field puts the event in one group per value, as stats does;
     * a missing or empty one drops the event (counted in {@link #eventsMissingKey()}).
     */
    public Outcome observe(List<String> operations, List<String> users, List<String> sessionIds,
                           String timeText, List<String> addresses, List<String> userAgents) {
        return observe(operations, users, sessionIds, timeText, addresses, userAgents, null);
    }

    /** One raw event with where it came from ({@code context} null: nothing known). */
    public Outcome observe(List<String> operations, List<String> users, List<String> sessionIds,
                           String timeText, List<String> addresses, List<String> userAgents, EventContext context) {
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
                        state.observe(t, addresses, userAgents, context, pool, maxIpsPerSession);
                        mayBeOverAddressCap |= state.addressCount() >= maxIpsPerSession;
                    }
                }
            }
        }
        return outcome;
    }

    /** A partial state from another process or an earlier flush; its events count as seen. */
    public Outcome merge(SessionKey key, SessionState partial) {
        eventsSeen += partial.events();
        int h = hash(key.operation(), key.user(), key.sessionId());
        int slot = find(h, key.operation(), key.user(), key.sessionId());
        if (states[slot] == null) {
            if (size >= maxSessions) {
                eventsBeyondCap += partial.events();
                noteUntracked(key.operation(), key.user(), key.sessionId());
                return Outcome.BEYOND_CAP;
            }
            SessionState kept = partial;
            if (partial.addressCount() > maxIpsPerSession) {
                kept = new SessionState();
                kept.merge(partial, maxIpsPerSession);
            }
            insert(slot, h, key.operation(), key.user(), key.sessionId(), kept);
            mayBeOverAddressCap |= kept.addressCount() >= maxIpsPerSession || kept.sightingsDropped() > 0;
        } else {
            states[slot].merge(partial, maxIpsPerSession);
            mayBeOverAddressCap |= states[slot].addressCount() >= maxIpsPerSession || partial.sightingsDropped() > 0;
        }
        return Outcome.TRACKED;
    }

    /** Whether a session not yet tracked would be refused. */
    public boolean full() {
        return size >= maxSessions;
    }

    public boolean contains(SessionKey key) {
        return states[find(hash(key.operation(), key.user(), key.sessionId()), key.operation(), key.user(),
                key.sessionId())] != null;
    }

    /** The pool strings of decoded partials should go through, so they are shared too. */
    public StringPool pool() {
        return pool;
    }

    /** Sessions with at least {@code minIps} distinct addresses, ordered as stats orders its groups. */
    public List<Finding> findings(int minIps) {
        List<Map.Entry<SessionKey, SessionState>> hits = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null && states[i].addressCount() >= minIps) {
                hits.add(Map.entry(keyAt(i), states[i]));
            }
        }
        hits.sort(Map.Entry.comparingByKey());
        List<Finding> out = new ArrayList<>(hits.size());
        for (Map.Entry<SessionKey, SessionState> e : hits) {
            out.add(toFinding(e.getKey(), e.getValue(), settings));
        }
        return out;
    }

    /** Sessions whose addresses exceeded the cap, in key order, at most {@code limit}; and their count. */
    public List<SessionKey> sessionsOverAddressCap(int limit) {
        if (!mayBeOverAddressCap) {
            return List.of();
        }
        List<SessionKey> over = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null && states[i].sightingsDropped() > 0) {
                over.add(keyAt(i));
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
        List<Map.Entry<SessionKey, SessionState>> all = new ArrayList<>(size);
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null) {
                all.add(Map.entry(keyAt(i), states[i]));
            }
        }
        clear();
        return all;
    }

    public int size() {
        return size;
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
        int h = hash(op, user, sid);
        int slot = find(h, op, user, sid);
        SessionState state = states[slot];
        if (state != null) {
            return state;
        }
        if (size >= maxSessions) {
            noteUntracked(op, user, sid);
            return null;
        }
        state = new SessionState();
        insert(slot, h, op, user, sid, state);
        return state;
    }

    /**
     * String.hashCode (cached in the Strings, cheap) until a probe runs long; then a hash seeded
     * at random, so that SessionIds crafted to share a String.hashCode ("Aa" and "BB" do) cannot
     * turn every lookup into a walk over all of them, as HashMap's tree bins used to prevent.
     */
    private int hash(String op, String user, String sid) {
        int h;
        if (seed == 0) {
            h = (op.hashCode() * 31 + user.hashCode()) * 31 + sid.hashCode();
        } else {
            h = mix(mix(mix(seed, op), user), sid);
        }
        // Linear probing needs random low bits; String.hashCode's are not (similar ids cluster),
        // and the clusters set off the flooding guard below on ordinary data.
        h = (h ^ (h >>> 16)) * 0x85ebca6b;
        h = (h ^ (h >>> 13)) * 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** FNV-1a over the chars, then a separator so that ("ab", "c") and ("a", "bc") differ. */
    private static int mix(int h, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            h = (h ^ s.charAt(i)) * 0x01000193;
        }
        return (h ^ 0x1F) * 0x01000193;
    }

    /** The slot holding the key, or the empty slot where it belongs. */
    private int find(int h, String op, String user, String sid) {
        int mask = states.length - 1;
        int steps = 0;
        for (int i = h & mask; ; i = (i + steps) & mask) {
            if (states[i] == null) {
                longProbe |= steps > LONG_PROBE;
                return i;
            }
            if (hashes[i] == h && sessionIds[i].equals(sid) && users[i].equals(user) && operations[i].equals(op)) {
                longProbe |= steps > LONG_PROBE;
                return i;
            }
            steps++;
        }
    }

    private void insert(int slot, int h, String op, String user, String sid, SessionState state) {
        hashes[slot] = h;
        operations[slot] = pool.intern(op);
        users[slot] = pool.intern(user);
        sessionIds[slot] = sid;
        states[slot] = state;
        size++;
        if (longProbe && seed == 0) {
            seed = new SplittableRandom().nextInt() | 1;
            rebuild(size * 4 > states.length * 3 ? states.length * 2 : states.length, true);
        } else if (size * 4 > states.length * 3) {
            rebuild(states.length * 2, false);
        }
    }

    /** Moves every session into arrays of {@code n} slots, hashing them again when the seed changed. */
    private void rebuild(int n, boolean rehash) {
        int[] oldHashes = hashes;
        String[] oldOps = operations;
        String[] oldUsers = users;
        String[] oldSids = sessionIds;
        SessionState[] oldStates = states;
        hashes = new int[n];
        operations = new String[n];
        users = new String[n];
        sessionIds = new String[n];
        states = new SessionState[n];
        int mask = n - 1;
        for (int j = 0; j < oldStates.length; j++) {
            if (oldStates[j] == null) {
                continue;
            }
            int h = rehash ? hash(oldOps[j], oldUsers[j], oldSids[j]) : oldHashes[j];
            int i = h & mask;
            for (int step = 1; states[i] != null; step++) {
                i = (i + step) & mask;
            }
            hashes[i] = h;
            operations[i] = oldOps[j];
            users[i] = oldUsers[j];
            sessionIds[i] = oldSids[j];
            states[i] = oldStates[j];
        }
    }

    private void clear() {
        hashes = new int[INITIAL_SLOTS];
        operations = new String[INITIAL_SLOTS];
        users = new String[INITIAL_SLOTS];
        sessionIds = new String[INITIAL_SLOTS];
        states = new SessionState[INITIAL_SLOTS];
        size = 0;
        pool.clear();
    }

    private SessionKey keyAt(int slot) {
        return new SessionKey(operations[slot], users[slot], sessionIds[slot]);
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
        return toFinding(key, s, EvidenceSettings.DEFAULTS);
    }

    static Finding toFinding(SessionKey key, SessionState s, EvidenceSettings settings) {
        int n = s.addressCount();
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> CodePointOrder.INSTANCE.compare(s.address(a), s.address(b)));
        int[] order = new int[n];
        List<String> ips = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            order[k] = boxed[k];
            ips.add(s.address(order[k]));
        }
        List<String>[] uasOf = uasByAddress(s);
        List<Finding.AddressActivity> activity = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            List<String> uas = uasOf[i] == null ? new ArrayList<>() : uasOf[i];
            uas.sort(CodePointOrder.INSTANCE);
            activity.add(new Finding.AddressActivity(ips.get(k), s.firstSeen(i), s.lastSeen(i), s.addressEvents(i), uas));
        }
        return new Finding(key, s.firstTimeText(), s.lastTimeText(), ips, s.sortedUserAgents(), activity, s.events(),
                SessionEvidence.of(s, order, settings));
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] uasByAddress(SessionState s) {
        List<String>[] out = new List[s.addressCount()];
        for (int k = 0; k < s.pairCount(); k++) {
            int a = s.pairAddress(k);
            if (out[a] == null) {
                out[a] = new ArrayList<>();
            }
            out[a].add(s.userAgent(s.pairUserAgent(k)));
        }
        return out;
    }
}
