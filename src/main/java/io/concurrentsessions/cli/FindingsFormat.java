package io.concurrentsessions.cli;

import com.google.gson.stream.JsonWriter;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.concurrentsessions.command.ResultColumns;
import io.concurrentsessions.scp.OutputRow;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the scanner writes the rows the search command would emit. Field names are the command's.
 * <ul>
 * <li>{@code table}: for people; one block per session, times in UTC, control characters escaped.</li>
 * <li>{@code json}: an array of objects; multivalue columns ({@link ResultColumns}, and any field with
 * several values) as arrays, times, counts and scores as numbers, flags as booleans.</li>
 * <li>{@code csv}: RFC 4180 with a header; several values in one cell one per line (as Splunk
 * exports them); times as the seed's ctime macro writes them, in UTC.</li>
 * <li>{@code html}: one self-contained page with a timeline per session ({@link HtmlReport}).</li>
 * </ul>
 */
public enum FindingsFormat {
    TABLE, JSON, CSV, HTML;

    /** Repeat what the block already says (risk_object is the user; the message restates the finding). */
    private static final Set<String> NOT_IN_TABLE = Set.of("risk_object", "risk_object_type", "risk_message");
    /** Parallel to ips; shown as one line per address in the table. */
    private static final List<String> PER_ADDRESS = List.of("ip_first_seen", "ip_last_seen", "ip_event_count",
            "ip_network", "ip_location");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    static FindingsFormat named(String name) throws ScanOptions.UsageException {
        for (FindingsFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new ScanOptions.UsageException("unknown --format \"" + name + "\": use table, json, csv or html");
    }

    public void write(List<OutputRow> rows, Writer out) throws IOException {
        switch (this) {
            case TABLE -> table(rows, out);
            case JSON -> json(rows, out);
            case CSV -> csv(rows, out);
            case HTML -> HtmlReport.write(rows, HtmlReport.Summary.rowsOnly(), out);
        }
        out.flush();
    }

    private static void table(List<OutputRow> rows, Writer out) throws IOException {
        if (rows.isEmpty()) {
            out.write("No session was used from more than one IP address.\n");
            return;
        }
        int width = 0;
        for (String f : fieldNames(rows)) {
            width = Math.max(width, f.length());
        }
        int n = 0;
        for (OutputRow row : rows) {
            n++;
            out.write("Session " + n + " of " + rows.size() + ": " + row.values("ips").size() + " IP addresses\n");
            boolean perAddress = hasPerAddressColumns(row);
            for (var e : row.fields().entrySet()) {
                if (NOT_IN_TABLE.contains(e.getKey()) || perAddress && PER_ADDRESS.contains(e.getKey())) {
                    continue;
                }
                if (perAddress && e.getKey().equals("ips")) {
                    addressLines(row, "  " + pad("addresses", width) + "  ", out);
                    continue;
                }
                List<String> values = e.getValue();
                String label = "  " + pad(e.getKey(), width) + "  ";
                if (values.isEmpty()) {
                    out.write(label.stripTrailing() + "\n");
                }
                for (int i = 0; i < values.size(); i++) {
                    String v = ResultColumns.TIME.contains(e.getKey()) ? time(values.get(i), ReadableUtc.FORMAT) : printable(values.get(i));
                    out.write((i == 0 ? label : " ".repeat(label.length())) + v + "\n");
                }
            }
            out.write("\n");
        }
    }

    /**
     * The parallel per-address columns read as one line per address (address, first to last use,
     * events, network, location): a person should not have to zip five lists by eye.
     */
    private static void addressLines(OutputRow row, String label, Writer out) throws IOException {
        List<String> ips = row.values("ips");
        for (int i = 0; i < ips.size(); i++) {
            String location = row.values("ip_location").get(i);
            String line = printable(ips.get(i)) + "  " + time(row.values("ip_first_seen").get(i), ReadableUtc.FORMAT) + " to "
                    + time(row.values("ip_last_seen").get(i), ReadableUtc.FORMAT) + "  " + row.values("ip_event_count").get(i)
                    + " events  " + printable(row.values("ip_network").get(i))
                    + (location.equals("unknown") ? "" : "  " + printable(location));
            out.write((i == 0 ? label : " ".repeat(label.length())) + line + "\n");
        }
    }

    private static boolean hasPerAddressColumns(OutputRow row) {
        int n = row.values("ips").size();
        for (String column : PER_ADDRESS) {
            if (row.values(column).size() != n) {
                return false;
            }
        }
        return true;
    }

    private static void json(List<OutputRow> rows, Writer out) throws IOException {
        Set<String> arrays = new LinkedHashSet<>(ResultColumns.MULTIVALUE);
        for (OutputRow row : rows) {
            row.fields().forEach((k, v) -> {
                if (v.size() > 1) {
                    arrays.add(k);
                }
            });
        }
        JsonWriter w = new JsonWriter(out);
        w.setIndent("  ");
        w.beginArray();
        for (OutputRow row : rows) {
            w.beginObject();
            for (var e : row.fields().entrySet()) {
                w.name(e.getKey());
                List<String> values = e.getValue();
                boolean number = ResultColumns.NUMERIC.contains(e.getKey());
                boolean bool = ResultColumns.BOOLEAN.contains(e.getKey());
                if (arrays.contains(e.getKey())) {
                    w.beginArray();
                    for (String v : values) {
                        jsonValue(w, v, number, bool);
                    }
                    w.endArray();
                } else if (values.isEmpty()) {
                    w.nullValue();
                } else {
                    jsonValue(w, values.get(0), number, bool);
                }
            }
            w.endObject();
        }
        w.endArray();
        w.flush();
        out.write("\n");
    }

    private static void jsonValue(JsonWriter w, String v, boolean number, boolean bool) throws IOException {
        if (number && NUMBER.matcher(v).matches()) {
            w.jsonValue(v); // as written: 1687089767.250 keeps its digits
        } else if (bool && (v.equals("true") || v.equals("false"))) {
            w.value(Boolean.parseBoolean(v));
        } else {
            w.value(v);
        }
    }

    private static void csv(List<OutputRow> rows, Writer out) throws IOException {
        List<String> header = fieldNames(rows);
        CsvWriter w = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(out);
        w.writeRecord(header);
        for (OutputRow row : rows) {
            List<String> cells = new ArrayList<>(header.size());
            for (String field : header) {
                List<String> values = row.values(field);
                if (ResultColumns.TIME.contains(field)) {
                    values = values.stream().map(v -> time(v, CTIME)).toList();
                }
                cells.add(String.join("\n", values));
            }
            w.writeRecord(cells);
        }
        w.flush();
    }

    private static List<String> fieldNames(List<OutputRow> rows) {
        Set<String> names = new LinkedHashSet<>();
        for (OutputRow row : rows) {
            names.addAll(row.fields().keySet());
        }
        if (names.isEmpty()) {
            names.addAll(List.of("Operation", "user", "SessionId", "firstTime", "lastTime", "ips", "user_agents"));
        }
        return new ArrayList<>(names);
    }

    /** Epoch seconds (fraction dropped, as %S does) in UTC; text that is not a number stays as it is. */
    static String time(String epoch, DateTimeFormatter format) {
        if (!NUMBER.matcher(epoch).matches()) {
            return epoch;
        }
        long seconds = new BigDecimal(epoch).setScale(0, RoundingMode.FLOOR).longValueExact();
        return format.format(Instant.ofEpochSecond(seconds));
    }

    /** One line per value on a terminal: control characters shown as escapes, not obeyed. */
    static String printable(String v) {
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(v.length() + 8).append(v, 0, i);
                }
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append(String.format("\\x%02x", (int) c));
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? v : sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
