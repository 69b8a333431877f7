package io.concurrentsessions.detect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client evidence and the rules that trust geolocation for what it is, on hand-made sessions. */
class ClientEvidenceTest {
    private static final SessionKey KEY = new SessionKey("UserLoggedIn", "u", "s");
    private static final String EDGE = ClientTest.EDGE_WIN;
    private static final String HEADLESS = ClientTest.HEADLESS_LINUX;
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
    private static final EventContext LONDON = EventContext.of(51.5074, -0.1278, "London, United Kingdom", null);
    private static final EventContext LONDON_EAST = EventContext.of(51.55, 0.05, "London, United Kingdom", null);
    private static final EventContext MANCHESTER = EventContext.of(53.4808, -2.2426, "Manchester, United Kingdom", null);
    private static final EventContext PARIS = EventContext.of(48.8566, 2.3522, "Paris, France", null);

    private final StringPool pool = new StringPool();

    private void use(SessionState s, long t, String ip, String ua, EventContext c) {
        s.observe(new Event().time(Long.toString(t)).addresses(List.of(ip)).userAgents(List.of(ua)).context(c), pool,
                SessionState.UNCAPPED);
    }

    private static EventContext withAsn(EventContext c, String asn) {
        return c == null ? EventContext.of(Double.NaN, Double.NaN, null, asn) : EventContext.of(c.lat(), c.lon(), c.place(), asn);
    }

    private static SessionEvidence evidence(SessionState s) {
        return evidence(s, EvidenceSettings.DEFAULTS);
    }

    private static SessionEvidence evidence(SessionState s, EvidenceSettings settings) {
        return FindingAssembler.of(KEY, s, settings).evidence();
    }

    /** The phished sign-in, then minutes later a replay near the victim from headless Chrome on Linux. */
    private SessionState replay(boolean reversed) {
        SessionState s = new SessionState();
        Runnable victim = () -> {
            use(s, 1_000, "192.0.2.10", EDGE, LONDON);
            use(s, 1_060, "192.0.2.10", EDGE, LONDON);
        };
        Runnable attacker = () -> {
            use(s, 1_600, "198.51.100.7", HEADLESS, LONDON_EAST);
            use(s, 2_400, "198.51.100.7", HEADLESS, LONDON_EAST);
        };
        (reversed ? attacker : victim).run();
        (reversed ? victim : attacker).run();
        return s;
    }

    @Test
    void anotherClientOnAnotherNetworkIsAReplayWithoutOverlapOrTravel() {
        SessionEvidence e = evidence(replay(false));
        assertFalse(e.concurrent());
        assertFalse(e.impossibleTravel());
        assertTrue(e.clientChangedWithIp());
        assertTrue(e.strictMatch(), "strict reports a replay with another client");
        assertEquals(List.of("Edge 122 on Windows (desktop)", "HeadlessChrome 121 on Linux (bot)"), e.clients());
        assertTrue(e.reasons().contains("another client on another network (replay): Edge 122 on Windows (desktop), then "
                + "HeadlessChrome 121 on Linux (bot)"), e.reasons().toString());
        assertEquals(e, evidence(replay(true)), "arrival order does not change the evidence");

        SessionState split = new SessionState();
        use(split, 1_600, "198.51.100.7", HEADLESS, LONDON_EAST);
        SessionState other = new SessionState();
        use(other, 1_000, "192.0.2.10", EDGE, LONDON);
        use(other, 2_400, "198.51.100.7", HEADLESS, LONDON_EAST);
        use(other, 1_060, "192.0.2.10", EDGE, LONDON);
        split.merge(other);
        assertEquals(evidence(replay(false)), evidence(split), "a map/reduce split gives the same evidence");
        assertFalse(evidence(replay(false), EvidenceSettings.DEFAULTS.without(EvidenceSettings.Rule.CLIENT_CHANGE)).strictMatch());
    }

    @Test
    void theSameClientAfterABrowserUpdateStaysAMove() {
        SessionState s = new SessionState();
        use(s, 1_000, "192.0.2.10", EDGE, LONDON);
        use(s, 9_000, "198.51.100.7", EDGE.replace("Edg/122.0.2365.92", "Edg/123.0.2420.53"), LONDON_EAST);
        SessionEvidence e = evidence(s);
        assertTrue(e.uaChangedWithIp(), "the raw user agent did change");
        assertFalse(e.clientChangedWithIp());
        assertFalse(e.strictMatch());
        assertTrue(e.reasons().contains("sequential move between networks (no overlap)"), e.reasons().toString());
    }

    private SessionState dualStack(EventContext v6Place, String v4Asn, String v6Asn) {
        SessionState s = new SessionState();
        for (int i = 0; i < 10; i++) {
            use(s, 1_000 + 300L * i, "192.0.2.10", EDGE, withAsn(LONDON, v4Asn));
            use(s, 1_010 + 300L * i, "2001:db8:1:2::5", EDGE, withAsn(v6Place, v6Asn));
        }
        return s;
    }

    @Test
    void ipv4AndIpv6WithOneClientAreOneDeviceWhateverIpv6GeolocationSays() {
        for (EventContext v6 : new EventContext[] {MANCHESTER, PARIS, null}) {
            SessionEvidence e = evidence(dualStack(v6, null, null));
            assertTrue(e.concurrent());
            assertFalse(e.strictMatch(), "IPv6 at " + v6 + ": " + e.reasons());
            assertFalse(e.impossibleTravel(), e.reasons().toString());
            assertTrue(e.reasons().contains("IPv4 and IPv6 with one client: one device, IPv6 geolocation not trusted"),
                    e.reasons().toString());
        }
        assertTrue(evidence(dualStack(PARIS, null, null), EvidenceSettings.DEFAULTS.without(EvidenceSettings.Rule.DUAL_STACK))
                .strictMatch(), "without the rule, the distance makes two parties");
        assertFalse(evidence(dualStack(MANCHESTER, "3100", "3100")).strictMatch());
        assertTrue(evidence(dualStack(MANCHESTER, "3100", "16509")).strictMatch(), "disjoint ASNs are trusted: two parties");
    }

    @Test
    void aPhoneFlappingBetweenWifiAndCellularInOneCityIsOneDevice() {
        SessionState s = new SessionState();
        for (int i = 0; i < 8; i++) {
            use(s, 1_000 + 120L * i, "192.0.2.10", IPHONE, withAsn(LONDON, "3100"));
            use(s, 1_050 + 120L * i, "203.0.113.40", IPHONE, withAsn(LONDON_EAST, "4100"));
        }
        SessionEvidence e = evidence(s);
        assertTrue(e.concurrent());
        assertFalse(e.strictMatch(), e.reasons().toString());
        assertTrue(e.reasons().contains("one phone on Wi-Fi and cellular: carrier geolocation not trusted"), e.reasons().toString());
        assertTrue(evidence(s, EvidenceSettings.DEFAULTS.without(EvidenceSettings.Rule.PHONE_HANDOFF)).strictMatch());

        SessionState desktop = new SessionState();
        for (int i = 0; i < 8; i++) {
            use(desktop, 1_000 + 120L * i, "192.0.2.10", EDGE, withAsn(LONDON, "3100"));
            use(desktop, 1_050 + 120L * i, "203.0.113.40", EDGE, withAsn(LONDON_EAST, "16509"));
        }
        assertTrue(evidence(desktop).strictMatch(), "a desktop does not flap: disjoint ASNs still make two parties");
    }

    @Test
    void aPhoneHandingOverToACarrierHubInItsCountryIsNotTravelButAbroadItIs() {
        SessionState hub = new SessionState();
        use(hub, 1_000, "192.0.2.10", IPHONE, LONDON);
        use(hub, 1_020, "192.0.2.10", IPHONE, LONDON);
        use(hub, 1_025, "203.0.113.40", IPHONE, MANCHESTER);
        use(hub, 3_000, "203.0.113.40", IPHONE, MANCHESTER);
        SessionEvidence e = evidence(hub);
        assertFalse(e.impossibleTravel(), e.reasons().toString());
        assertFalse(e.strictMatch());

        SessionState abroad = new SessionState();
        use(abroad, 1_000, "192.0.2.10", IPHONE, LONDON);
        use(abroad, 1_025, "203.0.113.40", IPHONE, PARIS);
        assertTrue(evidence(abroad).impossibleTravel());
        assertTrue(evidence(abroad).strictMatch());
    }

    /** An address's clients: each parsed client once, sorted, unparsed user agents left out, whatever the arrival order. */
    @Test
    void anAddressWithSeveralUserAgentsListsItsClientsOnceAndSorted() {
        for (boolean reversed : new boolean[] {false, true}) {
            List<String> uas = List.of(HEADLESS, EDGE, "-", EDGE + " build/7", IPHONE);
            SessionState s = new SessionState();
            for (int k = 0; k < uas.size(); k++) {
                use(s, 1_000 + k, "192.0.2.10", uas.get(reversed ? uas.size() - 1 - k : k), null);
            }
            use(s, 5_000, "198.51.100.7", "-", null);
            use(s, 5_001, "198.51.100.8", EDGE, null);
            assertEquals(List.of("Edge 122 on Windows (desktop) + HeadlessChrome 121 on Linux (bot) + WebView on iOS (mobile)",
                    "unknown", "Edge 122 on Windows (desktop)"), evidence(s).clients(), "reversed " + reversed);
        }
    }
}
