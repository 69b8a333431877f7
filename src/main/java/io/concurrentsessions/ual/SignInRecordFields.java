package io.concurrentsessions.ual;

import static io.concurrentsessions.ual.LenientJson.firstString;
import static io.concurrentsessions.ual.LenientJson.object;
import static io.concurrentsessions.ual.LenientJson.scalar;
import static io.concurrentsessions.ual.LenientJson.skip;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Entra ID sign-in record mapped to the command's fields, whichever way it was exported: a
 * Microsoft Graph {@code signIn} (v1.0 or beta, also the admin center's JSON download), an Azure
 * Monitor diagnostic record ({@code time}, {@code category}, {@code callerIpAddress}, the sign-in
 * under {@code properties}) or a Log Analytics row (the same names in PascalCase, {@code
 * LocationDetails} and {@code DeviceDetail} as objects or as JSON text). Names match ignoring case.
 * The mapping is the table in docs/scanner.md. Members are fed one at a time ({@link #member}) so
 * that a reader that has already consumed the first member names of an object can hand it over.
 */
final class SignInRecordFields {
    static final String LOG = "log";
    static final String LOG_SIGNIN = "signin";
    static final String LOG_AUDIT = "audit";
    static final String WORKLOAD_AAD = "AzureActiveDirectory";
    static final String INTERACTIVE = "SignInLogs";
    static final String NON_INTERACTIVE = "NonInteractiveUserSignInLogs";
    static final String SERVICE_PRINCIPAL = "ServicePrincipalSignInLogs";
    static final String MANAGED_IDENTITY = "ManagedIdentitySignInLogs";
    /** The Azure Monitor / Log Analytics categories that are sign-ins; any other category is another kind of record. */
    static final Set<String> SIGN_IN_CATEGORIES = Set.of(INTERACTIVE, NON_INTERACTIVE, SERVICE_PRINCIPAL, MANAGED_IDENTITY);

    private String created;
    private String outerTime;
    private String category;
    private String upn;
    private String ip;
    private String callerIp;
    private String userAgent;
    private String sessionId;
    private String isInteractive;
    private String eventType;
    private String errorCode;
    private String city;
    private String country;
    private String lat;
    private String lon;
    private String deviceId;
    private String os;
    private String browser;
    private String managed;
    private String compliant;
    private String trustType;
    private String otherKind;

    /** The fields of one record given as JSON text (a JSON line). */
    static Map<String, List<String>> parse(String json) throws MalformedRecordException {
        JsonReader in = new JsonReader(new StringReader(json));
        try {
            Map<String, List<String>> fields = read(in);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedRecordException("text after the end of the JSON record");
            }
            return fields;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new MalformedRecordException("not a JSON record: " + ActivityRecordFields.describe(e));
        }
    }

    /** The record at the reader's position, which must be an object; the reader is past it afterwards. */
    static Map<String, List<String>> read(JsonReader in) throws IOException, MalformedRecordException {
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            String kind = in.peek().toString().toLowerCase(Locale.ROOT);
            in.skipValue();
            throw new MalformedRecordException("a JSON " + kind + " where a sign-in record belongs");
        }
        SignInRecordFields record = new SignInRecordFields();
        in.beginObject();
        while (in.hasNext()) {
            record.member(in.nextName(), in);
        }
        in.endObject();
        return record.fields();
    }

    /** Reads the value of the member {@code name} (the reader is on that value). */
    void member(String name, JsonReader in) throws IOException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "createddatetime" -> created = scalar(in);
            case "time", "timegenerated" -> outerTime = scalar(in);
            case "category" -> category = scalar(in);
            case "userprincipalname" -> upn = scalar(in);
            case "ipaddress" -> ip = scalar(in);
            case "calleripaddress" -> callerIp = scalar(in);
            case "useragent" -> userAgent = scalar(in);
            case "sessionid" -> sessionId = scalar(in);
            case "isinteractive" -> isInteractive = scalar(in);
            case "signineventtypes" -> eventType = firstString(in);
            case "status" -> object(in, this::status);
            case "resulttype" -> errorCode = errorCode == null ? scalar(in) : skip(in);
            case "location", "locationdetails" -> location(in);
            case "devicedetail" -> object(in, this::device);
            case "properties" -> object(in, this::member);
            case "activitydatetime" -> otherKind(in, "a directory audit record (activityDateTime), not a sign-in");
            case "riskeventtype", "detecteddatetime" -> otherKind(in, "a risk detection, not a sign-in");
            case "creationtime" -> otherKind(in, "an Office 365 audit record (CreationTime): give it to scan as a file of its own");
            default -> in.skipValue();
        }
    }

    /** The command's fields; throws for a record that is not a usable successful sign-in. */
    Map<String, List<String>> fields() throws MalformedRecordException {
        String operation = operation();
        String when = isEmpty(created) ? outerTime : created;
        if (isEmpty(when)) {
            if (otherKind != null) {
                throw new RecordOfOtherKindException(otherKind);
            }
            throw new MalformedRecordException("no createdDateTime");
        }
        if (!isEmpty(errorCode) && !errorCode.equals("0") && !errorCode.equalsIgnoreCase("Success")) {
            // The UAL logs failures as UserLoginFailed and the seed keeps UserLoggedIn only: failed sign-ins are not the session's use.
            throw new RecordOfOtherKindException("a failed sign-in (error " + errorCode + ")");
        }
        Map<String, List<String>> fields = new HashMap<>(24);
        fields.put(ActivityRecordFields.TIME, List.of(SplunkTime.epochSeconds(when)));
        put(fields, ActivityRecordFields.OPERATION, operation);
        put(fields, ActivityRecordFields.WORKLOAD, WORKLOAD_AAD);
        put(fields, LOG, LOG_SIGNIN);
        put(fields, ActivityRecordFields.USER, upn);
        put(fields, ActivityRecordFields.SRC_IP, isEmpty(ip) ? callerIp : ip);
        put(fields, ActivityRecordFields.USER_AGENT, userAgent);
        put(fields, ActivityRecordFields.SESSION_ID, sessionId);
        put(fields, "City", city);
        put(fields, "Country", country);
        put(fields, "lat", lat);
        put(fields, "lon", lon);
        putDevice(fields, deviceId, os, browser, managedValue(managed, compliant), trustType);
        return fields;
    }

    /** The category, else the Graph record's own words for it, else interactive (what /signIns lists unless filtered). */
    private String operation() throws RecordOfOtherKindException {
        if (!isEmpty(category)) {
            String c = category.startsWith("AAD") ? category.substring(3) : category;
            for (String known : SIGN_IN_CATEGORIES) {
                if (known.equalsIgnoreCase(c)) {
                    return known;
                }
            }
            throw new RecordOfOtherKindException("category " + category + " is not a sign-in category");
        }
        if (!isEmpty(eventType)) {
            switch (eventType.toLowerCase(Locale.ROOT)) {
                case "interactiveuser", "interactive" -> {
                    return INTERACTIVE;
                }
                case "noninteractiveuser", "noninteractive" -> {
                    return NON_INTERACTIVE;
                }
                case "serviceprincipal" -> {
                    return SERVICE_PRINCIPAL;
                }
                case "managedidentity" -> {
                    return MANAGED_IDENTITY;
                }
                default -> {
                    // isInteractive decides below
                }
            }
        }
        return "false".equalsIgnoreCase(isInteractive) ? NON_INTERACTIVE : INTERACTIVE;
    }

    private void status(String name, JsonReader in) throws IOException {
        if (name.equalsIgnoreCase("errorCode")) {
            errorCode = scalar(in);
        } else {
            in.skipValue();
        }
    }

    /** Graph's signInLocation; Azure Monitor's outer {@code location} is a bare country code. */
    private void location(JsonReader in) throws IOException {
        if (in.peek() == JsonToken.STRING) {
            String text = in.nextString().strip();
            if (text.startsWith("{")) {
                object(new JsonReader(new StringReader(text)), this::place);
            } else if (country == null && !text.isEmpty()) {
                country = text;
            }
            return;
        }
        object(in, this::place);
    }

    private void place(String name, JsonReader in) throws IOException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "city" -> city = scalar(in);
            case "countryorregion" -> country = scalar(in);
            case "geocoordinates" -> object(in, (n, r) -> {
                switch (n.toLowerCase(Locale.ROOT)) {
                    case "latitude" -> lat = scalar(r);
                    case "longitude" -> lon = scalar(r);
                    default -> r.skipValue();
                }
            });
            default -> in.skipValue();
        }
    }

    private void device(String name, JsonReader in) throws IOException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "deviceid" -> deviceId = scalar(in);
            case "operatingsystem" -> os = scalar(in);
            case "browser" -> browser = scalar(in);
            case "ismanaged" -> managed = scalar(in);
            case "iscompliant" -> compliant = scalar(in);
            case "trusttype" -> trustType = scalar(in);
            default -> in.skipValue();
        }
    }

    /** fields.md: "true" when managed or compliant, "false" when known to be neither, null when unknown. */
    static String managedValue(String... flags) {
        boolean known = false;
        for (String f : flags) {
            String v = f == null ? "" : f.strip().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("yes")) {
                return "true";
            }
            known |= v.equals("false") || v.equals("no");
        }
        return known ? "false" : null;
    }

    static void putDevice(Map<String, List<String>> fields, String id, String os, String browser, String managed, String trust) {
        put(fields, "device_id", id);
        put(fields, "device_os", os);
        put(fields, "device_browser", browser);
        put(fields, "device_managed", managed);
        put(fields, "device_trust_type", trust);
    }

    private void otherKind(JsonReader in, String reason) throws IOException {
        in.skipValue();
        otherKind = reason;
    }

    private static void put(Map<String, List<String>> fields, String name, String value) {
        if (!isEmpty(value) && !value.isBlank()) {
            fields.put(name, List.of(value.strip()));
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
