package io.concurrentsessions.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.concurrentsessions.detect.EvidenceSettings;
import io.concurrentsessions.detect.Event;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionEvidence;
import io.concurrentsessions.detect.SessionKey;
import io.concurrentsessions.detect.SessionState;
import io.concurrentsessions.detect.SessionTable;
import io.concurrentsessions.detect.StringPool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device and log evidence: the managed-to-unmanaged rule, its columns, and map/reduce splits through the codec. */
class DeviceEvidenceTest {
    private static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0";

    /** Same browser, same city: only the device fields tell the replay apart. */
    private static List<Event> replay() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(1000 + i * 60, "198.51.100.7", "dev-a", "true", "audit"));
        }
        for (int i = 0; i < 5; i++) {
            events.add(event(1400 + i * 60, "203.0.113.9", null, "false", "signin"));
        }
        return events;
    }

    private static Event event(long t, String ip, String deviceId, String managed, String log) {
        return new Event().key(List.of("UserLoggedIn"), List.of("u@x"), List.of("sid")).time(Long.toString(t))
                .addresses(List.of(ip)).userAgents(List.of(EDGE))
                .context(EventFilter.context("51.5", "-0.12", "London", "United Kingdom", null,
                        EventFilter.origin(deviceId, managed, "AzureAd", log)));
    }

    private static Finding whole(List<Event> events) {
        SessionTable t = new SessionTable(100);
        events.forEach(t::observe);
        return t.findings(2).get(0);
    }

    @Test
    void managedDeviceGivingWayToAnUnmanagedOneIsAReplay() {
        SessionEvidence e = whole(replay()).evidence();
        assertTrue(e.deviceChangedWithIp(), e.toString());
        assertTrue(e.reasons().contains("managed device gave way to an unmanaged one"), e.reasons().toString());
        assertTrue(e.strictMatch());
        assertEquals(List.of("dev-a (managed)", "unmanaged"), e.devices());
        assertEquals(List.of("audit", "signin"), e.logs());
    }

    @Test
    void theSameManagedDeviceOnTwoNetworksIsNoDeviceChange() {
        List<Event> events = new ArrayList<>();
        events.add(event(1000, "198.51.100.7", "dev-a", "true", null));
        events.add(event(1400, "203.0.113.9", "dev-a", "true", null));
        SessionEvidence e = whole(events).evidence();
        assertFalse(e.deviceChangedWithIp(), e.reasons().toString());
        assertFalse(e.strictMatch(), e.reasons().toString());
        assertEquals(List.of("unknown", "unknown"), e.logs());
    }

    @Test
    void withoutDeviceFieldsNothingChanges() {
        SessionTable t = new SessionTable(100);
        t.observe(new Event().key(List.of("UserLoggedIn"), List.of("u@x"), List.of("sid")).time("1").addresses(List.of("10.0.0.1")));
        t.observe(new Event().key(List.of("UserLoggedIn"), List.of("u@x"), List.of("sid")).time("2").addresses(List.of("10.0.1.1")));
        SessionEvidence e = t.findings(2).get(0).evidence();
        assertEquals(List.of(), e.devices(), "no device field anywhere: the column stays empty");
        assertEquals(List.of(), e.logs());
        assertFalse(e.deviceChangedWithIp());
        assertTrue(PartialStateCodec.encode(t.findings(2).get(0).key(), state(List.of(
                new Event().time("1").addresses(List.of("10.0.0.1"))))).startsWith("cs2|"));
    }

    private static SessionState state(List<Event> events) {
        SessionState s = new SessionState();
        StringPool pool = new StringPool();
        events.forEach(ev -> s.observe(ev, pool, SessionState.UNCAPPED));
        return s;
    }

    /** Every split of the events, each part encoded as the map phase would and merged by the reduce: the same row. */
    @Test
    void everySplitThroughTheCodecGivesTheSameRow() {
        List<Event> events = replay();
        events.add(event(1100, "198.51.100.7", "dev-b", "true", "signin"));
        events.add(event(1200, "198.51.100.7", "dev-c", "true", null));
        events.add(event(1250, "198.51.100.7", "dev-0", "true", null));
        events.add(event(1300, "198.51.100.7", "dev-d", "false", null));
        Finding expected = whole(events);
        assertEquals("dev-0 + dev-a + dev-b + dev-c + more (managed and unmanaged)", expected.evidence().devices().get(0));
        SessionKey key = expected.key();
        for (int cut = 1; cut < events.size(); cut++) {
            String left = PartialStateCodec.encode(key, state(events.subList(0, cut)));
            String right = PartialStateCodec.encode(key, state(events.subList(cut, events.size())));
            assertTrue(left.startsWith("cs3|"), left);
            SessionTable reduce = new SessionTable(100, SessionState.UNCAPPED, EvidenceSettings.DEFAULTS);
            reduce.merge(key, PartialStateCodec.decode(right, reduce.pool()).state());
            reduce.merge(key, PartialStateCodec.decode(left, reduce.pool()).state());
            Finding got = reduce.findings(2).get(0);
            assertEquals(expected.evidence(), got.evidence(), "cut " + cut);
        }
    }
}
