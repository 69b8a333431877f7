package io.concurrentsessions.ual;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Builds a Management Activity API UserLoggedIn record (RecordType 15) shaped like the real ones
 * in shared/fixtures/ual, for tests and benchmarks that need known answers.
 */
public final class SignInRecord {
    private static final DateTimeFormatter CREATION_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private long epochSeconds = 1_687_089_767L;
    private String operation = "UserLoggedIn";
    private String workload = "AzureActiveDirectory";
    private String clientIp = "203.0.113.10";
    private String actorIp;
    private String upn = "alice@contoso.onmicrosoft.com";
    private String userId;
    private String userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    private String sessionId = "31bbdbf0-dc1e-4a35-a2fb-610b34f83f02";
    private boolean deviceProperties = true;

    public SignInRecord at(long v) { epochSeconds = v; return this; }
    public SignInRecord operation(String v) { operation = v; return this; }
    public SignInRecord workload(String v) { workload = v; return this; }
    public SignInRecord clientIp(String v) { clientIp = v; return this; }
    /** ActorIpAddress; null leaves it out, "" writes it empty. */
    public SignInRecord actorIp(String v) { actorIp = v; return this; }
    /** The Actor entry of Type 5; null leaves it out. */
    public SignInRecord upn(String v) { upn = v; return this; }
    /** UserId; defaults to the UPN. */
    public SignInRecord userId(String v) { userId = v; return this; }
    public SignInRecord userAgent(String v) { userAgent = v; return this; }
    public SignInRecord sessionId(String v) { sessionId = v; return this; }
    public SignInRecord withoutDeviceProperties() { deviceProperties = false; return this; }

    public JsonObject json() {
        JsonObject r = new JsonObject();
        r.addProperty("CreationTime", CREATION_TIME.format(Instant.ofEpochSecond(epochSeconds)));
        r.addProperty("Id", java.util.UUID.nameUUIDFromBytes((clientIp + epochSeconds + sessionId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        r.addProperty("Operation", operation);
        r.addProperty("OrganizationId", "8d4121ed-0008-406d-bff9-0d5bb312183c");
        r.addProperty("RecordType", 15);
        r.addProperty("ResultStatus", "Success");
        r.addProperty("UserKey", "f23cb258-50ca-4092-9027-5c4ca2f1d999");
        r.addProperty("UserType", 0);
        r.addProperty("Version", 1);
        r.addProperty("Workload", workload);
        if (clientIp != null) {
            r.addProperty("ClientIP", clientIp);
        }
        r.addProperty("ObjectId", "00000002-0000-0ff1-ce00-000000000000");
        String uid = userId != null ? userId : upn;
        if (uid != null) {
            r.addProperty("UserId", uid);
        }
        r.addProperty("AzureActiveDirectoryEventType", 1);
        JsonArray ext = new JsonArray();
        ext.add(entry("Name", "ResultStatusDetail", "Value", "Success"));
        if (userAgent != null) {
            ext.add(entry("Name", "UserAgent", "Value", userAgent));
        }
        ext.add(entry("Name", "RequestType", "Value", "OAuth2:Token"));
        r.add("ExtendedProperties", ext);
        r.add("ModifiedProperties", new JsonArray());
        JsonArray actor = new JsonArray();
        JsonObject guid = new JsonObject();
        guid.addProperty("ID", "f23cb258-50ca-4092-9027-5c4ca2f1d999");
        guid.addProperty("Type", 0);
        actor.add(guid);
        if (upn != null) {
            JsonObject u = new JsonObject();
            u.addProperty("ID", upn);
            u.addProperty("Type", 5);
            actor.add(u);
        }
        r.add("Actor", actor);
        if (actorIp != null) {
            r.addProperty("ActorIpAddress", actorIp);
        }
        if (deviceProperties) {
            JsonArray dev = new JsonArray();
            dev.add(entry("Name", "OS", "Value", "Windows 10"));
            dev.add(entry("Name", "BrowserType", "Value", "Edge"));
            if (sessionId != null) {
                dev.add(entry("Name", "SessionId", "Value", sessionId));
            }
            r.add("DeviceProperties", dev);
        }
        r.addProperty("ErrorNumber", "0");
        return r;
    }

    /** One line of a JSON lines export. */
    public String line() {
        return json().toString();
    }

    private static JsonObject entry(String k1, String v1, String k2, String v2) {
        JsonObject o = new JsonObject();
        o.addProperty(k1, v1);
        o.addProperty(k2, v2);
        return o;
    }
}
