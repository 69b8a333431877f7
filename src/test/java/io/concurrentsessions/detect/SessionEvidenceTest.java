package io.concurrentsessions.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each piece of evidence on small hand-made sessions, then the merge property with context. */
class SessionEvidenceTest {
    private static final SessionKey KEY = new SessionKey("UserLoggedIn", "u", "s");
    private final StringPool pool = new StringPool();
    private final EpochTime time = new EpochTime();

    private void use(SessionState s, String t, String ip, String ua, EventContext c) {
        s.observe(new Event().time(time.parse(t) ? time : null).addresses(List.of(ip)).userAgents(ua == null ? List.of() : List.of(ua)).context(c), pool, SessionState.UNCAPPED);
    }

    private static EventContext at(double lat, double lon, String place, String asn) {
        return EventContext.of(lat, lon, place, asn);
    }

    private static SessionEvidence evidence(SessionState s) {
        return FindingAssembler.of(KEY, s, EvidenceSettings.DEFAULTS).evidence();
    }

    @Test
    void perAddressColumnsAreParallelToTheSortedAddresses() {
        SessionState s = new SessionState();
        use(s, "1000.5", "10.0.0.9", "a", at(51.5, -0.12, "London, United Kingdom", null));
        use(s, "1003", "10.0.0.9", "a", null);
        use(s, "1001", "10.0.0.10", "a", at(48.85, 2.35, null, null));
        use(s, "x", "2001:db8::1", "a", null);
        SessionEvidence e = evidence(s);
        assertEquals(List.of("10.0.0.10", "10.0.0.9", "2001:db8::1"), FindingAssembler.of(KEY, s).ips());
        assertEquals(List.of("1001", "1000.5", "unknown"), e.firstSeen());
        assertEquals(List.of("1001", "1003", "unknown"), e.lastSeen());
        assertEquals(List.of("1", "2", "1"), e.eventCounts());
        assertEquals(List.of("10.0.0.0/24", "10.0.0.0/24", "2001:db8::/64"), e.networks());
        assertEquals(List.of("48.85,2.35", "London, United Kingdom", "unknown"), e.locations());
        assertEquals(2, e.networkCount());
    }

    @Test
    void oneEventPerAddressIsASequentialMoveNotConcurrency() {
        SessionState s = new SessionState();
        use(s, "1000", "192.0.2.1", "a", null);
        use(s, "5000", "198.51.100.1", "a", null);
        SessionEvidence e = evidence(s);
        assertFalse(e.concurrent());
        assertEquals(0, e.overlapSeconds());
        assertTrue(e.reasons().contains("sequential move between networks (no overlap)"), e.reasons().toString());
        assertEquals(42 - 15, e.riskScore());
        assertFalse(e.strictMatch());
    }

    @Test
    void interleavingIsConcurrencyButARoundTripIsNot() {
        SessionState interleaved = new SessionState();
        for (int i = 0; i < 10; i++) {
            use(interleaved, Integer.toString(1000 + 100 * i), i % 2 == 0 ? "192.0.2.1" : "198.51.100.1", "a", null);
        }
        SessionEvidence e = evidence(interleaved);
        assertTrue(e.concurrent());
        assertEquals(700, e.overlapSeconds()); // [1100, 1800]: 198.51.100.1 from 1100, 192.0.2.1 until 1800
        assertTrue(e.reasons().contains("2 networks used concurrently for 700 s"), e.reasons().toString());

        // A..B..A: the first/last spans overlap by 3000 s, but A is not used while B is: a round trip.
        SessionState roundTrip = new SessionState();
        use(roundTrip, "1000", "192.0.2.1", "a", null);
        for (int t = 1500; t <= 4500; t += 500) {
            use(roundTrip, Integer.toString(t), "198.51.100.1", "a", null);
        }
        use(roundTrip, "9000", "192.0.2.1", "a", null);
        assertEquals(0, evidence(roundTrip).overlapSeconds());
        assertFalse(evidence(roundTrip).concurrent());

        // A,A,B,B: disjoint spans.
        SessionState move = new SessionState();
        use(move, "1000", "192.0.2.1", "a", null);
        use(move, "1100", "192.0.2.1", "a", null);
        use(move, "1200", "198.51.100.1", "a", null);
        use(move, "1300", "198.51.100.1", "a", null);
        assertEquals(0, evidence(move).overlapSeconds());
    }

    @Test
    void aBriefHandOffOverlapIsReportedButBelowTheThresholdIsNotConcurrent() {
        SessionState s = new SessionState();
        use(s, "1000", "192.0.2.1", "a", null);
        use(s, "1200", "198.51.100.1", "a", null);
        use(s, "1230", "192.0.2.1", "a", null);
        use(s, "2000", "198.51.100.1", "a", null);
        SessionEvidence e = evidence(s);
        assertEquals(30, e.overlapSeconds());
        assertFalse(e.concurrent());
        assertTrue(e.reasons().get(0).startsWith("networks overlapped only 30 s"), e.reasons().toString());
    }

    @Test
    void equalTimestampsAtTwoFarPlacesAreImpossibleTravelAtOneSecondResolution() {
        SessionState s = new SessionState();
        use(s, "1000", "192.0.2.1", "a", at(51.5074, -0.1278, "London, United Kingdom", null));
        use(s, "1000", "198.51.100.1", "a", at(6.5244, 3.3792, "Lagos, Nigeria", null));
        SessionEvidence e = evidence(s);
        double km = Networks.km(51.5074, -0.1278, 6.5244, 3.3792);
        assertEquals(km * 3600, e.maxTravelKmh(), 1e-6);
        assertTrue(e.impossibleTravel());
        assertTrue(e.strictMatch());
        assertTrue(e.reasons().stream().anyMatch(r -> r.startsWith("impossible travel ")), e.reasons().toString());
    }

    @Test
    void travelSkipsUnlocatedEventsAndNearbyPlacesAndIsUnknownWithOneLocatedAddress() {
        SessionState s = new SessionState();
        use(s, "0", "192.0.2.1", "a", at(51.5074, -0.1278, null, null));
        use(s, "1800", "198.51.100.1", "a", null); // no coordinates
        use(s, "3600", "203.0.113.1", "a", at(53.4808, -2.2426, null, null)); // Manchester, 262 km, an hour later
        SessionEvidence e = evidence(s);
        assertEquals(Networks.km(51.5074, -0.1278, 53.4808, -2.2426), e.maxTravelKmh(), 1e-6);
        assertFalse(e.impossibleTravel());

        SessionState one = new SessionState();
        use(one, "0", "192.0.2.1", "a", at(51.5, -0.12, null, null));
        use(one, "1", "198.51.100.1", "a", null);
        assertTrue(Double.isNaN(evidence(one).maxTravelKmh()));

        SessionState near = new SessionState();
        use(near, "0", "192.0.2.1", "a", at(51.5, -0.12, null, null));
        use(near, "1", "198.51.100.1", "a", at(51.6, -0.2, null, null)); // 12 km: one place
        assertEquals(0, evidence(near).maxTravelKmh());
    }

    @Test
    void userAgentChangeAsnsAndTheContextRule() {
        SessionState s = new SessionState();
        for (int i = 0; i < 6; i++) {
            boolean victim = i % 2 == 0;
            use(s, Integer.toString(1000 + 300 * i), victim ? "192.0.2.1" : "198.51.100.1", victim ? "Browser" : "python-requests",
                    at(51.5, -0.12, "London, United Kingdom", victim ? "2856" : "16509"));
        }
        SessionEvidence e = evidence(s);
        assertTrue(e.uaChangedWithIp());
        assertEquals(2, e.userAgentCount());
        assertEquals(List.of("16509", "2856"), e.asns());
        assertTrue(e.concurrent() && e.concurrentContextDiffers() && e.strictMatch());
        assertEquals(87, e.riskScore()); // 42 + 30 concurrent across contexts + 10 user agent + 5 ASNs

        // Dual stack: same place, ASN and user agent, interleaved: concurrent, but one device.
        SessionState dual = new SessionState();
        for (int i = 0; i < 6; i++) {
            use(dual, Integer.toString(1000 + 300 * i), i % 2 == 0 ? "192.0.2.1" : "2001:db8::1", "Browser",
                    at(51.5, -0.12, "London, United Kingdom", "2856"));
        }
        SessionEvidence d = evidence(dual);
        assertTrue(d.concurrent());
        assertFalse(d.concurrentContextDiffers());
        assertFalse(d.strictMatch());
        assertEquals(42 - 10, d.riskScore());
    }

    @Test
    void theScoreIsClampedAt100() {
        SessionState s = new SessionState();
        for (int i = 0; i < 6; i++) {
            boolean victim = i % 2 == 0;
            use(s, Integer.toString(1000 + 300 * i), victim ? "192.0.2.1" : "198.51.100.1", victim ? "Browser" : "curl",
                    victim ? at(51.5, -0.12, null, "2856") : at(6.52, 3.38, null, "16509"));
        }
        SessionEvidence e = evidence(s);
        assertTrue(e.impossibleTravel() && e.concurrent());
        assertEquals(100, e.riskScore()); // 42 + 30 + 25 + 10 + 5 = 112
    }

    @Test
    void singleNetworkLowersTheScore() {
        SessionState s = new SessionState();
        use(s, "1", "192.0.2.1", "a", null);
        use(s, "2", "192.0.2.200", "a", null);
        SessionEvidence e = evidence(s);
        assertEquals(1, e.networkCount());
        assertEquals(List.of("single network (same /24)"), e.reasons());
        assertEquals(42 - 25, e.riskScore());
        assertFalse(e.strictMatch());
    }

    @Test
    void theAddressCapKeepsTheSmallestAddressesWhateverTheSplit() {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ips.add("10.0." + i + ".1");
        }
        Random r = new Random(3);
        for (int round = 0; round < 50; round++) {
            SessionState whole = new SessionState();
            List<SessionState> parts = List.of(new SessionState(), new SessionState(), new SessionState());
            for (int e = 0; e < 120; e++) {
                List<String> event = List.of(ips.get(r.nextInt(ips.size())), ips.get(r.nextInt(ips.size())));
                EpochTime t = time.parse(Integer.toString(1000 + r.nextInt(500))) ? time : null;
                whole.observe(new Event().time(t).addresses(event).userAgents(List.of("ua" + r.nextInt(3))), pool, 8);
                parts.get(r.nextInt(3)).observe(new Event().time(t).addresses(event).userAgents(List.of("ua" + r.nextInt(3))), pool, 8);
            }
            SessionState merged = new SessionState();
            for (int i : new int[] {1, 2, 0}) {
                merged.merge(parts.get(i), 8);
            }
            assertEquals(8, whole.addressCount());
            assertEquals(whole.sightings(), merged.sightings());
            assertEquals(whole.sightingsDropped(), merged.sightingsDropped());
            assertTrue(whole.sightingsDropped() > 0);
            assertEquals(FindingAssembler.of(KEY, whole).ips(), FindingAssembler.of(KEY, merged).ips(), "round " + round);
            assertEquals(FindingAssembler.of(KEY, whole).evidence().eventCounts(),
                    FindingAssembler.of(KEY, merged).evidence().eventCounts(), "round " + round);
        }
    }

    @Test
    void mergingAnySplitGivesTheSameEvidenceIncludingCoarsenedSamples() {
        Random r = new Random(9);
        for (int round = 0; round < 150; round++) {
            SessionState whole = new SessionState();
            List<SessionState> parts = List.of(new SessionState(), new SessionState(), new SessionState());
            int events = 1 + r.nextInt(300); // enough distinct seconds to coarsen past the sample cap
            for (int e = 0; e < events; e++) {
                EpochTime t = time.parse(r.nextInt(20) == 0 ? "x" : Integer.toString(1000 + r.nextInt(5000))) ? time : null;
                int a = r.nextInt(4);
                String ip = new String[] {"192.0.2.1", "192.0.2.9", "198.51.100.7", "2001:db8::5"}[a];
                EventContext c = r.nextInt(5) == 0 ? null
                        : at(r.nextInt(7) == 0 ? Double.NaN : 40 + a * 3 + r.nextInt(2), 2 + a, "City" + a, r.nextBoolean() ? "AS" + a : null);
                List<String> ua = List.of("ua" + r.nextInt(3));
                whole.observe(new Event().time(t).addresses(List.of(ip)).userAgents(ua).context(c), pool, SessionState.UNCAPPED);
                parts.get(r.nextInt(3)).observe(new Event().time(t).addresses(List.of(ip)).userAgents(ua).context(c), pool, SessionState.UNCAPPED);
            }
            SessionState merged = new SessionState();
            for (int i : new int[] {2, 0, 1}) {
                merged.merge(parts.get(i));
            }
            assertEquals(FindingAssembler.of(KEY, whole), FindingAssembler.of(KEY, merged), "round " + round);
        }
    }

    @Test
    void timeSamplesStayBoundedAndCoarsenDeterministically() {
        SessionState s = new SessionState();
        for (int t = 0; t < 10_000; t++) {
            use(s, Integer.toString(t), "192.0.2.1", null, null);
        }
        assertTrue(s.sample(0).length <= TimeSample.CAP);
        assertEquals(8, s.sampleLevel(0)); // 10,000 seconds in 256-second buckets: 40 buckets
        assertTrue(TimeSample.anyWithin(s.sample(0), s.sampleLevel(0), 9_990, 9_999));
    }

    /**
     * Past 16 networks the pair rules answer once per pair of network classes: a proxy pool must
     * get the answers a three-network session gets, pair by pair (dual stack noted, a client on
     * the last network telling two parties apart, one place and ASN excusing the rest).
     */
    @Test
    void aSessionPastSixteenNetworksIsJudgedAsASmallOneIs() {
        String chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
        String firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0";
        for (int v4 : new int[] {2, 20, 40}) {
            for (boolean otherClient : new boolean[] {false, true}) {
                SessionState s = new SessionState();
                List<String> ips = new ArrayList<>();
                for (int a = 0; a < v4; a++) {
                    ips.add("198.51." + a + ".7");
                }
                ips.add("2001:db8::1");
                for (int round = 0; round < 4; round++) {
                    for (int a = 0; a < ips.size(); a++) {
                        String ua = otherClient && a == v4 - 1 ? firefox : chrome;
                        use(s, Integer.toString(1000 + 60 * (round * ips.size() + a)), ips.get(a), ua,
                                at(Double.NaN, Double.NaN, "Berlin, Germany", "AS3320"));
                    }
                }
                SessionEvidence e = evidence(s);
                String what = v4 + " IPv4 networks, other client " + otherClient + ": " + e.reasons();
                assertEquals(v4 + 1, e.networkCount(), what);
                assertTrue(e.concurrent(), what);
                assertEquals(otherClient, e.concurrentContextDiffers(), what);
                assertEquals(otherClient, e.clientChangedWithIp(), what);
                assertTrue(e.reasons().contains("IPv4 and IPv6 with one client: one device, IPv6 geolocation not trusted"), what);
                assertEquals(!otherClient, e.reasons().contains("concurrent networks share place, ASN and user agent (dual stack or one device)"),
                        what);
            }
        }
    }

    /** First and last seen are the event times as written, to the millisecond, trailing zeros dropped. */
    @Test
    void perAddressTimesKeepTheirMilliseconds() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            long whole = i < 5 ? i : 1_000_000_000L + (r.nextLong() & 0x3fffffffL);
            String t = whole + "." + String.format("%03d", r.nextInt(1000));
            SessionState s = new SessionState();
            use(s, t, "192.0.2.1", "a", null);
            use(s, "1", "192.0.2.2", "a", null);
            String expected = new java.math.BigDecimal(t).stripTrailingZeros().toPlainString();
            assertEquals(List.of(expected, "1"), evidence(s).firstSeen(), t);
            assertEquals(expected, SessionEvidence.seconds(Double.parseDouble(t)), t);
        }
    }
}
