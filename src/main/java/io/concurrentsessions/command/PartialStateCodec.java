package io.concurrentsessions.command;

import io.concurrentsessions.detect.AddressDevices;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.StringPool;

/**
 * One session's mergeable state as a single field value, the {@code concurrentsessions_state}
 * column the map phase emits and the reduce phase merges. Version 2 (written):
 *
 * <pre>
 * cs2|Operation|user|SessionId|events|minTime|maxTime|ua;ua;...|address;address;...|asn;asn;...|sightings
 * address = ip~first~last~events~u.u.u~level~bucket.delta.delta...~lat~lon~place~asn
 * </pre>
 *
 * <ul>
 *   <li>minTime / maxTime: min and max {@code _time} as plain decimals, exactly as the reduce
 *       phase prints them; empty when no event had a numeric time.</li>
 *   <li>user agents: the distinct user agents; their positions (from 0) are the {@code u} indexes.</li>
 *   <li>per address: first and last seen ({@link Double#toString}, empty when none), events with
 *       that address, the {@code .}-separated indexes of the user agents seen with it, then its
 *       time sample (level, first bucket, then increasing deltas), coordinates (empty when
 *       unknown), place and ASN (empty when unknown).</li>
 *   <li>asns: the session's distinct ASNs; sightings: distinct addresses per event, summed
 *       (what the address cap compares against).</li>
 *   <li>Strings are percent-escaped: {@code % | ; ~ , " $}, DEL and every control character
 *       become {@code %XX}; other characters (any Unicode) stay. The value therefore never needs
 *       CSV quoting and never contains a newline or the {@code $} of multivalue encoding.</li>
 * </ul>
 * Version 3 ({@code cs3}) is version 2 with three more parts per address, written only for a
 * state whose events named a device or a log (so every other state stays a {@code cs2} value,
 * readable by older peers):
 *
 * <pre>
 * address = ...~asn~deviceId,deviceId,...~flags~trustType
 * </pre>
 * the device ids seen (at most {@link AddressDevices#KEPT_IDS}, sorted), the
 * {@link AddressDevices} flags as a decimal (managed, unmanaged, more ids, audit log, sign-in
 * log) and the smallest trust type; all empty for an address with none.
 * Version 1 ({@code cs1}, the first 9 sections, addresses with 5 parts) from older peers is still
 * read: its addresses get a sample of just their first and last second. A reader rejects any other
 * version prefix: mixing releases fails loudly, never silently.
 */
public final class PartialStateCodec {
    public static final String VERSION = "cs2";
    /** Version 2 with device and log evidence per address. */
    public static final String VERSION_3 = "cs3";
    static final String VERSION_1 = "cs1";
    static final int SECTIONS_1 = 9;
    static final int SECTIONS = 11;

    private PartialStateCodec() {
    }

    /** A decoded partial. */
    public record Decoded(SessionKey key, SessionState state) {
    }

    public static String encode(SessionKey key, SessionState s) {
        return encode(key, s, new StringBuilder(256));
    }

    /**
     * With a builder the caller reuses (cleared here): a flush encodes hundreds of thousands of
     * states, and making (zeroing) and growing a builder for each was a tenth of the map phase.
     */
    public static String encode(SessionKey key, SessionState s, StringBuilder b) {
        b.setLength(0);
        boolean devices = s.hasDevices();
        b.append(devices ? VERSION_3 : VERSION).append('|');
        PercentEscaping.append(b, key.operation()).append('|');
        PercentEscaping.append(b, key.user()).append('|');
        PercentEscaping.append(b, key.sessionId()).append('|');
        b.append(s.events()).append('|');
        if (s.hasTime()) {
            b.append(s.firstTimeText());
        }
        b.append('|');
        if (s.hasTime()) {
            b.append(s.lastTimeText());
        }
        b.append('|');
        for (int i = 0; i < s.userAgentCount(); i++) {
            if (i > 0) {
                b.append(';');
            }
            PercentEscaping.append(b, s.userAgent(i));
        }
        b.append('|');
        for (int i = 0; i < s.addressCount(); i++) {
            if (i > 0) {
                b.append(';');
            }
            PercentEscaping.append(b, s.address(i)).append('~');
            appendSeen(b, s.firstSeen(i)).append('~');
            appendSeen(b, s.lastSeen(i)).append('~');
            b.append(s.addressEvents(i)).append('~');
            boolean first = true;
            for (int k = 0; k < s.pairCount(); k++) {
                if (s.pairAddress(k) == i) {
                    if (!first) {
                        b.append('.');
                    }
                    b.append(s.pairUserAgent(k));
                    first = false;
                }
            }
            b.append('~').append(s.sampleLevel(i)).append('~');
            long[] sample = s.sample(i);
            for (int k = 0; k < sample.length; k++) {
                if (k > 0) {
                    b.append('.');
                }
                b.append(k == 0 ? sample[0] : sample[k] - sample[k - 1]);
            }
            b.append('~');
            appendSeen(b, s.latitude(i)).append('~');
            appendSeen(b, s.longitude(i)).append('~');
            if (s.place(i) != null) {
                PercentEscaping.append(b, s.place(i));
            }
            b.append('~');
            if (s.addressAsn(i) != null) {
                PercentEscaping.append(b, s.addressAsn(i));
            }
            if (devices) {
                appendDevices(b.append('~'), s.devices(i));
            }
        }
        b.append('|');
        for (int i = 0; i < s.asnCount(); i++) {
            if (i > 0) {
                b.append(';');
            }
            PercentEscaping.append(b, s.asn(i));
        }
        b.append('|').append(s.sightings());
        return b.toString();
    }

    /** Decodes a value written by {@link #encode} or an older peer: see {@link PartialStateDecoder#decode}. */
    public static Decoded decode(String text, StringPool pool) {
        return PartialStateDecoder.decode(text, pool);
    }

    /** Empty parts for an address without device or log evidence. */
    private static void appendDevices(StringBuilder b, AddressDevices d) {
        if (d == null) {
            b.append("~~");
            return;
        }
        for (int k = 0; k < d.ids().size(); k++) {
            if (k > 0) {
                b.append(',');
            }
            PercentEscaping.append(b, d.ids().get(k));
        }
        b.append('~').append(d.flags()).append('~');
        if (d.trustType() != null) {
            PercentEscaping.append(b, d.trustType());
        }
    }

    /**
     * Whole seconds (most _time values) as plain integers: Double.toString's shortest-digits
     * search was the map phase's hottest number work, and any reader of cs2 parses both forms.
     */
    private static StringBuilder appendSeen(StringBuilder b, double t) {
        if (Double.isNaN(t)) {
            return b;
        }
        long whole = (long) t;
        if (whole == t && Math.abs(whole) < (1L << 53) && (whole != 0 || 1 / t > 0)) {
            return b.append(whole);
        }
        return b.append(t);
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
