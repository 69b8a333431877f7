package io.concurrentsessions.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A labelled, seeded benchmark of sign-in sessions: adversary-in-the-middle sessions and the
 * benign look-alikes the seed also flags, with iplocation's fields (lat, lon, City, Country) and
 * an ASN field ({@code asn}) on every event. Same seed, same events. Kinds and their share are in
 * {@link Kind}; docs/evidence.md describes each and lists the hard cases:
 * <ul>
 *   <li>AiTM: the victim keeps working from home or office while the proxy / attacker replays the
 *       session from a hosting ASN. Proxy far away (70%), in the victim's country (20%, a hard case),
 *       or in the victim's city (10%, the hardest). Attacker user agent differs in 60%. 8% are a
 *       brief replay (two uses within a minute).</li>
 *   <li>AiTM replay: the phished sign-in from the victim's address, then, 2-30 minutes later and
 *       with no overlap, the stolen cookie replayed from a proxy near the victim (same city 50%,
 *       same country 50%; residential proxy ASN 50%, hosting 50%) with another client (95%; 5%
 *       copy the victim's user agent, which nothing can tell from a move).</li>
 *   <li>Sequential roaming: office, then home (or a train to another city) after a gap. Same
 *       device: same UA (75%), the browser updated in between (10%), or Outlook desktop at home
 *       beside the browser at the office (15%).</li>
 *   <li>Dual stack: IPv4 and IPv6 of one device, same ISP, interleaved; the geolocation database
 *       puts the IPv6 prefix in another city 150-400 km away (25%), in another country (10%), or
 *       has no location for it (15%).</li>
 *   <li>NAT pool: 2-4 egress addresses rotating in one /24; 20% span two /24s.</li>
 *   <li>Mobile hand-off: home Wi-Fi, then cellular, overlapping for seconds; 15% geolocate the
 *       carrier at a hub 150-500 km away; 25% flap between the two for minutes, in one city.</li>
 *   <li>VPN egress: home, then a VPN concentrator (corporate ASN, HQ city, 20% in another country);
 *       10% split tunnel (both in use for an hour).</li>
 *   <li>Phone and laptop: one session id on two devices, laptop on home Wi-Fi and phone on 4G,
 *       interleaving for an hour (the hardest benign case: it is two devices at once).</li>
 *   <li>Single address: ordinary sessions the seed does not flag.</li>
 * </ul>
 * Device fields as the audit log's DeviceProperties give them (device_id, device_os,
 * device_browser, device_managed, device_trust_type): a user's own device is managed (Entra
 * joined, compliant) in 55% of sessions (phones 40%), and then 90% of its events carry the
 * fields; an unmanaged device says device_managed=false with OS and browser on 70% of its events.
 * An attacker's replay carries none (60%) or an unmanaged device (40%).
 */
final class LabelledDataset {
    enum Kind {
        AITM(true, 200), AITM_REPLAY(true, 60), ROAMING(false, 200), DUAL_STACK(false, 200), NAT_POOL(false, 150),
        MOBILE_HANDOFF(false, 200), VPN_EGRESS(false, 150), PHONE_AND_LAPTOP(false, 40), SINGLE_ADDRESS(false, 300);

        final boolean malicious;
        final int sessions;

        Kind(boolean malicious, int sessions) {
            this.malicious = malicious;
            this.sessions = sessions;
        }
    }

    /** The corporate VPN concentrators' range, for the allow_cidrs run. */
    static final String VPN_CIDR = "198.18.0.0/16";

    record Session(String sessionId, Kind kind, String variant) {
    }

    record Place(String city, String country, double lat, double lon) {
    }

    private static final Place[] HOMES = {
        new Place("London", "United Kingdom", 51.5074, -0.1278), new Place("Paris", "France", 48.8566, 2.3522),
        new Place("Berlin", "Germany", 52.52, 13.405), new Place("New York", "United States", 40.7128, -74.006),
        new Place("Chicago", "United States", 41.8781, -87.6298), new Place("Toronto", "Canada", 43.6532, -79.3832),
        new Place("Munich", "Germany", 48.1372, 11.5756), new Place("Seattle", "United States", 47.6062, -122.3321)};
    /** A city 150-400 km from each home, in the same country (parallel to HOMES). */
    private static final Place[] SAME_COUNTRY = {
        new Place("Manchester", "United Kingdom", 53.4808, -2.2426), new Place("Lyon", "France", 45.764, 4.8357),
        new Place("Hamburg", "Germany", 53.5511, 9.9937), new Place("Ashburn", "United States", 39.0438, -77.4874),
        new Place("Detroit", "United States", 42.3314, -83.0458), new Place("Montreal", "Canada", 45.5019, -73.5674),
        new Place("Frankfurt am Main", "Germany", 50.1109, 8.6821), new Place("Portland", "United States", 45.5152, -122.6784)};
    private static final Place[] FAR = {
        new Place("Lagos", "Nigeria", 6.5244, 3.3792), new Place("Moscow", "Russia", 55.7558, 37.6173),
        new Place("Singapore", "Singapore", 1.3521, 103.8198), new Place("Sao Paulo", "Brazil", -23.5505, -46.6333),
        new Place("Amsterdam", "Netherlands", 52.3676, 4.9041), new Place("Dallas", "United States", 32.7767, -96.797),
        new Place("Los Angeles", "United States", 34.0522, -118.2437), new Place("Tokyo", "Japan", 35.6762, 139.6503)};
    private static final String[] HOSTING_ASNS = {"16509", "14061", "24940", "20473", "63949", "8075"};
    private static final String[] DESKTOP_UAS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0"};
    private static final String[] MOBILE_UAS = {
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36"};
    private static final String[] ATTACKER_UAS = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
        "python-requests/2.31.0", "axios/1.6.7"};
    /** What a replay near the victim uses: the attacker's own browser, headless Chrome or a script. */
    private static final String[] REPLAY_UAS = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.92",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
        "python-requests/2.31.0", "Go-http-client/1.1"};
    private static final String OUTLOOK_DESKTOP = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)";

    final List<Map<String, List<String>>> events = new ArrayList<>();
    /**
     * The same uses as Entra ID sign-in records, mapped as the scanner's sign-in reader maps them:
     * Operation SignInLogs, log=signin, the record's location (City, Country, lat, lon) whenever
     * the use has a place, and deviceDetail on every record: the device's id, trust type and
     * device_managed=true for a managed device, device_managed=false for any other (the record
     * always states isManaged and isCompliant). Built from the same draws: the audit-log events
     * above are unchanged.
     */
    final List<Map<String, List<String>>> signInEvents = new ArrayList<>();
    final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Random r;
    private int counter;

    LabelledDataset(long seed) {
        r = new Random(seed);
        for (Kind k : Kind.values()) {
            for (int i = 0; i < k.sessions; i++) {
                generate(k);
            }
        }
    }

    private void generate(Kind kind) {
        String sid = String.format(Locale.ROOT, "%08x-%04x-4000-8000-%012x", r.nextInt(), counter, (long) counter * 7919);
        String user = "user" + (counter % 400) + "@contoso.com";
        counter++;
        int h = r.nextInt(HOMES.length);
        Place home = jitter(HOMES[h], 10);
        String isp = "3" + (100 + h); // one residential ISP per home city
        String carrier = "4" + (100 + h);
        long t0 = 1_709_600_000L + r.nextInt(30 * 86_400);
        String ua = r.nextInt(3) == 0 ? pick(MOBILE_UAS) : pick(DESKTOP_UAS);
        String homeIp = v4(isp);
        String variant = "";
        device = ownDevice(ua);
        List<Use> uses = new ArrayList<>();
        switch (kind) {
            case AITM -> {
                int where = r.nextInt(10);
                Place proxy = where < 7 ? pick(FAR) : where < 9 ? SAME_COUNTRY[h] : jitter(HOMES[h], 20);
                variant = where < 7 ? "proxy far" : where < 9 ? "proxy same country" : "proxy same city";
                String asn = pick(HOSTING_ASNS);
                String proxyIp = v4(asn);
                String proxyUa = r.nextInt(10) < 6 ? pick(ATTACKER_UAS) : ua;
                boolean brief = r.nextInt(100) < 8;
                long victimSpan = 1_800 + r.nextInt(9_000);
                series(uses, t0, victimSpan, 4 + r.nextInt(10), homeIp, ua, home, isp);
                long start = t0 + 60 + r.nextInt(300);
                device = attackerDevice(proxyUa);
                if (brief) {
                    variant += ", brief replay";
                    series(uses, start, 40, 2, proxyIp, proxyUa, proxy, asn);
                } else {
                    series(uses, start, 1_200 + r.nextInt(6_000), 3 + r.nextInt(12), proxyIp, proxyUa, proxy, asn);
                }
            }
            case AITM_REPLAY -> {
                boolean city = r.nextBoolean();
                boolean residential = r.nextBoolean();
                boolean copied = r.nextInt(100) < 5;
                variant = (city ? "proxy same city" : "proxy same country") + (residential ? ", residential ASN" : ", hosting ASN")
                        + (copied ? ", victim's user agent copied" : ", another client");
                Place proxy = city ? jitter(HOMES[h], 20) : SAME_COUNTRY[h];
                String asn = residential ? "5" + (100 + h) : pick(HOSTING_ASNS);
                long phished = 20 + r.nextInt(120);
                series(uses, t0, phished, 1 + r.nextInt(3), homeIp, ua, home, isp);
                String replayUa = ua;
                while (!copied && replayUa.equals(ua)) {
                    replayUa = pick(REPLAY_UAS);
                }
                device = attackerDevice(replayUa);
                series(uses, t0 + phished + 120 + r.nextInt(1_680), 300 + r.nextInt(3_300), 2 + r.nextInt(7), v4(asn), replayUa, proxy, asn);
            }
            case ROAMING -> {
                boolean train = r.nextInt(5) == 0;
                int client = r.nextInt(100);
                variant = (train ? "train to another city" : "office then home")
                        + (client < 10 ? ", browser updated" : client < 25 && !ua.contains("Mobile") ? ", Outlook desktop at home" : "");
                Place office = jitter(HOMES[h], 15);
                long officeSpan = 3_600 + r.nextInt(4 * 3_600);
                series(uses, t0, officeSpan, 3 + r.nextInt(8), v4("64500"), ua, office, "64500");
                long gap = train ? 3 * 3_600 + r.nextInt(3_600) : 1_200 + r.nextInt(3_600);
                Place later = train ? SAME_COUNTRY[h] : home;
                String laterUa = client < 10 ? updated(ua) : client < 25 && !ua.contains("Mobile") ? outlook(ua) : ua;
                series(uses, t0 + officeSpan + gap, 1_800 + r.nextInt(7_200), 2 + r.nextInt(6), homeIp, laterUa, later, isp);
            }
            case DUAL_STACK -> {
                int v = r.nextInt(100);
                variant = v < 25 ? "IPv6 geolocated in another city" : v < 35 ? "IPv6 geolocated in another country"
                        : v < 50 ? "IPv6 without location" : "same place";
                long span = 3_600 + r.nextInt(3 * 3_600);
                int n = 6 + r.nextInt(14);
                series(uses, t0, span, n, homeIp, ua, home, isp);
                Place v6Place = v < 25 ? SAME_COUNTRY[h] : v < 35 ? pick(FAR) : v < 50 ? null : home;
                series(uses, t0 + r.nextInt(120), span, n, v6(isp), ua, v6Place, isp);
            }
            case NAT_POOL -> {
                boolean two = r.nextInt(100) < 20;
                variant = two ? "pool spans two /24s" : "one /24";
                String[] octets = v4("64501").split("\\.");
                String prefix = octets[0] + "." + octets[1] + "." + octets[2] + ".";
                String other = octets[0] + "." + octets[1] + "." + ((Integer.parseInt(octets[2]) + 1) % 256) + ".";
                int addresses = 2 + r.nextInt(3);
                long span = 3_600 + r.nextInt(4 * 3_600);
                for (int a = 0; a < addresses; a++) {
                    String p = two && a % 2 == 1 ? other : prefix;
                    series(uses, t0 + r.nextInt(300), span, 3 + r.nextInt(6), p + (10 + r.nextInt(200)), ua, home, "64501");
                }
            }
            case MOBILE_HANDOFF -> {
                int v = r.nextInt(100);
                variant = v < 15 ? "carrier hub far away" : v < 40 ? "flapping for minutes" : "brief overlap";
                Place cell = v < 15 ? SAME_COUNTRY[h] : jitter(HOMES[h], 40);
                String phone = pick(MOBILE_UAS);
                device = ownDevice(phone);
                String cellIp = v4(carrier);
                long wifi = 1_200 + r.nextInt(3_600);
                series(uses, t0, wifi, 3 + r.nextInt(6), homeIp, phone, home, isp);
                long handoff = t0 + wifi;
                if (v >= 15 && v < 40) {
                    long flap = 300 + r.nextInt(900);
                    series(uses, handoff, flap, 4 + r.nextInt(6), homeIp, phone, home, isp);
                    series(uses, handoff + 5, flap, 4 + r.nextInt(6), cellIp, phone, cell, carrier);
                } else {
                    uses.add(new Use(handoff + 5 + r.nextInt(30), homeIp, phone, home, isp, device));
                    series(uses, handoff, 1, 1, cellIp, phone, cell, carrier);
                }
                series(uses, handoff + 60, 1_800 + r.nextInt(5_400), 2 + r.nextInt(6), cellIp, phone, cell, carrier);
            }
            case VPN_EGRESS -> {
                int v = r.nextInt(100);
                variant = v < 10 ? "split tunnel" : v < 30 ? "VPN exit in another country" : "VPN exit nearby";
                Place exit = v >= 10 && v < 30 ? pick(FAR) : jitter(HOMES[h], 30);
                String vpnIp = "198.18." + r.nextInt(4) + "." + (1 + r.nextInt(250));
                long before = 300 + r.nextInt(1_800);
                series(uses, t0, before, 2 + r.nextInt(4), homeIp, ua, home, isp);
                if (v < 10) {
                    series(uses, t0 + 30, 3_600, 6 + r.nextInt(10), vpnIp, ua, exit, "64502");
                    series(uses, t0 + before, 3_600, 4 + r.nextInt(6), homeIp, ua, home, isp);
                } else {
                    uses.add(new Use(t0 + before + r.nextInt(10), homeIp, ua, home, isp, device));
                    series(uses, t0 + before + 2, 1_800 + r.nextInt(7_200), 3 + r.nextInt(8), vpnIp, ua, exit, "64502");
                }
            }
            case PHONE_AND_LAPTOP -> {
                variant = "two devices, Wi-Fi and 4G";
                long span = 3_600 + r.nextInt(3_600);
                String laptop = pick(DESKTOP_UAS);
                device = ownDevice(laptop);
                series(uses, t0, span, 6 + r.nextInt(10), homeIp, laptop, home, isp);
                String phone = pick(MOBILE_UAS);
                device = ownDevice(phone);
                series(uses, t0 + r.nextInt(600), span, 4 + r.nextInt(8), v4(carrier), phone, jitter(HOMES[h], 30), carrier);
            }
            case SINGLE_ADDRESS -> series(uses, t0, 600 + r.nextInt(7_200), 1 + r.nextInt(8), homeIp, ua, home, isp);
            default -> throw new IllegalStateException();
        }
        sessions.put(sid, new Session(sid, kind, variant));
        for (Use u : uses) {
            Map<String, List<String>> e = new LinkedHashMap<>();
            e.put("_time", List.of(Long.toString(u.time)));
            e.put("Operation", List.of("UserLoggedIn"));
            e.put("user", List.of(user));
            e.put("SessionId", List.of(sid));
            e.put("src_ip", List.of(u.ip));
            e.put("user_agent", List.of(u.ua));
            if (u.place != null) {
                if (r.nextInt(50) != 0) { // now and then iplocation has no coordinates
                    e.put("lat", List.of(String.format(Locale.ROOT, "%.4f", u.place.lat)));
                    e.put("lon", List.of(String.format(Locale.ROOT, "%.4f", u.place.lon)));
                }
                e.put("City", List.of(u.place.city));
                e.put("Country", List.of(u.place.country));
            }
            e.put("asn", List.of(u.asn));
            Device d = u.device;
            if (d != null && r.nextInt(100) < d.coverage) {
                if (d.id != null) {
                    e.put("device_id", List.of(d.id));
                    e.put("device_trust_type", List.of(d.trustType));
                }
                e.put("device_os", List.of(d.os));
                e.put("device_browser", List.of(d.browser));
                e.put("device_managed", List.of(Boolean.toString(d.managed)));
            }
            events.add(e);
            signInEvents.add(signIn(user, sid, u));
        }
    }

    private static Map<String, List<String>> signIn(String user, String sid, Use u) {
        Map<String, List<String>> e = new LinkedHashMap<>();
        e.put("_time", List.of(Long.toString(u.time)));
        e.put("Operation", List.of("SignInLogs"));
        e.put("user", List.of(user));
        e.put("SessionId", List.of(sid));
        e.put("src_ip", List.of(u.ip));
        e.put("user_agent", List.of(u.ua));
        if (u.place != null) {
            e.put("lat", List.of(String.format(Locale.ROOT, "%.4f", u.place.lat)));
            e.put("lon", List.of(String.format(Locale.ROOT, "%.4f", u.place.lon)));
            e.put("City", List.of(u.place.city));
            e.put("Country", List.of(u.place.country));
        }
        e.put("asn", List.of(u.asn));
        e.put("log", List.of("signin"));
        Device d = u.device;
        if (d != null && d.id != null) {
            e.put("device_id", List.of(d.id));
            e.put("device_trust_type", List.of(d.trustType));
        }
        if (d != null) {
            e.put("device_os", List.of(d.os));
            e.put("device_browser", List.of(d.browser));
        }
        e.put("device_managed", List.of(Boolean.toString(d != null && d.managed)));
        return e;
    }

    private record Use(long time, String ip, String ua, Place place, String asn, Device device) {
    }

    /** DeviceProperties of the device behind a use; {@code coverage}: percent of its events that carry them. */
    private record Device(String id, String os, String browser, boolean managed, String trustType, int coverage) {
    }

    /** The device the next series() calls are made from (null: none known). */
    private Device device;

    private Device ownDevice(String ua) {
        boolean phone = ua.contains("Mobile");
        String os = ua.contains("iPhone") ? "Ios" : ua.contains("Android") ? "Android" : ua.contains("Mac") ? "MacOs" : "Windows10";
        String browser = ua.contains("Edg/") ? "Edge" : ua.contains("Firefox") ? "Firefox" : ua.contains("Chrome") ? "Chrome" : "Safari";
        if (r.nextInt(100) < (phone ? 40 : 55)) {
            String id = String.format(Locale.ROOT, "%08x-%04x-4%03x-9%03x-%012x", r.nextInt(), r.nextInt(0x10000), r.nextInt(0x1000),
                    r.nextInt(0x1000), r.nextLong() & 0xffffffffffffL);
            return new Device(id, os, browser, true, phone ? "Workplace" : r.nextBoolean() ? "AzureAd" : "ServerAd", 90);
        }
        return new Device(null, os, browser, false, null, 70);
    }

    private Device attackerDevice(String ua) {
        return r.nextInt(100) < 60 ? null : new Device(null, ua.contains("Windows") ? "Windows10" : ua.contains("Mac") ? "MacOs" : "Linux",
                ua.contains("Firefox") ? "Firefox" : ua.contains("Chrome") ? "Chrome" : "Other", false, null, 100);
    }

    /** The same browser a version later. */
    private static String updated(String ua) {
        return ua.replace("Chrome/122.0.0.0", "Chrome/123.0.0.0").replace("rv:123.0) Gecko/20100101 Firefox/123.0",
                "rv:124.0) Gecko/20100101 Firefox/124.0").replace("Version/17.3", "Version/17.4").replace("OS 17_3", "OS 17_4");
    }

    /** Outlook desktop on the browser's computer. */
    private static String outlook(String ua) {
        return ua.contains("Macintosh") ? "Microsoft Office/16.0 (Macintosh; Mac OS X 14.3; Microsoft Outlook 16.80.1)" : OUTLOOK_DESKTOP;
    }

    /** {@code n} uses spread over {@code span} seconds from {@code start}. */
    private void series(List<Use> uses, long start, long span, int n, String ip, String ua, Place place, String asn) {
        for (int i = 0; i < n; i++) {
            uses.add(new Use(start + (n == 1 ? 0 : (long) (span * (i + r.nextDouble() * 0.8) / n)), ip, ua, place, asn, device));
        }
    }

    /** A point up to {@code km} from {@code p}, named as p. */
    private Place jitter(Place p, double km) {
        double d = km * r.nextDouble() / 111.0;
        double a = r.nextDouble() * 2 * Math.PI;
        return new Place(p.city, p.country, p.lat + d * Math.sin(a), p.lon + d * Math.cos(a) / Math.cos(Math.toRadians(p.lat)));
    }

    /** An IPv4 address in a /16 that stands for the ASN (same ASN, same /16: realistic enough for networks). */
    private String v4(String asn) {
        int n = Integer.parseInt(asn);
        return (20 + n % 180) + "." + (n / 7 % 256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private String v6(String asn) {
        return String.format(Locale.ROOT, "2a0%x:%x:%x:%x:%x:%x:%x:%x", 1 + Integer.parseInt(asn) % 9, Integer.parseInt(asn),
                r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000));
    }

    private <T> T pick(T[] values) {
        return values[r.nextInt(values.length)];
    }
}
