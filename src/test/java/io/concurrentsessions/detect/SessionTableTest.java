package io.concurrentsessions.detect;

import io.concurrentsessions.bytes.ByteWords;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTableTest {
    private static SessionTable.Outcome add(SessionTable t, String user, String sid, String time, List<String> ips, List<String> uas) {
        return t.observe(new Event().key(List.of("UserLoggedIn"), List.of(user), List.of(sid)).time(time).addresses(ips).userAgents(uas));
    }

    @Test
    void flaggedSessionsAreCountedAsTheyArriveAndMatchTheFindings() {
        Random r = new Random(11);
        for (int minIps : new int[] {2, 3}) {
            SessionTable t = new SessionTable(1000, 3, EvidenceSettings.DEFAULTS, minIps);
            for (int e = 0; e < 2000; e++) {
                add(t, "u" + r.nextInt(20), "s" + r.nextInt(30), "1", List.of("10.0.0." + r.nextInt(6)), List.of("ua"));
            }
            for (int p = 0; p < 40; p++) { // partials merged into new and held sessions count the same way
                SessionState partial = new SessionState();
                for (int a = r.nextInt(4); a >= 0; a--) {
                    partial.observe(new Event().addresses(List.of("10.0.1." + r.nextInt(6))), new StringPool(), SessionState.UNCAPPED);
                }
                t.merge(new SessionKey("UserLoggedIn", "u" + r.nextInt(25), "s" + r.nextInt(35)), partial);
            }
            assertTrue(t.sessionsFlagged() > 0);
            assertEquals(t.findings(minIps).size(), t.sessionsFlagged(), "min_ips=" + minIps);
        }
    }

    @Test
    void findingsComeInCodePointOrderOfOperationUserSessionId() {
        SessionTable t = new SessionTable(100);
        for (String user : List.of("b", "a\uD83D\uDE00", "a\uFF5E", "a")) {
            for (String sid : List.of("s2", "s10", "s1")) {
                add(t, user, sid, "1", List.of("1.1.1.1", "1.1.1.2"), List.of());
            }
        }
        List<String> order = new ArrayList<>();
        t.findings(2).forEach(f -> order.add(f.key().user() + "/" + f.key().sessionId()));
        assertEquals(List.of("a/s1", "a/s10", "a/s2", "a\uFF5E/s1", "a\uFF5E/s10", "a\uFF5E/s2",
                "a\uD83D\uDE00/s1", "a\uD83D\uDE00/s10", "a\uD83D\uDE00/s2", "b/s1", "b/s10", "b/s2"), order);
    }

    @Test
    void beyondTheCapSessionsAreCountedNotTrackedAndKnownSessionsKeepGrowing() {
        SessionTable t = new SessionTable(2);
        assertEquals(SessionTable.Outcome.TRACKED, add(t, "u", "s1", "1", List.of("a"), List.of()));
        assertEquals(SessionTable.Outcome.TRACKED, add(t, "u", "s2", "1", List.of("a"), List.of()));
        assertEquals(SessionTable.Outcome.BEYOND_CAP, add(t, "u", "s3", "1", List.of("a"), List.of()));
        assertEquals(SessionTable.Outcome.BEYOND_CAP, add(t, "u", "s3", "2", List.of("b"), List.of()));
        assertEquals(SessionTable.Outcome.BEYOND_CAP, add(t, "u", "s4", "2", List.of("b"), List.of()));
        assertEquals(SessionTable.Outcome.TRACKED, add(t, "u", "s1", "2", List.of("b"), List.of()));
        assertEquals(3, t.eventsBeyondCap());
        assertEquals(2, t.sessionsBeyondCap());
        assertEquals(1, t.findings(2).size());
    }

    @Test
    void perAddressActivityRecordsFirstLastCountAndUserAgents() {
        SessionTable t = new SessionTable(10);
        add(t, "u", "s", "100.5", List.of("a"), List.of("ua1"));
        add(t, "u", "s", "90", List.of("a", "b", "a"), List.of("ua2"));
        add(t, "u", "s", "x", List.of("b"), List.of("ua3"));
        Finding f = t.findings(2).get(0);
        assertEquals("90", f.firstTime());
        assertEquals("100.5", f.lastTime());
        assertEquals(new Finding.AddressActivity("a", 90, 100.5, 2, List.of("ua1", "ua2")), f.addresses().get(0));
        assertEquals(new Finding.AddressActivity("b", 90, 90, 2, List.of("ua2", "ua3")), f.addresses().get(1));
        assertEquals(3, f.events());
    }

    @Test
    void mergingStatesOfAnySplitEqualsObservingEverything() {
        Random r = new Random(5);
        for (int round = 0; round < 200; round++) {
            SessionState whole = new SessionState();
            List<SessionState> parts = List.of(new SessionState(), new SessionState(), new SessionState());
            StringPool pool = new StringPool();
            EpochTime time = new EpochTime();
            for (int e = 0; e < 1 + r.nextInt(40); e++) {
                EpochTime t = time.parse(r.nextInt(5) == 0 ? "x" : (1000 + r.nextInt(50)) + (r.nextBoolean() ? "" : ".5" + r.nextInt(3))) ? time : null;
                List<String> ips = new ArrayList<>();
                for (int k = r.nextInt(3); k >= 0; k--) {
                    ips.add("10.0.0." + r.nextInt(25));
                }
                List<String> uas = r.nextBoolean() ? List.of() : List.of("ua" + r.nextInt(20));
                whole.observe(new Event().time(t).addresses(ips).userAgents(uas), pool, SessionState.UNCAPPED);
                parts.get(r.nextInt(3)).observe(new Event().time(t).addresses(ips).userAgents(uas), pool, SessionState.UNCAPPED);
            }
            SessionState merged = new SessionState();
            for (int i : new int[] {2, 0, 1}) {
                merged.merge(parts.get(i));
            }
            SessionKey k = new SessionKey("o", "u", "s");
            assertEquals(FindingAssembler.of(k, whole), FindingAssembler.of(k, merged), "round " + round);
        }
    }

    @Test
    void aHostileSessionWithManyAddressesStaysCorrect() {
        SessionTable t = new SessionTable(10);
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ips.add("10." + (i / 256) + "." + (i % 256) + ".1");
        }
        add(t, "u", "s", "1", ips, List.of("ua"));
        add(t, "u", "s", "2", ips.subList(0, 10), List.of("ua"));
        Finding f = t.findings(2).get(0);
        assertEquals(5000, f.ips().size());
        assertEquals(2, f.addresses().get(f.ips().indexOf("10.0.0.1")).events());
        assertFalse(t.full());
        assertTrue(t.contains(new SessionKey("UserLoggedIn", "u", "s")));
    }

    @Test
    void sessionIdsCraftedToShareAHashCodeAreStillDistinctSessions() {
        // "Aa" and "BB" share String.hashCode, so do all 2^15 strings made of 15 such blocks:
        // the table must tell them apart (and, after a long probe, stop relying on that hash).
        int n = 1 << 15;
        SessionTable t = new SessionTable(n);
        List<String> sids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sid = new StringBuilder();
            for (int b = 0; b < 15; b++) {
                sid.append((i >> b & 1) == 0 ? "Aa" : "BB");
            }
            sids.add(sid.toString());
        }
        assertEquals(1, sids.stream().mapToInt(String::hashCode).distinct().count());
        for (String sid : sids) {
            add(t, "u", sid, "1", List.of("10.0.0.1"), List.of("ua"));
        }
        for (String sid : sids) {
            add(t, "u", sid, "2", List.of("10.0.0.2"), List.of("ua"));
        }
        assertEquals(n, t.size());
        assertEquals(n, t.findings(2).size());
        assertTrue(t.contains(new SessionKey("UserLoggedIn", "u", sids.get(n - 1))));
        assertFalse(t.contains(new SessionKey("UserLoggedIn", "u", "AaAa")));
    }

    @Test
    void keysCraftedToCollideUnderTheFixedSeedMakeTheTableReseed() {
        // The seed is in the source, so collisions can be computed: every SessionId is two
        // 8-byte words, the second chosen so that the state after it is the same for all.
        byte[] op = "UserLoggedIn".getBytes(StandardCharsets.US_ASCII);
        byte[] user = "u".getBytes(StandardCharsets.US_ASCII);
        long afterUser = ByteWords.mix(ByteWords.mix(SessionSlots.FIXED_SEED, op, 0, op.length), user, 0, user.length);
        int n = 4096;
        SessionTable t = new SessionTable(n);
        List<byte[]> sids = new ArrayList<>();
        // Both words ASCII (so the bytes are their own text): keep the first words whose state
        // has every byte's high bit set (1 in 256), and flip those bits back in the second word.
        long high = 0x8080808080808080L;
        for (long w1 = 0x3030303030303030L; sids.size() < n; w1++) {
            if ((w1 & high) != 0) {
                continue;
            }
            long state = Long.rotateLeft((afterUser ^ w1) * 0x9E3779B97F4A7C15L, 31);
            if ((state & high) != high) {
                continue;
            }
            byte[] sid = new byte[16];
            ByteBuffer w = ByteBuffer.wrap(sid).order(ByteOrder.LITTLE_ENDIAN);
            w.putLong(0, w1);
            w.putLong(8, state ^ 0xC0C0C0C0C0C0C0C0L);
            sids.add(sid);
        }
        KeyBytes k = new KeyBytes();
        byte[] key = new byte[op.length + user.length + 16];
        System.arraycopy(op, 0, key, 0, op.length);
        System.arraycopy(user, 0, key, op.length, user.length);
        int sidAt = op.length + user.length;
        assertEquals(SessionSlots.hash64(SessionSlots.FIXED_SEED, keyOf(k, key, op, user, sids.get(0))),
                SessionSlots.hash64(SessionSlots.FIXED_SEED, keyOf(k, new byte[key.length], op, user, sids.get(n - 1))),
                "the crafted keys should collide under the fixed seed");
        EpochTime time = new EpochTime();
        for (String ip : List.of("10.0.0.1", "10.0.0.2")) {
            for (byte[] sid : sids) {
                System.arraycopy(sid, 0, key, sidAt, 16);
                time.parse("1700000000");
                t.observe(new Event().key(k.set(key, 0, op.length, op.length, user.length, sidAt, 16)).time(time).addresses(List.of(ip)).userAgents(List.of("ua")));
            }
        }
        assertTrue(t.reseeded());
        assertEquals(n, t.size());
        assertEquals(n, t.findings(2).size());
        String last = new String(sids.get(n - 1), StandardCharsets.US_ASCII);
        assertTrue(t.findings(2).stream().anyMatch(f -> f.key().sessionId().equals(last)));
    }

    private static KeyBytes keyOf(KeyBytes k, byte[] into, byte[] op, byte[] user, byte[] sid) {
        System.arraycopy(op, 0, into, 0, op.length);
        System.arraycopy(user, 0, into, op.length, user.length);
        System.arraycopy(sid, 0, into, op.length + user.length, sid.length);
        return k.set(into, 0, op.length, op.length, user.length, op.length + user.length, sid.length);
    }

    @Test
    void longKeysAreFoundAgainAsTextAndAsBytes() {
        // 200 bytes need a two-byte length; 3 MB is more than a page of the key arena.
        String user = "u".repeat(200);
        String sid = "s".repeat(3 << 20);
        SessionTable t = new SessionTable(10);
        add(t, user, sid, "1", List.of("10.0.0.1"), List.of("ua"));
        add(t, "short", "s1", "1", List.of("10.0.0.1"), List.of("ua"));
        byte[] key = ("UserLoggedIn" + user + sid).getBytes(StandardCharsets.US_ASCII);
        EpochTime time = new EpochTime();
        time.parse("2");
        t.observe(new Event().key(new KeyBytes().set(key, 0, 12, 12, 200, 212, sid.length())).time(time).addresses(List.of("10.0.0.2")).userAgents(List.of("ua")));
        assertEquals(2, t.size());
        Finding f = t.findings(2).get(0);
        assertEquals(user, f.key().user());
        assertEquals(sid, f.key().sessionId());
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), f.ips());
        assertTrue(t.contains(new SessionKey("UserLoggedIn", "short", "s1")));
    }
}
