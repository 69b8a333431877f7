package io.concurrentsessions.detect;

/**
 * Where one event came from, beyond its address: iplocation's coordinates and place, and the
 * autonomous system when the search names an ASN field. Absent parts are NaN or null.
 *
 * @param place "City, Country", or whichever of the two is known; null when neither
 */
public record EventContext(double lat, double lon, String place, String asn) {
    /** Null when the event carries nothing (the common case costs no allocation downstream). */
    public static EventContext of(double lat, double lon, String place, String asn) {
        boolean located = !Double.isNaN(lat) && !Double.isNaN(lon);
        if (!located && place == null && asn == null) {
            return null;
        }
        return new EventContext(located ? lat : Double.NaN, located ? lon : Double.NaN, place, asn);
    }

    public boolean located() {
        return !Double.isNaN(lat);
    }
}
