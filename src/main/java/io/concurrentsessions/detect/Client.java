package io.concurrentsessions.detect;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a user agent says about the software and device behind it: family (browser, Microsoft app
 * or HTTP tool), major version, OS and device class. Parsed by hand for the families sign-in logs
 * carry rather than with the ua-parser project's Java port: uap-java 1.6.1 needs snakeyaml and
 * commons-collections4 (1.15 MB of jars to ship), spends about a second compiling its regexes and
 * milliseconds per user agent before warm-up, and has no device class, MSAL/ADAL or Teams.
 *
 * <p>Two clients are {@link #sameAs the same} when nothing tells them apart: the version never
 * does (browsers update themselves within a session's life), an unparseable user agent gives no
 * evidence, and a Microsoft app or auth library on the same platform as a browser is the same
 * device (single sign-on across Edge and Outlook on one laptop).
 *
 * @param family      e.g. Edge, Chrome, HeadlessChrome, Firefox, Safari, Outlook, MSAL, python-requests;
 *                    {@value #UNKNOWN} when the user agent is empty or unparseable
 * @param major       major version, -1 when unknown
 * @param os          Windows, macOS, iOS, Android, Linux, ChromeOS or {@value #UNKNOWN}
 * @param deviceClass desktop, mobile, tablet, bot (HTTP tools, headless browsers, crawlers) or {@value #UNKNOWN}
 * @param kind        browser, app (Microsoft clients and auth libraries), tool (scripts, crawlers) or unknown
 */
public record Client(String family, int major, String os, String deviceClass, Kind kind) {
    public static final String UNKNOWN = "unknown";
    public static final Client NONE = new Client(UNKNOWN, -1, UNKNOWN, UNKNOWN, Kind.UNKNOWN);

    public enum Kind { BROWSER, APP, TOOL, UNKNOWN }

    /** Tools and libraries by their user agent's first product token, lower case. */
    private static final String[][] TOOLS = {
        {"python-requests", "python-requests"}, {"python-urllib", "Python-urllib"}, {"python-httpx", "python-httpx"},
        {"aiohttp", "aiohttp"}, {"curl", "curl"}, {"wget", "Wget"}, {"go-http-client", "Go-http-client"},
        {"axios", "axios"}, {"node-fetch", "node-fetch"}, {"undici", "undici"}, {"okhttp", "okhttp"},
        {"java", "Java"}, {"apache-httpclient", "Apache-HttpClient"}, {"postmanruntime", "PostmanRuntime"},
        {"powershell", "PowerShell"}, {"libwww-perl", "libwww-perl"}, {"ruby", "Ruby"}};

    /** Browser tokens, most specific first: Edge and Opera also say Chrome, Chrome also says Safari. */
    private static final String[][] BROWSERS = {
        {"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"}, {"Edge/", "Edge"}, {"OPR/", "Opera"},
        {"Opera/", "Opera"}, {"SamsungBrowser/", "Samsung Internet"}, {"HeadlessChrome/", "HeadlessChrome"},
        {"CriOS/", "Chrome"}, {"FxiOS/", "Firefox"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"},
        {"MSIE ", "IE"}, {"Trident/", "IE"}, {"Version/", "Safari"}};

    /** Whether nothing tells the two apart (see the class comment). */
    public boolean sameAs(Client o) {
        if (kind == Kind.UNKNOWN || o.kind == Kind.UNKNOWN) {
            return true;
        }
        if (known(deviceClass) && known(o.deviceClass) && !deviceClass.equals(o.deviceClass)) {
            return false;
        }
        if (known(os) && known(o.os) && !os.equals(o.os)) {
            return false;
        }
        if (kind == Kind.APP || o.kind == Kind.APP) {
            return true; // same platform: Outlook, Teams or MSAL beside the browser on one device
        }
        return kind == o.kind && family.equals(o.family);
    }

    /** Phone or tablet. */
    public boolean mobile() {
        return deviceClass.equals("mobile") || deviceClass.equals("tablet");
    }

    /** e.g. "Edge 122 on Windows (desktop)", "python-requests 2 (bot)", "unknown". */
    public String text() {
        if (kind == Kind.UNKNOWN) {
            return UNKNOWN;
        }
        StringBuilder b = new StringBuilder(family);
        if (major >= 0) {
            b.append(' ').append(major);
        }
        if (known(os)) {
            b.append(" on ").append(os);
        }
        return b.append(" (").append(deviceClass).append(')').toString();
    }

    /**
     * As {@link #parse(String)}, remembered: a search meets the same few hundred user agents in
     * every session, and parses them at its end once per session otherwise. Bounded (cleared when
     * full), so a search with millions of distinct user agents costs no more than parsing them.
     */
    public static Client of(String ua) {
        if (ua == null) {
            return NONE;
        }
        Client c = PARSED.get(ua);
        if (c == null) {
            if (PARSED.size() >= PARSED_MAX) {
                PARSED.clear();
            }
            c = parse(ua);
            PARSED.put(ua, c);
        }
        return c;
    }

    private static final int PARSED_MAX = 4096;
    private static final ConcurrentHashMap<String, Client> PARSED = new ConcurrentHashMap<>();

    public static Client parse(String ua) {
        if (ua == null) {
            return NONE;
        }
        String s = ua.strip();
        if (s.isEmpty() || s.equals("-")) {
            return NONE;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        String os = os(s);
        String device = device(s, os);
        for (String[] t : TOOLS) {
            if (lower.startsWith(t[0]) && (lower.length() == t[0].length() || "/ ".indexOf(lower.charAt(t[0].length())) >= 0)) {
                return new Client(t[1], major(s, t[0].length() + 1), os, "bot", Kind.TOOL);
            }
        }
        if (lower.contains("bot/") || lower.contains("bot;") || lower.contains("bot)")
                || lower.contains("+http") || lower.contains("spider") || lower.contains("crawler")) {
            return new Client("crawler", -1, os, "bot", Kind.TOOL);
        }
        String app = app(s, lower);
        if (app != null) {
            return new Client(app, appMajor(s, app), os, device, Kind.APP);
        }
        if (!lower.startsWith("mozilla/") && !lower.startsWith("opera/")) {
            return NONE; // garbage, or a product we do not know: no evidence either way
        }
        for (String[] b : BROWSERS) {
            int at = s.indexOf(b[0]);
            if (at < 0 || (b[1].equals("Safari") && !s.contains("Safari/"))) {
                continue;
            }
            int major = b[0].equals("Trident/") ? ieMajor(s) : major(s, at + b[0].length());
            return new Client(b[1], major, os, b[1].equals("HeadlessChrome") ? "bot" : device, Kind.BROWSER);
        }
        if (os.equals("iOS") && s.contains("AppleWebKit/")) {
            return new Client("WebView", -1, os, device, Kind.BROWSER); // an app's embedded Safari
        }
        return known(os) ? new Client("Mozilla", -1, os, device, Kind.BROWSER) : NONE;
    }

    private static String os(String s) {
        if (s.contains("Windows") || s.contains("Win64") || s.contains("WOW64")) {
            return "Windows";
        }
        if (s.contains("iPhone") || s.contains("iPad") || s.contains("iPod") || s.contains("iOS")) {
            return "iOS";
        }
        if (s.contains("Android")) {
            return "Android";
        }
        if (s.contains("CrOS")) {
            return "ChromeOS";
        }
        if (s.contains("Macintosh") || s.contains("Mac OS X") || s.contains("macOS")) {
            return "macOS";
        }
        if (s.contains("Linux") || s.contains("X11")) {
            return "Linux";
        }
        return UNKNOWN;
    }

    private static String device(String s, String os) {
        switch (os) {
            case "iOS":
                return s.contains("iPad") ? "tablet" : "mobile";
            case "Android":
                return s.contains("Mobile") ? "mobile" : "tablet";
            case "Windows":
                return s.contains("Windows Phone") ? "mobile" : "desktop";
            case UNKNOWN:
                return UNKNOWN;
            default:
                return "desktop";
        }
    }

    /** Microsoft's own clients and auth libraries, which sign in beside the browser on one device. */
    private static String app(String s, String lower) {
        if (s.contains("MSAL") || s.contains("PKeyAuth")) {
            return "MSAL";
        }
        if (s.contains("ADAL")) {
            return "ADAL";
        }
        if (s.contains("Teams/") || lower.contains("microsoft teams")) {
            return "Teams";
        }
        if (s.contains("OneDrive") || s.contains("SkyDriveSync")) {
            return "OneDrive";
        }
        if (s.contains("Outlook")) {
            return "Outlook";
        }
        if (lower.startsWith("microsoft office") || s.contains("Microsoft Word") || s.contains("Microsoft Excel")
                || s.contains("Microsoft PowerPoint")) {
            return "Office";
        }
        return null;
    }

    private static int appMajor(String s, String app) {
        int at = s.indexOf(app.equals("Office") || app.equals("Outlook") ? "Microsoft Office/" : app + "/");
        if (at >= 0) {
            return major(s, s.indexOf('/', at) + 1);
        }
        return -1;
    }

    private static int ieMajor(String s) {
        int rv = s.indexOf("rv:");
        return rv >= 0 ? major(s, rv + 3) : -1;
    }

    /** The digits at {@code from}, -1 when none (or too many to be a version). */
    private static int major(String s, int from) {
        int v = 0;
        int i = from;
        while (i < s.length() && i - from < 6 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == from || i - from >= 6 ? -1 : v;
    }

    private static boolean known(String part) {
        return !part.equals(UNKNOWN);
    }
}
