package io.concurrentsessions.command;

import io.concurrentsessions.detect.CidrSet;
import io.concurrentsessions.detect.AddressDevices;
import io.concurrentsessions.detect.EventContext;
import io.concurrentsessions.detect.EventOrigin;
import io.concurrentsessions.detect.IpAddresses;

import java.util.ArrayList;
import java.util.List;

/**
 * What happens to an event's addresses before they are counted: normalisation when asked, then
 * removal of allowed ranges. Also reads iplocation's and the ASN field into an {@link EventContext}.
 * Not thread-safe (counts what it removed).
 */
final class EventFilter {
    private final boolean normalize;
    private final CidrSet allowed;
    private long addressesRemoved;
    private long eventsRemoved;

    EventFilter(CommandOptions o) {
        this.normalize = o.normalizeIps();
        this.allowed = o.allowed();
    }

    /**
     * The addresses to count: {@code ips} itself when nothing applies; null when the event had
     * addresses and every one was allowed (the event is then not grouped, as if a search before
     * the command had removed it).
     */
    List<String> addresses(List<String> ips) {
        if (passesAll()) {
            return ips;
        }
        List<String> out = new ArrayList<>(ips.size());
        boolean any = false;
        for (String ip : ips) {
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            any = true;
            String v = normalize ? IpAddresses.normalize(ip) : ip;
            if (!allowed.isEmpty() && allowed.contains(v)) {
                addressesRemoved++;
                continue;
            }
            out.add(v);
        }
        if (any && out.isEmpty()) {
            eventsRemoved++;
            return null;
        }
        return out;
    }

    /** Whether every address passes unchanged (no normalize_ips, no allow_cidrs). */
    boolean passesAll() {
        return !normalize && allowed.isEmpty();
    }

    long addressesRemoved() {
        return addressesRemoved;
    }

    long eventsRemoved() {
        return eventsRemoved;
    }

    /** iplocation's lat, lon, City, Country and the ASN value; null when none is there. Bad coordinates count as none. */
    static EventContext context(String lat, String lon, String city, String country, String asn) {
        return context(lat, lon, city, country, asn, null);
    }

    /** As above, with the device and log ({@link #origin}). */
    static EventContext context(String lat, String lon, String city, String country, String asn, EventOrigin origin) {
        if (lat == null && lon == null && city == null && country == null && asn == null && origin == null) {
            return null;
        }
        double la = coordinate(lat, 90);
        double lo = coordinate(lon, 180);
        String c = blankToNull(city);
        String k = blankToNull(country);
        String place = c != null && k != null ? c + ", " + k : c != null ? c : k;
        return EventContext.of(la, lo, place, blankToNull(asn), origin);
    }

    /**
     * The fields device_id, device_managed ("true" / "false", anything else unknown),
     * device_trust_type and log ("audit" / "signin", anything else unknown); null when none says anything.
     */
    static EventOrigin origin(String deviceId, String managed, String trustType, String log) {
        if (deviceId == null && managed == null && trustType == null && log == null) {
            return null;
        }
        int m = managed == null ? 0 : managed.strip().equalsIgnoreCase("true") ? AddressDevices.MANAGED
                : managed.strip().equalsIgnoreCase("false") ? AddressDevices.UNMANAGED : 0;
        int l = log == null ? 0 : log.strip().equalsIgnoreCase("audit") ? AddressDevices.LOG_AUDIT
                : log.strip().equalsIgnoreCase("signin") ? AddressDevices.LOG_SIGNIN : 0;
        return EventOrigin.of(blankToNull(deviceId), m, blankToNull(trustType), l);
    }

    private static double coordinate(String text, double limit) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(text.strip());
            return Math.abs(d) <= limit ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
