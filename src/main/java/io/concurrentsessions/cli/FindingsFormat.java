package io.concurrentsessions.cli;

import com.google.gson.stream.JsonWriter;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.concurrentsessions.command.CommandOptions;
import io.concurrentsessions.command.FindingRow;
import io.concurrentsessions.command.ResultColumn;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionEvidence;
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
 * How the scanner writes the findings the search command would emit. Columns, their names, order,
 * kinds and text are the command's ({@link FindingRow}).
 * <ul>
 * <li>{@code table}: for people; one block per session, times in UTC, control characters escaped.</li>
 * <li>{@code json}: the command's rows as an array of objects; multivalue columns (and any field with
 * several values) as arrays, times, counts and scores as numbers, flags as booleans.</li>
 * <li>{@code csv}: RFC 4180 with a header; several values in one cell one per line (as Splunk
 * exports them); times as the seed's ctime macro writes them, in UTC.</li>
 * <li>{@code html}: one self-contained page with a timeline per session ({@link HtmlReport}).</li>
 * </ul>
 */
public enum FindingsFormat {
    TABLE, JSON, CSV, HTML;

    /** Repeat what the block already says (risk_object is the user; the message restates the finding). */
    private static final Set<ResultColumn> NOT_IN_TABLE = Set.of(FindingRow.RISK_OBJECT, FindingRow.RISK_OBJECT_TYPE,
            FindingRow.RISK_MESSAGE);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** The seed's ctime macro, in UTC: how the CSV writes times. */
    static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    static FindingsFormat named(String name) throws ScanOptions.UsageException {
        for (FindingsFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new ScanOptions.UsageException("unknown --format \"" + name + "\": use table, json, csv or html");
    }

    /** The findings in this format, with the columns these options give (HTML without the scan's counts). */
    public void write(List<Finding> findings, CommandOptions o, Writer out) throws IOException {
        switch (this) {
            case TABLE -> table(findings, o, out);
            case JSON -> json(rows(findings, o), out);
            case CSV -> csv(rows(findings, o), out);
            case HTML -> HtmlReport.write(findings, o, HtmlReport.Summary.rowsOnly(), out);
        }
        out.flush();
    }

    private static List<OutputRow> rows(List<Finding> findings, CommandOptions o) {
        List<OutputRow> rows = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            rows.add(FindingRow.toRow(f, o));
        }
        return rows;
    }

    private static void table(List<Finding> findings, CommandOptions o, Writer out) throws IOException {
        if (findings.isEmpty()) {
            out.write("No session was used from more than one IP address.\n");
            return;
        }
        List<ResultColumn> columns = FindingRow.columns(o);
        int width = 0;
        for (ResultColumn c : columns) {
            width = Math.max(width, c.name().length());
        }
        int n = 0;
        for (Finding f : findings) {
            n++;
            out.write("Session " + n + " of " + findings.size() + ": " + f.ips().size() + " IP addresses\n");
            boolean perAddress = FindingRow.misaligned(f, o) == null;
            for (ResultColumn c : columns) {
                if (NOT_IN_TABLE.contains(c) || perAddress && c.arity() == ResultColumn.Arity.PER_ADDRESS) {
                    continue;
                }
                if (perAddress && c == FindingRow.IPS) {
                    addressLines(f, o, "  " + pad("addresses", width) + "  ", out);
                    continue;
                }
                List<String> values = c.values(f, o);
                String label = "  " + pad(c.name(), width) + "  ";
                if (values.isEmpty()) {
                    out.write(label.stripTrailing() + "\n");
                }
                for (int i = 0; i < values.size(); i++) {
                    String v = c.kind() == ResultColumn.Kind.TIME ? time(values.get(i), ReadableUtc.FORMAT) : printable(values.get(i));
                    out.write((i == 0 ? label : " ".repeat(label.length())) + v + "\n");
                }
            }
            out.write("\n");
        }
    }

    /**
     * The per-address columns read as one line per address (address, first to last use, events,
     * network, location, client): a person should not have to zip five lists by eye.
     */
    private static void addressLines(Finding f, CommandOptions o, String label, Writer out) throws IOException {
        List<String> ips = f.ips();
        List<String> firstSeen = FindingRow.IP_FIRST_SEEN.values(f, o);
        List<String> lastSeen = FindingRow.IP_LAST_SEEN.values(f, o);
        List<String> events = FindingRow.IP_EVENT_COUNT.values(f, o);
        List<String> networks = FindingRow.IP_NETWORK.values(f, o);
        List<String> locations = FindingRow.IP_LOCATION.values(f, o);
        List<String> clients = FindingRow.IP_CLIENT.values(f, o);
        for (int i = 0; i < ips.size(); i++) {
            String location = locations.get(i);
            String client = clients.get(i);
            String line = printable(ips.get(i)) + "  " + time(firstSeen.get(i), ReadableUtc.FORMAT) + " to "
                    + time(lastSeen.get(i), ReadableUtc.FORMAT) + "  " + events.get(i) + " events  " + printable(networks.get(i))
                    + (location.equals(SessionEvidence.UNKNOWN) ? "" : "  " + printable(location))
                    + (client.equals(SessionEvidence.UNKNOWN) ? "" : "  " + printable(client));
            out.write((i == 0 ? label : " ".repeat(label.length())) + line + "\n");
        }
    }

    /**
     * Rows the search command emitted, as the scanner writes its JSON: each declared column typed
     * by its kind; a field not declared is text.
     */
    public static void json(List<OutputRow> rows, Writer out) throws IOException {
        Set<String> arrays = new LinkedHashSet<>();
        for (OutputRow row : rows) {
            row.fields().forEach((k, v) -> {
                ResultColumn c = FindingRow.named(k);
                if (v.size() > 1 || c != null && c.arity().multivalue()) {
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
                ResultColumn.Kind kind = kind(e.getKey());
                boolean number = kind.numeric();
                boolean bool = kind == ResultColumn.Kind.BOOLEAN;
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
                if (kind(field) == ResultColumn.Kind.TIME) {
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
            FindingRow.SEED.forEach(c -> names.add(c.name()));
        }
        return new ArrayList<>(names);
    }

    private static ResultColumn.Kind kind(String field) {
        ResultColumn c = FindingRow.named(field);
        return c == null ? ResultColumn.Kind.TEXT : c.kind();
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
