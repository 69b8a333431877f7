package io.concurrentsessions.bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteWordsTest {

    @Test
    void aWordIsEightBytesLowestFirst() {
        byte[] b = {0, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xff};
        assertEquals(0x0807060504030201L, ByteWords.word(b, 1));
        assertEquals(0xff08070605040302L, ByteWords.word(b, 2));
    }

    /** The zero-byte test may mark a 0x01 byte after a zero one; only the first mark is read, and it is exact. */
    @Test
    void theFirstZeroByteIsFoundAtEveryPosition() {
        Random random = new Random(5);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[8];
            for (int k = 0; k < 8; k++) {
                b[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(256)); // many 0x00 and 0x01
            }
            int expected = -1;
            for (int k = 0; k < 8 && expected < 0; k++) {
                if (b[k] == 0) {
                    expected = k;
                }
            }
            long marks = ByteWords.zeroBytes(ByteWords.word(b, 0));
            assertEquals(expected, marks == 0 ? -1 : ByteWords.firstZeroByte(marks), java.util.Arrays.toString(b));
        }
    }

    @Test
    void theHashDependsOnTheBytesNotWhereTheyAre() {
        byte[] a = "xxMozilla/5.0 (Windows NT 10.0; Win64; x64)".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)yy".getBytes(StandardCharsets.US_ASCII);
        int len = a.length - 2;
        assertEquals(ByteWords.mix(7, a, 2, len), ByteWords.mix(7, b, 0, len));
        assertNotEquals(ByteWords.mix(7, a, 2, len), ByteWords.mix(7, b, 0, len - 1));
        assertNotEquals(ByteWords.mix(7, a, 2, len), ByteWords.mix(8, b, 0, len), "the seed counts");
    }

    @Test
    void chainedPartsKeepTheirBoundaries() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        long ab_c = ByteWords.mix(ByteWords.mix(0, abc, 0, 2), abc, 2, 1);
        long a_bc = ByteWords.mix(ByteWords.mix(0, abc, 0, 1), abc, 1, 2);
        assertNotEquals(ab_c, a_bc);
        byte[] zeros = new byte[16];
        assertNotEquals(ByteWords.mix(0, zeros, 0, 8), ByteWords.mix(0, zeros, 0, 9), "trailing zero bytes count");
    }

    @Test
    void aFinishedHashSpreadsNearbyKeysOverTheSlots() {
        int[] slots = new int[64];
        byte[] key = new byte[12];
        for (int i = 0; i < 6400; i++) {
            key[0] = (byte) i;
            key[1] = (byte) (i >> 8);
            slots[(int) ByteWords.finish(ByteWords.mix(0, key, 0, key.length)) & 63]++;
            slots[(int) ByteWords.mix(0, key, 0, key.length) & 63]++; // unfinished, as the cell cache uses it
        }
        for (int s : slots) {
            assertEquals(200, s, 80); // 2 * 6400 / 64 each, give or take
        }
    }

    /** The hash as a byte loop would write it: eight-byte words, then the rest packed lowest first. */
    private static long referenceMix(long h, byte[] b, int off, int len) {
        int i = off;
        for (; i + 8 <= off + len; i += 8) {
            long w = 0;
            for (int k = 7; k >= 0; k--) {
                w = w << 8 | (b[i + k] & 0xffL);
            }
            h = ByteWords.step(h, w);
        }
        long tail = 0;
        for (int shift = 0; i < off + len; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return ByteWords.step(h, tail ^ ((long) len << 40));
    }

    @Test
    void everyOffsetAndLengthHashesAsTheByteLoopDoes() {
        byte[] b = new byte[40];
        new Random(3).nextBytes(b);
        for (int off = 0; off < b.length; off++) {
            for (int len = 0; off + len <= b.length; len++) {
                assertEquals(referenceMix(11, b, off, len), ByteWords.mix(11, b, off, len), off + "+" + len);
            }
        }
    }
}
