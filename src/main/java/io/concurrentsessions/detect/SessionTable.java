package io.concurrentsessions.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    /** The seed's min_ips: sessions with this many addresses are findings. */
    static final int DEFAULT_FLAG_AT = 2;
    private final int flagAt;
    private long sessionsFlagged;
    private long eventsTimeNotNumeric;
    private String timeNotNumericExample;
    /** The hash's seed until a probe runs long (a fixed one, so runs are repeatable). */
    static final long FIXED_SEED = 0x2545F4914F6CDD1DL;
    private static final long M = 0x9E3779B97F4A7C15L;
    /*
     * Open addressing over parallel arrays (triangular probing, which visits every slot of a
     * power-of-two table; no removal but clear): per session a hash, a reference into the key
     * arena and the state, instead of a HashMap node, a SessionKey and a SessionId String. A
     * lookup hashes and compares the key's bytes where they are (the chunk's own array), so it
     * allocates nothing. Keys become SessionKey objects only on the way out.
     */
    private int[] hashes = new int[INITIAL_SLOTS];
    private long[] keys = new long[INITIAL_SLOTS];
    private SessionState[] states = new SessionState[INITIAL_SLOTS];
    private final KeyArena arena = new KeyArena();
    private final KeyBytes textKey = new KeyBytes();
    private int size;
    private final StringPool pool = new StringPool();
    private final HashSet<Long> untracked = new HashSet<>();
    private long eventsSeen;
    private long eventsMissingKey;
    private long eventsBeyondCap;
    private boolean untrackedSaturated;
    /** False while no session can have dropped an address: the end of a search then skips a pass over the table. */
    private boolean mayBeOverAddressCap;
    private long seed = FIXED_SEED; // a random one since a long probe
    private boolean longProbe;

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
        int h = hash(k);
        int slot = find(h, k);
        if (states[slot] == null) {
            if (size >= maxSessions) {
                eventsBeyondCap += partial.events();
                noteUntracked(k);
                return Outcome.BEYOND_CAP;
            }
            SessionState kept = partial;
            if (partial.addressCount() > maxIpsPerSession) {
                kept = new SessionState();
                kept.merge(partial, maxIpsPerSession);
            }
            insert(slot, h, k, kept);
            noteGrowth(0, kept.addressCount());
            mayBeOverAddressCap |= kept.sightingsDropped() > 0;
        } else {
            int before = states[slot].addressCount();
            states[slot].merge(partial, maxIpsPerSession);
            noteGrowth(before, states[slot].addressCount());
            mayBeOverAddressCap |= partial.sightingsDropped() > 0;
        }
        return Outcome.TRACKED;
    }

    /** Whether a session not yet tracked would be refused. */
    public boolean full() {
        return size >= maxSessions;
    }

    public boolean contains(SessionKey key) {
        KeyBytes k = textKey.set(key.operation(), key.user(), key.sessionId());
        return states[find(hash(k), k)] != null;
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
        List<Map.Entry<SessionKey, SessionState>> hits = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null && states[i].addressCount() >= minIps
                    && (minPlaces == 0 || states[i].placeCount() >= minPlaces)) {
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
                all.add(Map.entry(arena.key(keys[i], null), states[i]));
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
        return seed != FIXED_SEED;
    }

    public boolean sessionsBeyondCapIsExact() {
        return !untrackedSaturated;
    }

    private SessionState stateFor(KeyBytes k) {
        int h = hash(k);
        int slot = find(h, k);
        SessionState state = states[slot];
        if (state != null) {
            return state;
        }
        if (size >= maxSessions) {
            noteUntracked(k);
            return null;
        }
        state = new SessionState();
        insert(slot, h, k, state);
        return state;
    }

    /**
     * Seeded with a fixed value until a probe runs long; then with a random one, so that keys
     * crafted to collide under the fixed seed cannot turn every lookup into a walk over all of
     * them (HashMap's tree bins used to prevent that).
     */
    private int hash(KeyBytes k) {
        long h = hash64(seed, k);
        return (int) (h ^ (h >>> 32));
    }

    /** Eight bytes a step; each part's length is mixed in, so ("ab", "c") and ("a", "bc") differ. */
    static long hash64(long seed, KeyBytes k) {
        long h = mix(seed, k.bytes, k.opStart, k.opLength);
        h = mix(h, k.bytes, k.userStart, k.userLength);
        h = mix(h, k.bytes, k.sidStart, k.sidLength);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** One part of a key into the hash (package-private: a test crafts collisions with it). */
    static long mix(long h, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = io.concurrentsessions.bytes.ByteWords.step(h, io.concurrentsessions.bytes.ByteWords.word(b, i));
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return Long.rotateLeft((h ^ tail ^ ((long) len << 40)) * M, 31);
    }

    /** The slot holding the key, or the empty slot where it belongs. */
    private int find(int h, KeyBytes k) {
        int mask = states.length - 1;
        int steps = 0;
        for (int i = h & mask; ; i = (i + steps) & mask) {
            if (states[i] == null) {
                longProbe |= steps > LONG_PROBE;
                return i;
            }
            if (hashes[i] == h && arena.equals(keys[i], k)) {
                longProbe |= steps > LONG_PROBE;
                return i;
            }
            steps++;
        }
    }

    private void insert(int slot, int h, KeyBytes k, SessionState state) {
        hashes[slot] = h;
        keys[slot] = arena.add(k);
        states[slot] = state;
        size++;
        if (longProbe && seed == FIXED_SEED) {
            seed = new SplittableRandom().nextLong() | 1;
            rebuild(size * 4 > states.length * 3 ? states.length * 2 : states.length, true);
        } else if (size * 4 > states.length * 3) {
            rebuild(states.length * 2, false);
        }
    }

    /** Moves every session into arrays of {@code n} slots, hashing them again when the seed changed. */
    private void rebuild(int n, boolean rehash) {
        int[] oldHashes = hashes;
        long[] oldKeys = keys;
        SessionState[] oldStates = states;
        hashes = new int[n];
        keys = new long[n];
        states = new SessionState[n];
        KeyBytes view = new KeyBytes();
        int mask = n - 1;
        for (int j = 0; j < oldStates.length; j++) {
            if (oldStates[j] == null) {
                continue;
            }
            int h = rehash ? hash(arena.view(oldKeys[j], view)) : oldHashes[j];
            int i = h & mask;
            for (int step = 1; states[i] != null; step++) {
                i = (i + step) & mask;
            }
            hashes[i] = h;
            keys[i] = oldKeys[j];
            states[i] = oldStates[j];
        }
    }

    private void clear() {
        hashes = new int[INITIAL_SLOTS];
        keys = new long[INITIAL_SLOTS];
        states = new SessionState[INITIAL_SLOTS];
        size = 0;
        sessionsFlagged = 0;
        arena.clear();
        pool.clear();
    }

    private SessionKey keyAt(int slot) {
        return arena.key(keys[slot], pool);
    }

    private void noteUntracked(KeyBytes k) {
        if (untracked.size() >= BEYOND_CAP_EXACT) {
            untrackedSaturated = true;
            return;
        }
        untracked.add(hash64(FIXED_SEED, k));
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
