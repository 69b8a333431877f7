package io.concurrentsessions.detect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;

/**
 * What few sessions need: hash indexes once a session grows past
 * {@value SessionState#LINEAR_LIMIT} addresses, user agents or pairs, and each address's
 * coordinates, place and ASN with the session's distinct ASNs. One object, made on the first
 * write, instead of eight fields in every {@link SessionState}.
 *
 * <p>{@link #NONE} is shared by every session with nothing rare and is never written: a session
 * swaps in its own ({@link SessionState#own}) before anything that adds. Moving and growing
 * only touch what already exists, so they may run on {@code NONE}, which has nothing.
 */
final class RareParts {
    static final RareParts NONE = new RareParts();

    HashMap<String, Integer> ipIndex;
    HashMap<String, Integer> uaIndex;
    HashSet<Long> pairIndex;
    private double[] geo; // lat, lon per address; allocated with the first located event
    private String[] places;
    private String[] asnOf;
    private AddressDevices[] devices; // per address; allocated with the first event naming a device or log
    private String[] asns = {};
    private int asnCount;

    /** Whether any address has coordinates, a place or an ASN. */
    boolean hasAddressContext() {
        return geo != null || places != null || asnOf != null;
    }

    double latitude(int i) {
        return geo == null ? Double.NaN : geo[i * 2];
    }

    double longitude(int i) {
        return geo == null ? Double.NaN : geo[i * 2 + 1];
    }

    String place(int i) {
        return places == null ? null : places[i];
    }

    String asnOf(int i) {
        return asnOf == null ? null : asnOf[i];
    }

    /** Whether any address has device or log evidence. */
    boolean hasDevices() {
        return devices != null;
    }

    /** The device evidence of the address at {@code i}, or null. */
    AddressDevices devices(int i) {
        return devices == null ? null : devices[i];
    }

    /** The address at {@code idx}'s device evidence, made when missing; arrays made here have {@code capacity} slots. */
    AddressDevices ownDevices(int idx, int capacity) {
        if (devices == null) {
            devices = new AddressDevices[capacity];
        }
        if (devices[idx] == null) {
            devices[idx] = new AddressDevices();
        }
        return devices[idx];
    }

    int asnCount() {
        return asnCount;
    }

    String asn(int i) {
        return asns[i];
    }

    /** The distinct ASNs in arrival order, a new array. */
    String[] asns() {
        return Arrays.copyOf(asns, asnCount);
    }

    /**
     * Adds where the address at {@code idx} was seen; arrays made here have {@code capacity}
     * address slots. Of disagreeing values the smallest is kept (coordinates by latitude then
     * longitude, names by code point), whatever the order, so any split of the events agrees.
     */
    void recordContext(int idx, double lat, double lon, String place, String asn, int capacity) {
        if (!Double.isNaN(lat) && !Double.isNaN(lon)) {
            if (geo == null) {
                geo = new double[capacity * 2];
                Arrays.fill(geo, Double.NaN);
            }
            double l = geo[idx * 2];
            if (Double.isNaN(l) || lat < l || (lat == l && lon < geo[idx * 2 + 1])) {
                geo[idx * 2] = lat;
                geo[idx * 2 + 1] = lon;
            }
        }
        if (place != null) {
            if (places == null) {
                places = new String[capacity];
            }
            if (places[idx] == null || CodePointOrder.INSTANCE.compare(place, places[idx]) < 0) {
                places[idx] = place;
            }
        }
        if (asn != null) {
            if (asnOf == null) {
                asnOf = new String[capacity];
            }
            if (asnOf[idx] == null || CodePointOrder.INSTANCE.compare(asn, asnOf[idx]) < 0) {
                asnOf[idx] = asn;
            }
        }
    }

    /** Adds an ASN to the session's distinct ASNs. */
    void recordAsn(String asn) {
        for (int i = 0; i < asnCount; i++) {
            if (asns[i].equals(asn)) {
                return;
            }
        }
        if (asnCount == asns.length) {
            asns = Arrays.copyOf(asns, Math.max(2, asnCount * 2));
        }
        asns[asnCount++] = asn;
    }

    /** The address at {@code last} moved into slot {@code idx}: its context moves with it, {@code last} is emptied. */
    void moveAddress(int last, int idx) {
        if (geo != null) {
            geo[idx * 2] = geo[last * 2];
            geo[idx * 2 + 1] = geo[last * 2 + 1];
            geo[last * 2] = Double.NaN;
            geo[last * 2 + 1] = Double.NaN;
        }
        if (places != null) {
            places[idx] = places[last];
            places[last] = null;
        }
        if (asnOf != null) {
            asnOf[idx] = asnOf[last];
            asnOf[last] = null;
        }
        if (devices != null) {
            devices[idx] = devices[last];
            devices[last] = null;
        }
    }

    /** The session's address slots grew to {@code capacity}. */
    void growAddresses(int capacity) {
        if (geo != null) {
            int old = geo.length;
            geo = Arrays.copyOf(geo, capacity * 2);
            Arrays.fill(geo, old, geo.length, Double.NaN);
        }
        if (places != null) {
            places = Arrays.copyOf(places, capacity);
        }
        if (asnOf != null) {
            asnOf = Arrays.copyOf(asnOf, capacity);
        }
        if (devices != null) {
            devices = Arrays.copyOf(devices, capacity);
        }
    }

    /**
     * The position of {@code v} among {@code count} values kept as {@code first}, then
     * {@code rest[0..]}: through the hash index when there is one (see {@link #index}), else by
     * comparing them in order. -1 when absent. Addresses and user agents are kept this way.
     */
    static int find(String v, HashMap<String, Integer> index, String first, String[] rest, int count) {
        if (index != null) {
            Integer i = index.get(v);
            return i == null ? -1 : i;
        }
        if (count > 0 && v.equals(first)) { // first is null when the session holds it packed
            return 0;
        }
        for (int i = 1; i < count; i++) {
            if (rest[i - 1].equals(v)) {
                return i;
            }
        }
        return -1;
    }

    /** A hash index of the first {@code n} values: value to its index. */
    static HashMap<String, Integer> index(String[] values, int n) {
        HashMap<String, Integer> m = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            m.put(values[i], i);
        }
        return m;
    }
}
