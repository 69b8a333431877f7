package io.concurrentsessions.ual;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds an Office 365 audit record of a sign-in (RecordType 15, AzureActiveDirectoryStsLogon,
 * Operation UserLoggedIn) as the Management Activity API writes it: the user agent in
 * ExtendedProperties, the session id and the device in DeviceProperties (Name/Value pairs: OS,
 * BrowserType, IsCompliantAndManaged as "True"/"False", TrustType, Id, SessionId). Values are made up.
 */
public final class UserLoggedInRecord {
    private long epochSeconds = 1_709_630_525L;
    private String upn = "lidia.holloway@contoso.onmicrosoft.com";
    private String ip = "198.51.100.7";
    private String userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36";
    private String sessionId = "db92d65a-243a-444d-bb11-19b1c382295a";
    private final Map<String, String> device = new LinkedHashMap<>();

    public UserLoggedInRecord() {
        device.put("OS", "Windows10");
        device.put("BrowserType", "Chrome");
    }

    public UserLoggedInRecord at(long v) { epochSeconds = v; return this; }
    public UserLoggedInRecord upn(String v) { upn = v; return this; }
    public UserLoggedInRecord ip(String v) { ip = v; return this; }
    public UserLoggedInRecord userAgent(String v) { userAgent = v; return this; }
    public UserLoggedInRecord sessionId(String v) { sessionId = v; return this; }

    /** DeviceProperties Id, IsCompliantAndManaged ("True"/"False" as the service writes it) and TrustType; null leaves an entry out. */
    public UserLoggedInRecord device(String id, String compliantAndManaged, String trustType) {
        putOrRemove("Id", id);
        putOrRemove("IsCompliantAndManaged", compliantAndManaged);
        putOrRemove("TrustType", trustType);
        return this;
    }

    private void putOrRemove(String name, String value) {
        if (value == null) {
            device.remove(name);
        } else {
            device.put(name, value);
        }
    }

    /** One JSON line of a Management Activity API export. */
    public String jsonLine() {
        JsonObject r = new JsonObject();
        r.addProperty("CreationTime", LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC).toString());
        r.addProperty("Id", UUID.nameUUIDFromBytes((ip + epochSeconds + sessionId).getBytes()).toString());
        r.addProperty("Operation", "UserLoggedIn");
        r.addProperty("OrganizationId", "8d4121ed-0008-406d-bff9-0d5bb312183c");
        r.addProperty("RecordType", 15);
        r.addProperty("ResultStatus", "Success");
        r.addProperty("UserType", 0);
        r.addProperty("Version", 1);
        r.addProperty("Workload", "AzureActiveDirectory");
        r.addProperty("ClientIP", ip);
        r.addProperty("UserId", upn);
        r.addProperty("AzureActiveDirectoryEventType", 1);
        JsonArray extended = new JsonArray();
        extended.add(entry("ResultStatusDetail", "Success"));
        extended.add(entry("UserAgent", userAgent));
        extended.add(entry("RequestType", "OAuth2:Authorize"));
        r.add("ExtendedProperties", extended);
        JsonArray actor = new JsonArray();
        JsonObject actorUpn = new JsonObject();
        actorUpn.addProperty("ID", upn);
        actorUpn.addProperty("Type", 5);
        actor.add(actorUpn);
        r.add("Actor", actor);
        JsonArray properties = new JsonArray();
        device.forEach((name, value) -> properties.add(entry(name, value)));
        properties.add(entry("SessionId", sessionId));
        r.add("DeviceProperties", properties);
        r.addProperty("ErrorNumber", "0");
        return r.toString();
    }

    private static JsonObject entry(String name, String value) {
        JsonObject e = new JsonObject();
        e.addProperty("Name", name);
        e.addProperty("Value", value);
        return e;
    }
}
