package io.concurrentsessions.ual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The add-on's field mapping, one rule at a time. */
class ActivityRecordFieldsTest {

    @Test
    void mapsEveryFieldTheDetectionUses() throws Exception {
        Map<String, List<String>> f = ActivityRecordFields.parse(new SignInRecord()
                .at(1_687_089_767L).clientIp("104.28.196.199").actorIp("104.28.196.199")
                .upn("Lidia@contoso.onmicrosoft.com").sessionId("sid-1").userAgent("UA/1").line());
        assertEquals(Map.of(
                "_time", List.of("1687089767"),
                "src_ip", List.of("104.28.196.199"),
                "user", List.of("Lidia@contoso.onmicrosoft.com"),
                "user_agent", List.of("UA/1"),
                "SessionId", List.of("sid-1"),
                "Operation", List.of("UserLoggedIn"),
                "Workload", List.of("AzureActiveDirectory"),
                "device_os", List.of("Windows 10"),
                "device_browser", List.of("Edge"),
                "log", List.of("audit")), f);
    }

    @Test
    void devicePropertiesBecomeTheDeviceFields() throws Exception {
        JsonObject r = new SignInRecord().sessionId("sid-2").json();
        JsonArray dev = r.getAsJsonArray("DeviceProperties");
        dev.add(entry("Id", "8bfcb982-6856-4402-924c-ada2486321cc"));
        dev.add(entry("IsCompliantAndManaged", "True"));
        dev.add(entry("TrustType", "Azure AD joined"));
        Map<String, List<String>> f = ActivityRecordFields.parse(r.toString());
        assertEquals(List.of("8bfcb982-6856-4402-924c-ada2486321cc"), f.get("device_id"));
        assertEquals(List.of("true"), f.get("device_managed"));
        assertEquals(List.of("Azure AD joined"), f.get("device_trust_type"));
        assertEquals(List.of("sid-2"), f.get("SessionId"), "the session id is read from the same entries");

        JsonObject unmanaged = new SignInRecord().json();
        unmanaged.getAsJsonArray("DeviceProperties").add(entry("IsCompliantAndManaged", "False"));
        assertEquals(List.of("false"), ActivityRecordFields.parse(unmanaged.toString()).get("device_managed"));
        assertFalse(ActivityRecordFields.parse(new SignInRecord().line()).containsKey("device_managed"), "unknown stays absent");
    }

    private static JsonObject entry(String name, String value) {
        JsonObject o = new JsonObject();
        o.addProperty("Name", name);
        o.addProperty("Value", value);
        return o;
    }

    @Test
    void srcIpIsActorIpAddressWhenNonEmptyElseClientIp() throws Exception {
        assertEquals(List.of("198.51.100.1"), ActivityRecordFields.parse(
                new SignInRecord().clientIp("203.0.113.9").actorIp("198.51.100.1").line()).get("src_ip"));
        assertEquals(List.of("203.0.113.9"), ActivityRecordFields.parse(
                new SignInRecord().clientIp("203.0.113.9").actorIp("").line()).get("src_ip"));
        assertEquals(List.of("203.0.113.9"), ActivityRecordFields.parse(
                new SignInRecord().clientIp("203.0.113.9").actorIp(null).line()).get("src_ip"));
        // The add-on does not normalise; neither does the mapping (the scanner does, before counting).
        assertEquals(List.of("[2001:db8::1]:443"), ActivityRecordFields.parse(
                new SignInRecord().clientIp("[2001:db8::1]:443").line()).get("src_ip"));
    }

    @Test
    void userIsTheActorOfType5ElseUserId() throws Exception {
        assertEquals(List.of("upn@contoso.com"), ActivityRecordFields.parse(
                new SignInRecord().upn("upn@contoso.com").userId("Other@contoso.com").line()).get("user"));
        assertEquals(List.of("fallback@contoso.com"), ActivityRecordFields.parse(
                new SignInRecord().upn(null).userId("fallback@contoso.com").line()).get("user"));
        // Type as a string "5" counts too (JSON written by other tools).
        JsonObject r = new SignInRecord().upn(null).userId("uid").json();
        JsonArray actor = r.getAsJsonArray("Actor");
        JsonObject typed = new JsonObject();
        typed.addProperty("ID", "stringtype@contoso.com");
        typed.addProperty("Type", "5");
        actor.add(typed);
        assertEquals(List.of("stringtype@contoso.com"), ActivityRecordFields.parse(r.toString()).get("user"));
    }

    @Test
    void missingDevicePropertiesMeansNoSessionId() throws Exception {
        Map<String, List<String>> f = ActivityRecordFields.parse(new SignInRecord().withoutDeviceProperties().line());
        assertFalse(f.containsKey("SessionId"));
        assertEquals(List.of("UserLoggedIn"), f.get("Operation"));
    }

    @Test
    void userAgentKeepsQuotesCommasNewlinesAndNonAscii() throws Exception {
        String ua = "Mozilla/5.0 (\"quoted\", comma)\nsecond line Ünïcødé 日本 \uD83D\uDE00";
        assertEquals(List.of(ua), ActivityRecordFields.parse(new SignInRecord().userAgent(ua).line()).get("user_agent"));
    }

    @Test
    void creationTimeIsUtcWholeSeconds() throws Exception {
        assertEquals(1_687_089_767L, ActivityRecordFields.epochSeconds("2023-06-18T12:02:47"));
        assertEquals(1_687_089_767L, ActivityRecordFields.epochSeconds("2023-06-18T12:02:47.9"));
        assertEquals(1_687_089_767L, ActivityRecordFields.epochSeconds("2023-06-18T12:02:47.0000000Z"));
        assertEquals(1_687_089_767L, ActivityRecordFields.epochSeconds("2023-06-18T14:02:47+02:00"));
    }

    @Test
    void recordsThatCannotBeEventsSayWhy() {
        assertEquals("no CreationTime", assertThrows(MalformedRecordException.class,
                () -> ActivityRecordFields.parse("{\"Operation\":\"UserLoggedIn\"}")).getMessage());
        assertEquals("CreationTime \"yesterday\" is not a date and time", assertThrows(MalformedRecordException.class,
                () -> ActivityRecordFields.parse("{\"CreationTime\":\"yesterday\"}")).getMessage());
        assertEquals("a JSON number where a record object belongs", assertThrows(MalformedRecordException.class,
                () -> ActivityRecordFields.parse("42")).getMessage());
        String broken = assertThrows(MalformedRecordException.class,
                () -> ActivityRecordFields.parse("{\"CreationTime\":\"2023-06-18T12:02:47\",")).getMessage();
        assertEquals(true, broken.startsWith("not a JSON record: "), broken);
    }

    /** Found by AuditLogFuzzTest.activityRecord: a CreationTime of blanks threw StringIndexOutOfBoundsException. */
    @Test
    void blankCreationTimeIsAMalformedRecordNotACrash() {
        assertEquals("CreationTime \"\u000b\" is not a date and time", assertThrows(MalformedRecordException.class,
                () -> ActivityRecordFields.parse("{\"CreationTime\": \"\\u000b\"}")).getMessage());
        assertEquals("CreationTime \" \" is not a date and time", assertThrows(MalformedRecordException.class,
                () -> ActivityRecordFields.parse("{\"CreationTime\": \" \"}")).getMessage());
    }

    @Test
    void searchUnifiedAuditLogWrapperIsUnwrapped() throws Exception {
        JsonObject wrapper = new JsonObject();
        wrapper.addProperty("RecordType", "AzureActiveDirectoryStsLogon");
        wrapper.addProperty("CreationDate", "6/18/2023 12:02:47 PM");
        wrapper.addProperty("AuditData", new SignInRecord().sessionId("wrapped").line());
        assertEquals(List.of("wrapped"), ActivityRecordFields.parse(wrapper.toString()).get("SessionId"));
    }
}
