package io.concurrentsessions.ual;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sign-ins as CSV, streamed by FastCSV: the Entra admin center's download ("Date (UTC)", "Request
 * ID", "User agent", ..., "IP address", "Location", ..., "Session ID") or a Log Analytics {@code
 * SigninLogs} query export ("TimeGenerated [UTC]", "UserPrincipalName", "IPAddress",
 * "LocationDetails" and "DeviceDetail" as JSON text, ...). Columns are matched by a header map that
 * ignores case, spaces, punctuation and a "[UTC]" suffix; each row is handed to {@link
 * SignInRecordFields} as the JSON members it stands for, so both exports map as the JSON ones do.
 */
final class SignInCsvReader implements ExportReader {
    /** Normalised header to the sign-in member it holds; the admin center's device columns are gathered apart. */
    private static final Map<String, String> MEMBERS = Map.ofEntries(
            Map.entry("createddatetime", "createdDateTime"), Map.entry("date", "createdDateTime"),
            Map.entry("timegenerated", "TimeGenerated"),
            Map.entry("userprincipalname", "userPrincipalName"), Map.entry("username", "userPrincipalName"),
            Map.entry("ipaddress", "ipAddress"), Map.entry("useragent", "userAgent"),
            Map.entry("sessionid", "sessionId"), Map.entry("category", "category"),
            Map.entry("isinteractive", "isInteractive"), Map.entry("resulttype", "resultType"),
            Map.entry("signinerrorcode", "resultType"), Map.entry("locationdetails", "LocationDetails"),
            Map.entry("devicedetail", "DeviceDetail"), Map.entry("location", "location"));
    private static final Map<String, String> DEVICE = Map.of("deviceid", "deviceId", "browser", "browser",
            "operatingsystem", "operatingSystem", "compliant", "isCompliant", "managed", "isManaged", "jointype", "trustType");
    /** Log Analytics writes datetimes as the portal shows them: 6/18/2023, 12:02:47.123 PM. */
    private static final DateTimeFormatter PORTAL_TIME = DateTimeFormatter.ofPattern("M/d/yyyy, h:mm:ss[.SSSSSSS][.SSS] a", Locale.US);

    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final ExportReport report;
    private final int width;
    private final String[] member;
    private final String[] device;

    SignInCsvReader(Reader reader, String name) throws UnreadableExportException {
        this.csv = ExportFiles.csv(reader);
        this.records = csv.iterator();
        CsvRecord first = nextRecord(name);
        List<String> header = first == null ? List.of() : first.getFields();
        ExportFormat format = formatOf(header);
        if (format == null) {
            throw new UnreadableExportException(name + ": line 1: not a sign-in CSV header");
        }
        this.report = new ExportReport(name, format);
        this.width = header.size();
        this.member = new String[width];
        this.device = new String[width];
        boolean hasUpn = header.stream().anyMatch(h -> normalise(h).equals("userprincipalname"));
        for (int i = 0; i < width; i++) {
            String n = normalise(header.get(i));
            if (n.equals("username") && hasUpn) {
                continue;
            }
            member[i] = MEMBERS.get(n);
            device[i] = DEVICE.get(n);
        }
    }

    /** Lower case, letters and digits only, without a trailing "utc": "Date (UTC)" is "date", "IP address" "ipaddress". */
    static String normalise(String header) {
        String n = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return n.endsWith("utc") && n.length() > 3 ? n.substring(0, n.length() - 3) : n;
    }

    /** The admin center's CSV when it has "Date (UTC)", Log Analytics' when it has TimeGenerated or CreatedDateTime and an address; else null. */
    static ExportFormat formatOf(List<String> header) {
        boolean date = false;
        boolean generated = false;
        boolean address = false;
        for (String h : header) {
            switch (normalise(h)) {
                case "date" -> date = true;
                case "timegenerated", "createddatetime" -> generated = true;
                case "ipaddress" -> address = true;
                default -> {
                    // other columns are read or ignored by the row mapping
                }
            }
        }
        if (!address) {
            return null;
        }
        return date ? ExportFormat.ENTRA_SIGN_IN_CSV : generated ? ExportFormat.LOG_ANALYTICS_SIGN_IN_CSV : null;
    }

    @Override
    public AuditEvent next() throws UnreadableExportException {
        while (true) {
            CsvRecord row = nextRecord(report.file());
            if (row == null) {
                return null;
            }
            String position = "line " + row.getStartingLineNumber();
            if (row.getFieldCount() != width) {
                report.countMalformed(position, row.getFieldCount() + " columns where the header has " + width);
                continue;
            }
            try {
                Map<String, List<String>> fields = fields(row);
                report.countEvent();
                return new AuditEvent(report.file(), position, fields);
            } catch (MalformedRecordException e) {
                report.countSkipped(position, e);
            } catch (IOException | RuntimeException e) {
                report.countMalformed(position, "a JSON cell is broken: " + ActivityRecordFields.describe(e));
            }
        }
    }

    private Map<String, List<String>> fields(CsvRecord row) throws IOException, MalformedRecordException {
        SignInRecordFields record = new SignInRecordFields();
        JsonObject deviceDetail = new JsonObject();
        for (int i = 0; i < width; i++) {
            String cell = row.getField(i);
            if (cell.isEmpty()) {
                continue;
            }
            if (device[i] != null) {
                deviceDetail.addProperty(device[i], cell);
            }
            String name = member[i];
            if (name == null) {
                continue;
            }
            String value = switch (name) {
                case "createdDateTime", "TimeGenerated" -> isoTime(cell);
                case "location" -> place(cell);
                default -> cell;
            };
            record.member(name, new JsonReader(new StringReader(new JsonPrimitive(value).toString())));
        }
        if (deviceDetail.size() > 0) {
            record.member("deviceDetail", new JsonReader(new StringReader(new JsonPrimitive(deviceDetail.toString()).toString())));
        }
        return record.fields();
    }

    /** The admin center's "Redmond, Washington, US" as a signInLocation; a lone code (Log Analytics' Location) as the country. */
    private static String place(String cell) {
        int first = cell.indexOf(',');
        if (first < 0) {
            return cell;
        }
        JsonObject location = new JsonObject();
        location.addProperty("city", cell.substring(0, first).strip());
        location.addProperty("countryOrRegion", cell.substring(cell.lastIndexOf(',') + 1).strip());
        return location.toString();
    }

    /** ISO 8601 as it is; the portal's US display format as ISO 8601 UTC; anything else as it is, for SplunkTime to refuse. */
    static String isoTime(String cell) {
        String t = cell.strip();
        if (t.indexOf('/') < 0) {
            return t;
        }
        try {
            return LocalDateTime.parse(t, PORTAL_TIME).atOffset(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return t;
        }
    }

    private CsvRecord nextRecord(String name) throws UnreadableExportException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (CsvParseException e) {
            throw new UnreadableExportException(name + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            String after = report == null ? "the header" : (report.events() + report.malformed() + report.otherKinds()) + " records";
            throw new UnreadableExportException(name + ": after " + after + ": " + ExportFiles.describe(e.getCause()), e.getCause());
        }
    }

    @Override
    public ExportReport report() {
        return report;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
