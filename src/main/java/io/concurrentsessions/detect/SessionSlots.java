package io.concurrentsessions.detect;

import io.concurrentsessions.bytes.ByteWords;
import java.util.SplittableRandom;

/**
 * The sessions' slots: an open-addressing table from a session key's bytes to its
 * {@link SessionState}, over parallel arrays (triangular probing, which visits every slot of a
 * power-of-two table; no removal but clear): per session a hash, a reference into the key arena
 * and the state, instead of a HashMap node, a SessionKey and a SessionId String. A lookup hashes
 * and compares the key's bytes where they are (the chunk's own array), so it allocates nothing.
 * Keys become SessionKey objects only on the way out. Not thread-safe.
 */
final class SessionSlots {
    /** The hash's seed until a probe runs long (a fixed one, so runs are repeatable). */
    static final long FIXED_SEED = 0x2545F4914F6CDD1DL;
    private static final int INITIAL_SLOTS = 1024;
    /** Probe steps past which the keys are taken to be colliding on purpose (at 3/4 load, ~8 is typical). */
    private static final int LONG_PROBE = 64;

    private int[] hashes = new int[INITIAL_SLOTS];
    private long[] keys = new long[INITIAL_SLOTS];
    private SessionState[] states = new SessionState[INITIAL_SLOTS];
    private final KeyArena arena = new KeyArena();
    private int size;
    private long seed = FIXED_SEED; // a random one since a long probe
    private boolean longProbe;
    /** The hash of the key the last {@link #find} looked for: {@link #insert} files the key under it. */
    private int foundHash;

    /** The slot holding the key, or the empty slot where it belongs (then {@link #insert} may fill it). */
    int find(KeyBytes k) {
        int h = hash(k);
        foundHash = h;
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

    /** The state in a slot, null when empty. Slots run from 0 to {@link #capacity()}. */
    SessionState at(int slot) {
        return states[slot];
    }

    int capacity() {
        return states.length;
    }

    int size() {
        return size;
    }

    /** The key in a slot, its strings through {@code pool} (null: not pooled). */
    SessionKey keyAt(int slot, StringPool pool) {
        return arena.key(keys[slot], pool);
    }

    /** Fills the empty {@code slot} that the last {@link #find}, for the same key, returned. */
    void insert(int slot, KeyBytes k, SessionState state) {
        hashes[slot] = foundHash;
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

    void clear() {
        hashes = new int[INITIAL_SLOTS];
        keys = new long[INITIAL_SLOTS];
        states = new SessionState[INITIAL_SLOTS];
        size = 0;
        arena.clear();
    }

    /** Whether a long probe made the table leave its fixed seed for a random one. */
    boolean reseeded() {
        return seed != FIXED_SEED;
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
        long h = ByteWords.mix(seed, k.bytes, k.opStart, k.opLength);
        h = ByteWords.mix(h, k.bytes, k.userStart, k.userLength);
        h = ByteWords.mix(h, k.bytes, k.sidStart, k.sidLength);
        return ByteWords.finish(h);
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
}
