package io.concurrentsessions.ual;

import static io.concurrentsessions.ual.LenientJson.scalar;
import static io.concurrentsessions.ual.LenientJson.skip;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Management Activity API record (the JSON the API returns and the Purview export puts in
 * {@code AuditData}) mapped to the fields the Splunk Add-on for Microsoft Office 365 extracts for
 * sourcetype {@code o365:management:activity}:
 * <ul>
 * <li>{@code _time} = CreationTime, UTC, whole seconds, as epoch seconds</li>
 * <li>{@code src_ip} = ActorIpAddress when non-empty, else ClientIP (verbatim: the scanner normalises)</li>
 * <li>{@code user} = ID of the first Actor entry of Type 5 (the UPN), else UserId</li>
 * <li>{@code user_agent} = Value of the ExtendedProperties entry named UserAgent</li>
 * <li>{@code SessionId} = Value of the DeviceProperties entry named SessionId</li>
 * <li>{@code Operation}, {@code Workload} = the record's own keys</li>
 * </ul>
 * The record is read as a stream and every other key is skipped unparsed: a 2 KB record costs a
 * scan of its bytes, not a tree of objects.
 */
public final class ActivityRecordFields {
    public static final String TIME = "_time";
    public static final String SRC_IP = "src_ip";
    public static final String USER = "user";
    public static final String USER_AGENT = "user_agent";
    public static final String SESSION_ID = "SessionId";
    public static final String OPERATION = "Operation";
    public static final String WORKLOAD = "Workload";

    /** The actor type the add-on takes the user from: the UPN. */
    private static final String ACTOR_TYPE_UPN = "5";

    private ActivityRecordFields() {
    }

    /** The fields of one record given as JSON text. */
    public static Map<String, List<String>> parse(String json) throws MalformedRecordException {
        JsonReader in = new JsonReader(new StringReader(json));
        Map<String, List<String>> fields;
        try {
            fields = read(in);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedRecordException("text after the end of the JSON record");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new MalformedRecordException("not a JSON record: " + describe(e));
        }
        return fields;
    }

    /**
     * The fields of the record at the reader's position, which must be a JSON object.
     *
     * @throws MalformedRecordException when it is not an object or lacks a usable CreationTime;
     *                                  the reader is then past the value
     * @throws IOException              when the JSON itself is broken (the stream cannot go on)
     */
    public static Map<String, List<String>> read(JsonReader in) throws IOException, MalformedRecordException {
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            String kind = in.peek().toString().toLowerCase(java.util.Locale.ROOT);
            in.skipValue();
            throw new MalformedRecordException("a JSON " + kind + " where a record object belongs");
        }
        String creationTime = null;
        String actorIp = null;
        String clientIp = null;
        String userId = null;
        String upn = null;
        String userAgent = null;
        Map<String, String> device = Map.of();
        String operation = null;
        String workload = null;
        String auditData = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "CreationTime" -> creationTime = scalar(in);
                case "ActorIpAddress" -> actorIp = scalar(in);
                case "ClientIP" -> clientIp = scalar(in);
                case "UserId" -> userId = scalar(in);
                case "Operation" -> operation = scalar(in);
                case "Workload" -> workload = scalar(in);
                case "Actor" -> upn = entryValue(in, "Type", ACTOR_TYPE_UPN, "ID");
                case "ExtendedProperties" -> userAgent = entryValue(in, "Name", "UserAgent", "Value");
                case "DeviceProperties" -> device = entryValues(in, "Name", "Value");
                case "AuditData" -> auditData = in.peek() == JsonToken.STRING ? in.nextString() : skip(in);
                default -> in.skipValue();
            }
        }
        in.endObject();
        if (isEmpty(creationTime) && auditData != null) {
            // Search-UnifiedAuditLog | ConvertTo-Json: the record is a JSON string inside a wrapper.
            return parse(auditData);
        }
        if (isEmpty(creationTime)) {
            throw new MalformedRecordException("no CreationTime");
        }
        Map<String, List<String>> fields = new HashMap<>(16);
        fields.put(TIME, List.of(Long.toString(epochSeconds(creationTime))));
        putIfPresent(fields, SRC_IP, isEmpty(actorIp) ? clientIp : actorIp);
        putIfPresent(fields, USER, isEmpty(upn) ? userId : upn);
        putIfPresent(fields, USER_AGENT, userAgent);
        putIfPresent(fields, SESSION_ID, device.get("SessionId"));
        putIfPresent(fields, OPERATION, operation);
        putIfPresent(fields, WORKLOAD, workload);
        SignInRecordFields.putDevice(fields, device.get("Id"), device.get("OS"), device.get("BrowserType"),
                SignInRecordFields.managedValue(device.get("IsCompliantAndManaged")), device.get("TrustType"));
        fields.put(SignInRecordFields.LOG, List.of(SignInRecordFields.LOG_AUDIT));
        return fields;
    }

    /**
     * Epoch seconds of an audit timestamp. The API writes UTC without a zone
     * ({@code 2023-06-18T12:02:47}); some exports add a fraction or a {@code Z}. The add-on's
     * TIME_FORMAT reads whole seconds, so a fraction is dropped.
     */
    static long epochSeconds(String creationTime) throws MalformedRecordException {
        String t = creationTime.strip();
        if (t.isEmpty()) {
            // Blanks only (a JSON "\u000b" is enough): no time, not an index out of range.
            throw new MalformedRecordException("CreationTime \"" + creationTime + "\" is not a date and time");
        }
        try {
            char last = t.charAt(t.length() - 1);
            boolean zoned = last == 'Z' || last == 'z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10;
            return zoned
                    ? OffsetDateTime.parse(t).toEpochSecond()
                    : LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new MalformedRecordException("CreationTime \"" + creationTime + "\" is not a date and time");
        }
    }

    /**
     * In an array of {@code {"Name": ..., "Value": ...}}-like objects, the {@code valueKey} of the
     * first entry whose {@code matchKey} equals {@code wanted}; null when none does.
     */
    private static String entryValue(JsonReader in, String matchKey, String wanted, String valueKey) throws IOException {
        if (in.peek() != JsonToken.BEGIN_ARRAY) {
            in.skipValue();
            return null;
        }
        String found = null;
        in.beginArray();
        while (in.hasNext()) {
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                in.skipValue();
                continue;
            }
            String match = null;
            String value = null;
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if (name.equals(matchKey)) {
                    match = scalar(in);
                } else if (name.equals(valueKey)) {
                    value = scalar(in);
                } else {
                    in.skipValue();
                }
            }
            in.endObject();
            if (found == null && wanted.equals(match) && !isEmpty(value)) {
                found = value;
            }
        }
        in.endArray();
        return found;
    }

    /** In an array of {@code {"Name": ..., "Value": ...}}-like objects, the first non-empty value of each name. */
    private static Map<String, String> entryValues(JsonReader in, String nameKey, String valueKey) throws IOException {
        if (in.peek() != JsonToken.BEGIN_ARRAY) {
            in.skipValue();
            return Map.of();
        }
        Map<String, String> found = new HashMap<>(8);
        in.beginArray();
        while (in.hasNext()) {
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                in.skipValue();
                continue;
            }
            String name = null;
            String value = null;
            in.beginObject();
            while (in.hasNext()) {
                String key = in.nextName();
                if (key.equals(nameKey)) {
                    name = scalar(in);
                } else if (key.equals(valueKey)) {
                    value = scalar(in);
                } else {
                    in.skipValue();
                }
            }
            in.endObject();
            if (name != null && !isEmpty(value)) {
                found.putIfAbsent(name, value);
            }
        }
        in.endArray();
        return found;
    }

    private static void putIfPresent(Map<String, List<String>> fields, String name, String value) {
        if (!isEmpty(value)) {
            fields.put(name, List.of(value));
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        // gson appends a link to its troubleshooting page; the user needs the position, not the URL.
        int see = m.indexOf("\nSee https://");
        return see >= 0 ? m.substring(0, see) : m;
    }
}
