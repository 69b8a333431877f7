package io.concurrentsessions.command;

import static io.concurrentsessions.command.PartialStateCodec.SECTIONS;
import static io.concurrentsessions.command.PartialStateCodec.SECTIONS_1;
import static io.concurrentsessions.command.PartialStateCodec.VERSION;
import static io.concurrentsessions.command.PartialStateCodec.VERSION_1;
import static io.concurrentsessions.command.PartialStateCodec.VERSION_3;
import static io.concurrentsessions.command.PartialStateCodec.clip;

import io.concurrentsessions.command.PartialStateCodec.Decoded;
import io.concurrentsessions.detect.CanonicalIpv4;
import io.concurrentsessions.detect.EpochTime;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionStateBuilder;
import io.concurrentsessions.detect.StringPool;
import io.concurrentsessions.detect.TimeSample;
import java.util.ArrayList;
import java.util.List;

/** The reading half of {@link PartialStateCodec}: the format is described there. */
final class PartialStateDecoder {
    private PartialStateDecoder() {
    }

    /**
     * Decodes a value written by {@link PartialStateCodec#encode} (or an older peer's
     * {@code cs1}), pooling its strings. Reads the text in place, each section and field in the order the encoder writes
     * it, through a {@link FieldCursor} (escaping keeps every separator out of the values): the
     * search head decodes hundreds of thousands of partials, and a substring per section and per
     * address field was a third of that work.
     *
     * @throws IllegalArgumentException saying what is wrong when the value is not a {@code cs2}
     *                                  or {@code cs1} state
     */
    static Decoded decode(String text, StringPool pool) {
        FieldCursor section = FieldCursor.pieces(text, '|', 0, text.length());
        String version = section.next().raw();
        boolean v1 = section.count() == SECTIONS_1 && VERSION_1.equals(version);
        boolean v3 = VERSION_3.equals(version);
        if (!v1 && (section.count() != SECTIONS || !(v3 || VERSION.equals(version)))) {
            throw new IllegalArgumentException("not a " + VERSION_3 + ", " + VERSION + " or " + VERSION_1 + " partial state ("
                    + "starts with \"" + clip(version) + "\")");
        }
        int addressParts = v1 ? 5 : v3 ? 14 : 11;
        SessionKey key = new SessionKey(unescape(section.next()), unescape(section.next()), unescape(section.next()));
        SessionStateBuilder s = new SessionStateBuilder();
        s.events(parseCount(section.next()));
        String min = section.next().raw();
        String max = section.next().raw();
        if (!min.isEmpty() || !max.isEmpty()) {
            EpochTime t = new EpochTime();
            if (!t.parse(min)) {
                throw new IllegalArgumentException("bad min time \"" + clip(min) + "\"");
            }
            long minU = t.unscaled();
            int minS = t.scale();
            if (!t.parse(max)) {
                throw new IllegalArgumentException("bad max time \"" + clip(max) + "\"");
            }
            s.times(minU, minS, t.unscaled(), t.scale());
        }
        section.next();
        FieldCursor ua = FieldCursor.items(text, ';', section.from(), section.to());
        for (int k = 0; k < ua.count(); k++) {
            String v = pool.intern(unescape(ua.next()));
            if (v.isEmpty()) {
                throw new IllegalArgumentException("empty user agent");
            }
            if (s.userAgent(v) != s.userAgentCount() - 1) {
                throw new IllegalArgumentException("repeated user agent");
            }
        }
        section.next();
        long sightings = 0;
        FieldCursor address = FieldCursor.items(text, ';', section.from(), section.to());
        for (int k = 0; k < address.count(); k++) {
            address.next();
            sightings += decodeAddress(text, address.from(), address.to(), addressParts, s, pool);
        }
        if (v1) {
            s.sightings(sightings);
            return new Decoded(key, s.state());
        }
        section.next();
        FieldCursor asn = FieldCursor.items(text, ';', section.from(), section.to());
        for (int k = 0; k < asn.count(); k++) {
            String v = unescape(asn.next());
            if (v.isEmpty()) {
                throw new IllegalArgumentException("empty ASN");
            }
            s.asn(pool.intern(v));
        }
        long total = parseCount(section.next());
        if (total < sightings) {
            throw new IllegalArgumentException("sightings " + total + " below the addresses' events " + sightings);
        }
        s.sightings(total);
        return new Decoded(key, s.state());
    }

    /** One address entry, text[from, to); returns its event count. */
    private static long decodeAddress(String text, int from, int to, int parts, SessionStateBuilder s, StringPool pool) {
        boolean v1 = parts == 5;
        FieldCursor f = FieldCursor.pieces(text, '~', from, to);
        if (f.count() != parts || f.next().isEmpty()) {
            throw new IllegalArgumentException("bad address entry \"" + clip(text.substring(from, to)) + "\"");
        }
        int ipFrom = f.from();
        int ipTo = f.to();
        double first = parseSeen(f.next());
        double last = parseSeen(f.next());
        long n = parseCount(f.next());
        long v4 = CanonicalIpv4.parse(text, ipFrom, ipTo);
        int ip = v4 != CanonicalIpv4.NONE ? s.address((int) v4, first, last, n)
                : s.address(pool.intern(PercentEscaping.unescape(text, ipFrom, ipTo)), first, last, n);
        if (s.addressCount() != ip + 1) {
            throw new IllegalArgumentException("repeated address");
        }
        f.next();
        FieldCursor pairs = FieldCursor.items(text, '.', f.from(), f.to()); // the user agents seen with it
        if (v1) {
            if (!Double.isNaN(first)) { // an older peer kept no sample: first and last stand in
                s.sample(ip, first == last || TimeSample.bucket(first, 0) == TimeSample.bucket(last, 0)
                        ? new long[] {TimeSample.bucket(first, 0)}
                        : new long[] {TimeSample.bucket(first, 0), TimeSample.bucket(last, 0)}, 0);
            }
        } else {
            int levelFrom = f.next().from();
            int levelTo = f.to();
            long[] sample = parseSample(text, f.next().from(), f.to()); // read before the level, as ever: same errors
            s.sample(ip, sample, parseLevel(text, levelFrom, levelTo));
            double lat = parseCoordinate(f.next(), 90);
            double lon = parseCoordinate(f.next(), 180);
            String place = f.next().isEmpty() ? null : pool.intern(unescape(f));
            String asn = f.next().isEmpty() ? null : pool.intern(unescape(f));
            s.context(ip, lat, lon, place, asn);
            if (parts == 14) {
                decodeDevices(f, ip, s, pool);
            }
        }
        for (int k = 0; k < pairs.count(); k++) {
            s.pair(ip, (int) parseCount(pairs.next()));
        }
        return n;
    }

    /** The three device parts of a cs3 address, the cursor on the one before them. */
    private static void decodeDevices(FieldCursor f, int ip, SessionStateBuilder s, StringPool pool) {
        f.next();
        List<String> ids = new ArrayList<>();
        if (!f.isEmpty()) {
            FieldCursor id = FieldCursor.pieces(f.text(), ',', f.from(), f.to());
            for (int k = 0; k < id.count(); k++) {
                if (id.next().isEmpty()) {
                    throw new IllegalArgumentException("empty device id");
                }
                ids.add(pool.intern(unescape(id)));
            }
        }
        long flags = f.next().isEmpty() ? 0 : parseCount(f);
        String trust = f.next().isEmpty() ? null : pool.intern(unescape(f));
        if (!ids.isEmpty() || flags != 0 || trust != null) {
            s.devices(ip, ids, (int) Math.min(flags, Integer.MAX_VALUE), trust);
        }
    }

    private static long parseCount(FieldCursor f) {
        return parseCount(f.text(), f.from(), f.to());
    }

    private static double parseSeen(FieldCursor f) {
        return parseSeen(f.text(), f.from(), f.to());
    }

    private static double parseCoordinate(FieldCursor f, double limit) {
        return parseCoordinate(f.text(), f.from(), f.to(), limit);
    }

    private static String unescape(FieldCursor f) {
        return PercentEscaping.unescape(f.text(), f.from(), f.to());
    }

    private static int parseLevel(String text, int from, int to) {
        long v = parseCount(text, from, to);
        if (v > 62) {
            throw new IllegalArgumentException("bad sample level \"" + clip(text.substring(from, to)) + "\"");
        }
        return (int) v;
    }

    /** First bucket, then strictly positive deltas; at most the sample cap. */
    private static long[] parseSample(String text, int from, int to) {
        if (from == to) {
            return new long[0];
        }
        FieldCursor bucket = FieldCursor.pieces(text, '.', from, to);
        int parts = bucket.count();
        if (parts > TimeSample.CAP) {
            throw new IllegalArgumentException("time sample of " + parts + " buckets, above " + TimeSample.CAP);
        }
        long[] out = new long[parts];
        for (int i = 0; i < parts; i++) {
            bucket.next();
            try {
                long v = Long.parseLong(text, bucket.from(), bucket.to(), 10);
                if (i > 0 && v <= 0) {
                    throw new NumberFormatException();
                }
                out[i] = i == 0 ? v : Math.addExact(out[i - 1], v);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("bad time sample \"" + clip(text.substring(from, to)) + "\"");
            }
        }
        return out;
    }

    private static double parseCoordinate(String text, int from, int to, double limit) {
        double d = parseSeen(text, from, to);
        if (Math.abs(d) > limit) {
            throw new IllegalArgumentException("bad coordinate \"" + clip(text.substring(from, to)) + "\"");
        }
        return d;
    }

    /** NaN for an empty field; else the number as Double.parseDouble reads it (finite only). */
    private static double parseSeen(String text, int from, int to) {
        if (from == to) {
            return Double.NaN;
        }
        double d = ExactDecimal.parse(text, from, to);
        if (Double.isNaN(d)) {
            d = Double.parseDouble(text.substring(from, to));
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("bad time \"" + clip(text.substring(from, to)) + "\"");
            }
        }
        return d;
    }

    private static long parseCount(String text, int from, int to) {
        try {
            long n = Long.parseLong(text, from, to, 10);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("bad count \"" + clip(text.substring(from, to)) + "\"");
    }
}
