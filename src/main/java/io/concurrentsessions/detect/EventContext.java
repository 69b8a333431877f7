package io.concurrentsessions.detect;

/**
 * Where one event came from, beyond its address: iplocation's coordinates and place, and the
 * autonomous system when the search names an ASN field, and the device and log behind it.
 * Absent parts are NaN or null.
 *
 * @param place  "City, Country", or whichever of the two is known; null when neither
 * @param origin device and log, null when the event names neither
 */
public record EventContext(double lat, double lon, String place, String asn, EventOrigin origin) {
    /** Null when the event carries nothing (the common case costs no allocation downstream). */
    public static EventContext of(double lat, double lon, String place, String asn) {
        return of(lat, lon, place, asn, null);
    }

    /** As {@link #of(double, double, String, String)}, with the device and log. */
    public static EventContext of(double lat, double lon, String place, String asn, EventOrigin origin) {
        boolean located = !Double.isNaN(lat) && !Double.isNaN(lon);
        if (!located && place == null && asn == null && origin == null) {
            return null;
        }
        return new EventContext(located ? lat : Double.NaN, located ? lon : Double.NaN, place, asn, origin);
    }

    public boolean located() {
        return !Double.isNaN(lat);
    }
}
