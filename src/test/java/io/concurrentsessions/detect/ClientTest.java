package io.concurrentsessions.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientTest {
    static final String EDGE_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.92";
    static final String HEADLESS_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "HeadlessChrome/121.0.0.0 Safari/537.36";

    private static String text(String ua) {
        return Client.parse(ua).text();
    }

    @Test
    void browsersByFamilyVersionOsAndDevice() {
        assertEquals("Edge 122 on Windows (desktop)", text(EDGE_WIN));
        assertEquals("Chrome 122 on Windows (desktop)", text("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"));
        assertEquals("Firefox 123 on Windows (desktop)", text("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0"));
        assertEquals("Safari 17 on macOS (desktop)", text("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/17.3 Safari/605.1.15"));
        assertEquals("Safari 17 on iOS (tablet)", text("Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1"));
        assertEquals("WebView on iOS (mobile)", text("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"));
        assertEquals("Chrome 122 on Android (mobile)", text("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36"));
        assertEquals("Samsung Internet 23 on Android (mobile)", text("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) "
                + "AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36"));
        assertEquals("Opera 107 on Windows (desktop)", text("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 OPR/107.0.0.0"));
        assertEquals("IE 11 on Windows (desktop)", text("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"));
        assertEquals("Chrome 120 on ChromeOS (desktop)", text("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"));
        assertEquals("Chrome 122 on iOS (mobile)", text("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) CriOS/122.0.6261.89 Mobile/15E148 Safari/604.1"));
    }

    @Test
    void microsoftAppsAndAuthLibraries() {
        assertEquals("Outlook 16 on Windows (desktop)", text("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)"));
        assertEquals("Teams 1 on Windows (desktop)", text("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Teams/1.6.00.4472 Chrome/98.0.4758.141 Electron/17.4.1 Safari/537.36"));
        assertEquals("OneDrive 23 on Windows (desktop)", text("Microsoft SkyDriveSync 23.038.0219.0001 ship; Windows NT 10.0 (19045) OneDrive/23.038"));
        assertEquals("MSAL (unknown)", text("Mozilla/5.0 (compatible; MSAL 1.0) PKeyAuth/1.0"));
        assertEquals(Client.Kind.APP, Client.parse("Mozilla/5.0 (compatible; MSAL 1.0) PKeyAuth/1.0").kind());
    }

    @Test
    void toolsHeadlessAndCrawlersAreBots() {
        assertEquals("python-requests 2 (bot)", text("python-requests/2.31.0"));
        assertEquals("curl 8 (bot)", text("curl/8.4.0"));
        assertEquals("Go-http-client 1 (bot)", text("Go-http-client/1.1"));
        assertEquals("axios 1 (bot)", text("axios/1.6.7"));
        assertEquals("HeadlessChrome 121 on Linux (bot)", text(HEADLESS_LINUX));
        assertEquals("crawler (bot)", text("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
    }

    @Test
    void emptyAndGarbageGiveNoClient() {
        assertSame(Client.NONE, Client.parse(null));
        assertSame(Client.NONE, Client.parse(""));
        assertSame(Client.NONE, Client.parse("   "));
        assertSame(Client.NONE, Client.parse("-"));
        assertSame(Client.NONE, Client.parse("}{<script>\u0000\uFFFF"));
        assertSame(Client.NONE, Client.parse("Mozilla/5.0"));
        assertEquals("unknown", Client.NONE.text());
        assertEquals(-1, Client.parse("Mozilla/5.0 (Windows NT 10.0) Chrome/99999999999999999999").major());
    }

    @Test
    void aBrowserUpdateIsTheSameClientAMoveToHeadlessLinuxIsNot() {
        Client before = Client.parse(EDGE_WIN);
        Client minor = Client.parse(EDGE_WIN.replace("Edg/122.0.2365.92", "Edg/122.0.2365.106"));
        Client major = Client.parse(EDGE_WIN.replace("Edg/122.0.2365.92", "Edg/123.0.2420.53"));
        assertTrue(before.sameAs(minor));
        assertTrue(before.sameAs(major), "browsers update themselves within a session's life");
        Client headless = Client.parse(HEADLESS_LINUX);
        assertFalse(before.sameAs(headless));
        assertFalse(headless.sameAs(before));
        assertFalse(before.sameAs(Client.parse("python-requests/2.31.0")));
        assertFalse(before.sameAs(Client.parse("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/121.0.0.0 Safari/537.36")), "another OS");
        assertFalse(before.sameAs(Client.parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0")),
                "another browser on the same OS");
    }

    @Test
    void anAppBesideTheBrowserOnOnePlatformIsTheSameDevice() {
        Client edge = Client.parse(EDGE_WIN);
        assertTrue(edge.sameAs(Client.parse("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)")));
        assertTrue(edge.sameAs(Client.parse("Mozilla/5.0 (compatible; MSAL 1.0) PKeyAuth/1.0")));
        assertFalse(edge.sameAs(Client.parse("Outlook-iOS/709.2189947.prod.iphone (4.2411.0)")), "a phone's app is another device");
        assertTrue(edge.sameAs(Client.NONE), "an unparseable user agent is no evidence");
    }
}
