package io.concurrentsessions.bytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte arrays read eight bytes at a time, for every loop that scans bytes (the Splunk CSV reader,
 * its cell cache, the session table's key hash): one little-endian word load, the zero-byte test
 * that finds a byte in a word, and the hash that takes the words in. In its own package because
 * scp and detect both need it and detect must not depend on scp.
 *
 * <p>The class is initialised on its first use (the first chunk), not when the protocol loop
 * starts: a VarHandle spins a lambda form, and the getinfo reply should not wait for it.
 */
public final class ByteWords {
    /** Every lane's lowest bit, and every lane's highest: the constants of the zero-byte test. */
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** The hash's multiplier (2^64 / golden ratio, odd). */
    private static final long M = 0x9E3779B97F4A7C15L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteWords() {
    }

    /** The eight bytes {@code b[i, i + 8)} as one word, {@code b[i]} in its lowest byte. */
    public static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** A word with {@code c} in every byte, to XOR a word with: the bytes equal to {@code c} become zero. */
    public static long repeated(char c) {
        return ONES * (c & 0xff);
    }

    /**
     * The high bit set in the zero bytes of {@code w} (the zero-byte test of "Bit Twiddling
     * Hacks"); exact for the lowest zero byte, which is the only one {@link #firstZeroByte} reads.
     * Zero when {@code w} has no zero byte.
     */
    public static long zeroBytes(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    /** The index in its word of the lowest byte {@link #zeroBytes} marked; {@code marks} is not zero. */
    public static int firstZeroByte(long marks) {
        return Long.numberOfTrailingZeros(marks) >>> 3;
    }

    /** One word into the hash {@code h}. */
    public static long step(long h, long word) {
        return Long.rotateLeft((h ^ word) * M, 31);
    }

    /**
     * {@code b[off, off + len)} into the hash {@code h}, eight bytes a step; the length is mixed in,
     * so ("ab", "c") and ("a", "bc") differ when parts are chained. Not finalised: callers with a
     * table of 2^k slots mix the high bits down (see {@link #finish}).
     */
    public static long mix(long h, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = step(h, word(b, i));
        }
        return step(h, tail(b, i, end) ^ ((long) len << 40));
    }

    /** The last 0-7 bytes {@code b[i, end)} as a word, {@code b[i]} lowest. */
    private static long tail(byte[] b, int i, int end) {
        int r = end - i;
        if (r == 0) {
            return 0;
        }
        if (end >= 8) {
            return word(b, end - 8) >>> (64 - 8 * r); // one load; the bytes before i shift out
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return tail;
    }

    /** A mixed hash made fit for its low bits to pick a slot (MurmurHash3's 64-bit finaliser). */
    public static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
