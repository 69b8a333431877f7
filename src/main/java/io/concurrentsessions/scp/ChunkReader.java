package io.concurrentsessions.scp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads chunks ({@code chunked 1.0,<M>,<B>\n}, M bytes of JSON metadata, B bytes of body) from a
 * stream. The header is parsed leniently (spaces around commas, CR before LF); lengths are byte
 * counts. Pipes return short reads, so every read loops until complete.
 *
 * <p>Bounds: a corrupt header must not exhaust memory. Metadata is small JSON (getinfo is under
 * 1 KB), so 16 MiB is generous. Bodies default to 1 GiB: a real 50,000-row event chunk is about
 * 16 MB (the sum-map capture), so this leaves room for fields of tens of MB on every row while
 * staying below Java's 2 GiB array limit. Independently of the bound, body memory grows only as
 * bytes actually arrive, so a header that lies about B costs nothing before EOF exposes it.
 */
public final class ChunkReader {
    /** The JVM system property that sets the protocol's body cap (bytes, or with a k/m/g suffix). */
    public static final String MAX_CHUNK_PROPERTY = "concurrentsessions.max_chunk_bytes";
    public static final int DEFAULT_MAX_METADATA_BYTES = 16 << 20;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 30;

    private static final int MAX_HEADER_BYTES = 128;
    private static final int FIRST_ALLOCATION = 8 << 20;

    private final InputStream in;
    private final int maxMetadataBytes;
    private final int maxBodyBytes;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long chunksRead;

    public ChunkReader(InputStream in) {
        this(in, DEFAULT_MAX_METADATA_BYTES, DEFAULT_MAX_BODY_BYTES);
    }

    public ChunkReader(InputStream in, int maxMetadataBytes, int maxBodyBytes) {
        if (maxMetadataBytes < 0 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        this.in = in;
        this.maxMetadataBytes = maxMetadataBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** How many complete chunks this reader has returned. */
    public long chunksRead() {
        return chunksRead;
    }

    /**
     * The next chunk, or null when the stream ends cleanly (EOF where a header would start).
     *
     * @throws ProtocolException on a malformed header, a length over the bound, EOF inside a
     *                           chunk, or metadata that is not a JSON object
     */
    public Chunk read() throws IOException {
        long number = chunksRead + 1;
        int first = readByte();
        if (first < 0) {
            return null;
        }
        byte[] header = new byte[MAX_HEADER_BYTES];
        int n = 0;
        int b = first;
        while (b != '\n') {
            if (n == MAX_HEADER_BYTES) {
                throw new ProtocolException("chunk " + number + ": no chunk header (expected 'chunked 1.0,<metadata bytes>,<body bytes>'), read "
                        + sanitizedPrefix(header, n));
            }
            header[n++] = (byte) b;
            b = readByte();
            if (b < 0) {
                throw new ProtocolException("chunk " + number + ": stream ended inside the chunk header after " + n
                        + " bytes (" + sanitizedPrefix(header, n) + ")");
            }
        }
        if (n == 0 || (n == 1 && header[0] == '\r')) {
            throw new ProtocolException("chunk " + number + ": an empty line where a chunk header should start");
        }
        long[] lengths = parseHeader(header, n, number);
        if (lengths[0] > maxMetadataBytes) {
            throw new ProtocolException("chunk " + number + ": metadata length " + lengths[0] + " bytes exceeds the limit of "
                    + maxMetadataBytes + " bytes");
        }
        if (lengths[1] > maxBodyBytes) {
            throw new ProtocolException("chunk " + number + ": body length " + lengths[1] + " bytes exceeds the limit of "
                    + maxBodyBytes + " bytes; lower maxchunksize in commands.conf or raise -D" + MAX_CHUNK_PROPERTY
                    + " under [java] options in local/concurrentsessions.conf");
        }
        byte[] meta = readExactly((int) lengths[0], number, "metadata");
        JsonObject metadata = parseMetadata(meta, number);
        byte[] body = readExactly((int) lengths[1], number, "body");
        chunksRead = number;
        return new Chunk(metadata, body, true);
    }

    private static JsonObject parseMetadata(byte[] meta, long number) throws ProtocolException {
        JsonElement e;
        try {
            e = JsonMetadata.parse(new String(meta, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException | StackOverflowError ex) {
            // The parser's message can quote the input, which may hold the session key: not shown.
            throw new ProtocolException("chunk " + number + ": metadata (" + meta.length + " bytes) is not valid JSON");
        }
        if (!e.isJsonObject()) {
            throw new ProtocolException("chunk " + number + ": metadata (" + meta.length + " bytes) is not a JSON object");
        }
        return e.getAsJsonObject();
    }

    /** Accepts {@code chunked 1.0,M,B} with optional blanks around the commas and a trailing CR. */
    private static long[] parseHeader(byte[] h, int n, long number) throws ProtocolException {
        int end = n;
        while (end > 0 && (h[end - 1] == '\r' || h[end - 1] == ' ' || h[end - 1] == '\t')) {
            end--;
        }
        int i = 0;
        byte[] word = "chunked".getBytes(StandardCharsets.US_ASCII);
        for (byte w : word) {
            if (i >= end || h[i++] != w) {
                throw garbage(h, n, number);
            }
        }
        int blanks = skipBlanks(h, i, end);
        if (blanks == i) {
            throw garbage(h, n, number);
        }
        i = blanks;
        int versionStart = i;
        while (i < end && h[i] != ',' && h[i] != ' ' && h[i] != '\t') {
            i++;
        }
        String version = new String(h, versionStart, i - versionStart, StandardCharsets.US_ASCII);
        if (!version.equals("1.0")) {
            throw new ProtocolException("chunk " + number + ": unsupported chunked protocol version "
                    + sanitizedPrefix(version.getBytes(StandardCharsets.US_ASCII), version.length()) + " (expected 1.0)");
        }
        long[] lengths = new long[2];
        for (int k = 0; k < 2; k++) {
            i = skipBlanks(h, i, end);
            if (i >= end || h[i] != ',') {
                throw garbage(h, n, number);
            }
            i = skipBlanks(h, i + 1, end);
            int digits = 0;
            long v = 0;
            while (i < end && h[i] >= '0' && h[i] <= '9') {
                if (++digits > 18) {
                    throw new ProtocolException("chunk " + number + ": absurd length in chunk header " + sanitizedPrefix(h, n));
                }
                v = v * 10 + (h[i++] - '0');
            }
            if (digits == 0) {
                throw garbage(h, n, number);
            }
            lengths[k] = v;
        }
        if (skipBlanks(h, i, end) != end) {
            throw garbage(h, n, number);
        }
        return lengths;
    }

    private static int skipBlanks(byte[] h, int i, int end) {
        while (i < end && (h[i] == ' ' || h[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static ProtocolException garbage(byte[] h, int n, long number) {
        return new ProtocolException("chunk " + number + ": malformed chunk header (expected 'chunked 1.0,<metadata bytes>,<body bytes>'), read "
                + sanitizedPrefix(h, n));
    }

    /**
     * At most 24 printable ASCII bytes, cut before any '{' or '"' so that JSON (which may hold the
     * session key) is never echoed.
     */
    static String sanitizedPrefix(byte[] h, int n) {
        StringBuilder sb = new StringBuilder("'");
        int i = 0;
        for (; i < n && i < 24; i++) {
            int c = h[i] & 0xff;
            if (c == '{' || c == '"') {
                break;
            }
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return sb.append(i < n ? "...'" : "'").toString();
    }

    private int readByte() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private boolean fill() throws IOException {
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            return false;
        }
        pos = 0;
        limit = r;
        return true;
    }

    /** Reads exactly len bytes; memory grows with the bytes that arrive, not with the length claimed. */
    private byte[] readExactly(int len, long number, String part) throws IOException {
        // available() only ever reports bytes that are really there, so trusting it cannot be abused.
        long known = (long) (limit - pos) + Math.max(0, in.available());
        byte[] out = new byte[(int) Math.min(len, Math.max(FIRST_ALLOCATION, known))];
        int have = 0;
        while (have < len) {
            if (have == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(len, Math.max(2L * out.length, 1)));
            }
            int want = out.length - have;
            int r;
            if (pos < limit) {
                r = Math.min(want, limit - pos);
                System.arraycopy(buf, pos, out, have, r);
                pos += r;
            } else if (want >= buf.length) {
                r = in.read(out, have, want);
            } else {
                r = fill() ? 0 : -1;
            }
            if (r < 0) {
                throw new ProtocolException("chunk " + number + ": stream ended inside the " + part + ": got " + have + " of "
                        + len + " bytes (truncated chunk)");
            }
            have += r;
        }
        return out;
    }
}
