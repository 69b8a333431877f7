package io.concurrentsessions.detect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The three by-fields of one event (Operation, user, SessionId) as UTF-8 bytes, where they already
 * are: a hot loop points it at its chunk's bytes and refills it for every event, so looking a
 * session up allocates nothing. Text keys are encoded into its own scratch array. The bytes must
 * be the values' exact UTF-8 encoding (so a key read as bytes and the same key given as text
 * find the same session). Mutable and not thread-safe, by design.
 */
public final class KeyBytes {
    byte[] bytes;
    int opStart;
    int opLength;
    int userStart;
    int userLength;
    int sidStart;
    int sidLength;
    private byte[] scratch;

    /** Points at three non-empty values inside {@code b}. */
    public KeyBytes set(byte[] b, int opStart, int opLength, int userStart, int userLength, int sidStart, int sidLength) {
        this.bytes = b;
        this.opStart = opStart;
        this.opLength = opLength;
        this.userStart = userStart;
        this.userLength = userLength;
        this.sidStart = sidStart;
        this.sidLength = sidLength;
        return this;
    }

    /** Encodes a text key into this object's own array. */
    KeyBytes set(String op, String user, String sid) {
        int n = 0;
        n = put(op, n);
        int userAt = n;
        n = put(user, n);
        int sidAt = n;
        n = put(sid, n);
        return set(scratch, 0, userAt, userAt, sidAt - userAt, sidAt, n - sidAt);
    }

    private int put(String s, int at) {
        int len = s.length();
        ensure(at + len);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                ensure(at + utf8.length);
                System.arraycopy(utf8, 0, scratch, at, utf8.length);
                return at + utf8.length;
            }
            scratch[at + i] = (byte) c;
        }
        return at + len;
    }

    private void ensure(int size) {
        if (scratch == null) {
            scratch = new byte[Math.max(128, size)];
        } else if (scratch.length < size) {
            scratch = Arrays.copyOf(scratch, Math.max(size, scratch.length * 2));
        }
    }

    int totalLength() {
        return opLength + userLength + sidLength;
    }
}
