package io.concurrentsessions.ual;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds an Entra ID sign-in as Microsoft publishes its shapes: the Graph {@code signIn} resource
 * (beta: sessionId, userAgent, signInEventTypes; v1.0 has neither of the three), its {@code
 * deviceDetail} and {@code signInLocation}, and the Azure Monitor diagnostic record that carries it
 * under {@code properties} (reference-azure-monitor-sign-ins-log-schema). Values are made up.
 */
public final class EntraSignIn {
    private long epochSeconds = 1_709_630_525L;
    private String upn = "lidia.holloway@contoso.onmicrosoft.com";
    private String ip = "203.0.113.19";
    private String userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36";
    private String sessionId = "db92d65a-243a-444d-bb11-19b1c382295a";
    private boolean interactive = true;
    private boolean v1 = false;
    private int errorCode = 0;
    private String city = "Amsterdam";
    private String country = "NL";
    private Double lat = 52.3676;
    private Double lon = 4.9041;
    private String deviceId = "";
    private Boolean managed = false;
    private Boolean compliant = false;
    private String trustType = "";

    public EntraSignIn at(long v) { epochSeconds = v; return this; }
    public EntraSignIn upn(String v) { upn = v; return this; }
    /** ipAddress; "" writes it empty. */
    public EntraSignIn ip(String v) { ip = v; return this; }
    public EntraSignIn userAgent(String v) { userAgent = v; return this; }
    /** null leaves sessionId out (v1.0, older records). */
    public EntraSignIn sessionId(String v) { sessionId = v; return this; }
    public EntraSignIn nonInteractive() { interactive = false; return this; }
    /** The v1.0 resource: no sessionId, userAgent or signInEventTypes. */
    public EntraSignIn v1() { v1 = true; return this; }
    public EntraSignIn failed(int code) { errorCode = code; return this; }
    public EntraSignIn place(String c, String k, Double la, Double lo) { city = c; country = k; lat = la; lon = lo; return this; }
    public EntraSignIn device(String id, Boolean isManaged, Boolean isCompliant, String trust) {
        deviceId = id; managed = isManaged; compliant = isCompliant; trustType = trust; return this;
    }

    public String createdDateTime() {
        // Graph writes whole seconds with Z; Azure Monitor seven fraction digits and +00:00 (both from the schemas).
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    /** The Graph signIn object (also the admin center's JSON download and an Azure Monitor record's properties). */
    public JsonObject graph() {
        JsonObject r = new JsonObject();
        r.addProperty("id", UUID.nameUUIDFromBytes((ip + epochSeconds + sessionId + upn).getBytes()).toString());
        r.addProperty("createdDateTime", createdDateTime());
        r.addProperty("userDisplayName", "Lidia Holloway");
        r.addProperty("userPrincipalName", upn);
        r.addProperty("userId", "f23cb258-50ca-4092-9027-5c4ca2f1d999");
        r.addProperty("appId", "4765445b-32c6-49b0-83e6-1d93765276ca");
        r.addProperty("appDisplayName", "OfficeHome");
        r.addProperty("ipAddress", ip);
        r.addProperty("clientAppUsed", "Browser");
        if (!v1) {
            r.addProperty("userAgent", userAgent);
        }
        r.addProperty("correlationId", "a75a10bd-c126-486b-9742-c03110d36262");
        r.addProperty("conditionalAccessStatus", "notApplied");
        r.addProperty("isInteractive", interactive);
        r.addProperty("riskDetail", "none");
        r.addProperty("riskLevelAggregated", "none");
        r.add("riskEventTypes_v2", new JsonArray());
        r.addProperty("resourceDisplayName", "Office 365 Exchange Online");
        JsonObject status = new JsonObject();
        status.addProperty("errorCode", errorCode);
        if (errorCode != 0) {
            status.addProperty("failureReason", "Error validating credentials due to invalid username or password.");
        }
        r.add("status", status);
        JsonObject device = new JsonObject();
        device.addProperty("deviceId", deviceId);
        device.addProperty("displayName", "");
        device.addProperty("operatingSystem", "Windows10");
        device.addProperty("browser", "Chrome 122.0.0");
        if (compliant != null) {
            device.addProperty("isCompliant", compliant);
        }
        if (managed != null) {
            device.addProperty("isManaged", managed);
        }
        device.addProperty("trustType", trustType);
        r.add("deviceDetail", device);
        JsonObject location = new JsonObject();
        location.addProperty("city", city);
        location.addProperty("state", "");
        location.addProperty("countryOrRegion", country);
        JsonObject geo = new JsonObject();
        geo.add("altitude", null);
        geo.addProperty("latitude", lat);
        geo.addProperty("longitude", lon);
        location.add("geoCoordinates", geo);
        r.add("location", location);
        r.add("appliedConditionalAccessPolicies", new JsonArray());
        if (!v1) {
            JsonArray types = new JsonArray();
            types.add(interactive ? "interactiveUser" : "nonInteractiveUser");
            r.add("signInEventTypes", types);
            if (sessionId != null) {
                r.addProperty("sessionId", sessionId);
            }
            r.addProperty("uniqueTokenIdentifier", "AAAAAAAAAAAAAAAAAAAAAA");
            r.addProperty("autonomousSystemNumber", 1136);
        }
        return r;
    }

    /** The Azure Monitor diagnostic record: the sign-in under properties, its category outside. */
    public JsonObject azureMonitor() {
        JsonObject r = new JsonObject();
        r.addProperty("time", createdDateTime().replace("Z", ".0000000Z"));
        r.addProperty("resourceId", "/tenants/8d4121ed-0008-406d-bff9-0d5bb312183c/providers/Microsoft.aadiam");
        r.addProperty("operationName", "Sign-in activity");
        r.addProperty("operationVersion", "1.0");
        r.addProperty("category", interactive ? "SignInLogs" : "NonInteractiveUserSignInLogs");
        r.addProperty("tenantId", "8d4121ed-0008-406d-bff9-0d5bb312183c");
        r.addProperty("resultType", Integer.toString(errorCode));
        r.addProperty("resultSignature", "None");
        r.addProperty("durationMs", 0);
        r.addProperty("callerIpAddress", ip);
        r.addProperty("correlationId", "a75a10bd-c126-486b-9742-c03110d36262");
        r.addProperty("identity", "Lidia Holloway");
        r.addProperty("Level", 4);
        r.addProperty("location", country);
        JsonObject properties = graph();
        properties.addProperty("createdDateTime", createdDateTime().replace("Z", ".0000000+00:00"));
        r.add("properties", properties);
        return r;
    }

    /** A Graph page: {"@odata.context": ..., "value": [...], "@odata.nextLink": ...}. */
    public static JsonObject page(String nextLink, JsonObject... signIns) {
        JsonObject page = new JsonObject();
        page.addProperty("@odata.context", "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns");
        JsonArray value = new JsonArray();
        for (JsonObject s : signIns) {
            value.add(s);
        }
        page.add("value", value);
        if (nextLink != null) {
            page.addProperty("@odata.nextLink", nextLink);
        }
        return page;
    }
}
