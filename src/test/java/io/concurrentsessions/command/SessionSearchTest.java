package io.concurrentsessions.command;

import io.concurrentsessions.scp.CommandException;
import io.concurrentsessions.scp.OutputRow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.concurrentsessions.command.Events.event;
import static io.concurrentsessions.command.Events.fields;
import static io.concurrentsessions.command.Events.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionSearchTest {

    private static List<OutputRow> run(CommandOptions o, List<Map<String, List<String>>> events) {
        SessionSearch s = new SessionSearch(o);
        for (Map<String, List<String>> e : events) {
            s.observe(fields(e));
        }
        return s.results();
    }

    @Test
    void reportsASessionUsedFromTwoAddressesWithTheSeedColumnsAndAnnotations() {
        List<OutputRow> rows = run(CommandOptions.defaults(), List.of(
                login("1599171244.277", "alice@x.com", "s1", "10.0.0.9", "UA-1"),
                login("1599171200.5", "alice@x.com", "s1", "10.0.0.10", "UA-2"),
                login("1599171300", "alice@x.com", "s1", "10.0.0.9", "UA-1"),
                login("1599171300", "bob@x.com", "s2", "10.0.0.1", "UA-1")));
        assertEquals(1, rows.size());
        OutputRow r = rows.get(0);
        assertEquals(List.of("Operation", "user", "SessionId", "firstTime", "lastTime", "ips", "user_agents",
                "risk_score", "risk_object", "risk_object_type", "risk_message", "mitre_technique_id",
                "ip_first_seen", "ip_last_seen", "ip_event_count", "ip_network", "ip_location", "network_count",
                "concurrent", "overlap_seconds", "max_travel_kmh", "user_agent_count", "ua_changed_with_ip", "reasons", "profile",
                "ip_client", "client_changed_with_ip", "ip_device", "device_changed_with_ip", "ip_log"),
                List.copyOf(r.fields().keySet()));
        assertEquals("UserLoggedIn", r.value("Operation"));
        assertEquals("1599171200.5", r.value("firstTime"));
        assertEquals("1599171300", r.value("lastTime"));
        assertEquals(List.of("10.0.0.10", "10.0.0.9"), r.values("ips"));
        assertEquals(List.of("UA-1", "UA-2"), r.values("user_agents"));
        assertEquals("42", r.value("risk_score"));
        assertEquals("alice@x.com", r.value("risk_object"));
        assertEquals("user", r.value("risk_object_type"));
        assertEquals("User alice@x.com has logged in with the same session id from more than one unique IP address",
                r.value("risk_message"));
        assertEquals("T1185", r.value("mitre_technique_id"));
    }

    @Test
    void dropsAndCountsEventsMissingAByField() {
        SessionSearch s = new SessionSearch(CommandOptions.defaults());
        s.observe(fields(login("1", "u", "", "1.1.1.1", "a")));
        s.observe(fields(event("_time", "1", "Operation", "UserLoggedIn", "SessionId", "s", "src_ip", "1.1.1.2")));
        s.observe(fields(login("1", "u", "s", "1.1.1.1", "a")));
        s.observe(fields(login("2", "u", "s", "1.1.1.2", "")));
        assertEquals(3 + 1, s.stats().eventsSeen());
        assertEquals(2, s.stats().eventsMissingKey());
        List<OutputRow> rows = s.results();
        assertEquals(1, rows.size());
        assertEquals(List.of("1.1.1.1", "1.1.1.2"), rows.get(0).values("ips"));
        assertEquals(List.of("a"), rows.get(0).values("user_agents"));
        assertTrue(s.summary().contains("2 events lacked"), s.summary());
    }

    @Test
    void nonNumericTimeStillContributesAddressesButNoTimes() {
        List<OutputRow> rows = run(CommandOptions.defaults(), List.of(
                login("soon", "u", "s", "1.1.1.1", "a"),
                login("", "u", "s", "1.1.1.2", "b")));
        assertEquals(1, rows.size());
        assertNull(rows.get(0).value("firstTime"));
        assertNull(rows.get(0).value("lastTime"));
        assertEquals(List.of("1.1.1.1", "1.1.1.2"), rows.get(0).values("ips"));
    }

    @Test
    void overriddenInputFieldsKeepTheSeedOutputNames() throws CommandException {
        CommandOptions o = CommandOptions.parse(List.of("ip_field=ClientIP", "user_field=UserId", "min_ips=3"));
        List<OutputRow> rows = run(o, List.of(
                event("_time", "1", "Operation", "UserLoggedIn", "UserId", "u", "SessionId", "s", "ClientIP", "a"),
                event("_time", "2", "Operation", "UserLoggedIn", "UserId", "u", "SessionId", "s", "ClientIP", "b",
                        "ClientIP", "c"),
                event("_time", "3", "Operation", "UserLoggedIn", "UserId", "v", "SessionId", "s", "ClientIP", "a",
                        "ClientIP", "b")));
        assertEquals(1, rows.size());
        assertEquals("u", rows.get(0).value("user"));
        assertEquals(List.of("a", "b", "c"), rows.get(0).values("ips"));
    }
}
