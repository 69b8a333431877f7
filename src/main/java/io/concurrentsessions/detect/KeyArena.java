package io.concurrentsessions.detect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The session keys of a table, back to back in large byte pages: per session a reference (a
 * long) instead of a SessionId String and its array, so millions of sessions are millions fewer
 * objects for the collector to trace and copy, and a lookup compares bytes in place. A key is
 * {@code [op length][user length][session id length]} as varints, then the three values' bytes.
 * Not thread-safe.
 */
final class KeyArena {
    private static final int PAGE_BITS = 20;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int MAX_HEADER = 15; // three varints of up to five bytes

    private byte[][] pages = new byte[4][];
    private int page = -1;
    private int position = PAGE_SIZE;
    private long bytesHeld;
    private final KeyBytes scratch = new KeyBytes(); // view() target within one call of equals or key

    /** Stores a key; returns its reference. */
    long add(KeyBytes k) {
        int need = MAX_HEADER + k.totalLength();
        if (page < 0 || position + need > pages[page].length) {
            newPage(need);
        }
        byte[] p = pages[page];
        int at = position;
        int i = writeVarint(p, at, k.opLength);
        i = writeVarint(p, i, k.userLength);
        i = writeVarint(p, i, k.sidLength);
        System.arraycopy(k.bytes, k.opStart, p, i, k.opLength);
        i += k.opLength;
        System.arraycopy(k.bytes, k.userStart, p, i, k.userLength);
        i += k.userLength;
        System.arraycopy(k.bytes, k.sidStart, p, i, k.sidLength);
        i += k.sidLength;
        position = i;
        bytesHeld += i - at;
        return (long) page << 32 | at;
    }

    /** Whether the key at {@code ref} has exactly these bytes. */
    boolean equals(long ref, KeyBytes k) {
        byte[] p = pages[(int) (ref >>> 32)];
        int i = (int) ref;
        if ((p[i] | p[i + 1] | p[i + 2]) < 0) {
            KeyBytes s = view(ref, scratch); // a value of 128 bytes or more: longer lengths
            return same(s.bytes, s.opStart, s.opLength, s.userLength, s.sidLength, k);
        }
        return same(p, i + 3, p[i], p[i + 1], p[i + 2], k);
    }

    /** Whether the three values stored back to back from {@code at} are k's; the session id first, as it differs most. */
    private static boolean same(byte[] p, int at, int opLen, int userLen, int sidLen, KeyBytes k) {
        int user = at + opLen;
        int sid = user + userLen;
        return sidLen == k.sidLength && userLen == k.userLength && opLen == k.opLength
                && Arrays.equals(p, sid, sid + sidLen, k.bytes, k.sidStart, k.sidStart + sidLen)
                && Arrays.equals(p, user, sid, k.bytes, k.userStart, k.userStart + userLen)
                && Arrays.equals(p, at, user, k.bytes, k.opStart, k.opStart + opLen);
    }

    /** Points {@code view} at the key stored at {@code ref} (its bytes stay in the arena). */
    KeyBytes view(long ref, KeyBytes view) {
        byte[] p = pages[(int) (ref >>> 32)];
        int opAt = (int) ref;
        int userAt = opAt + varintSize(p, opAt);
        int sidAt = userAt + varintSize(p, userAt);
        int at = sidAt + varintSize(p, sidAt);
        int opLen = varint(p, opAt);
        int userLen = varint(p, userAt);
        return view.set(p, at, opLen, at + opLen, userLen, at + opLen + userLen, varint(p, sidAt));
    }

    /** The value of the varint at {@code i}. */
    private static int varint(byte[] p, int i) {
        int v = 0;
        int shift = 0;
        byte b;
        do {
            b = p[i++];
            v |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return v;
    }

    /** How many bytes the varint at {@code i} takes. */
    private static int varintSize(byte[] p, int i) {
        int n = 1;
        while (p[i + n - 1] < 0) {
            n++;
        }
        return n;
    }

    /**
     * The key as text; operation and user shared through {@code pool} when one is given (findings
     * keep their keys; a flush encodes them at once and needs no sharing).
     */
    SessionKey key(long ref, StringPool pool) {
        KeyBytes k = view(ref, scratch);
        String op = new String(k.bytes, k.opStart, k.opLength, StandardCharsets.UTF_8);
        String user = new String(k.bytes, k.userStart, k.userLength, StandardCharsets.UTF_8);
        return new SessionKey(pool == null ? op : pool.intern(op), pool == null ? user : pool.intern(user),
                new String(k.bytes, k.sidStart, k.sidLength, StandardCharsets.UTF_8));
    }

    /** Bytes of keys stored (for memory estimates and tests). */
    long bytesHeld() {
        return bytesHeld;
    }

    void clear() {
        pages = new byte[4][];
        page = -1;
        position = PAGE_SIZE;
        bytesHeld = 0;
    }

    /** A fresh page; a key larger than a page gets one of its own size. */
    private void newPage(int need) {
        if (++page == pages.length) {
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        pages[page] = new byte[Math.max(PAGE_SIZE, need)];
        position = 0;
    }

    private static int writeVarint(byte[] p, int i, int v) {
        while ((v & ~0x7f) != 0) {
            p[i++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        p[i++] = (byte) v;
        return i;
    }
}
