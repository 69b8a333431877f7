package io.concurrentsessions.ual;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A CSV export, streamed by FastCSV (RFC 4180: quoted fields may hold commas, quotes and line
 * breaks; it tells the line a record starts on).
 * <ul>
 * <li>Purview audit search export: the record is the JSON in the {@code AuditData} column, mapped
 * as the add-on maps the API's records; the other columns (CreationDate, UserIds, Operations, ...)
 * are Purview's summary of it and are not used.</li>
 * <li>Splunk export: columns are Splunk fields already; a multivalue cell has one value per line;
 * {@code _time} is epoch seconds or ISO 8601 and becomes epoch seconds; {@code __mv_} columns
 * (Splunk's internal encoding) are ignored.</li>
 * </ul>
 */
final class CsvExportReader implements ExportReader {
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final ExportReport report;
    private final String[] header;
    private final int auditData;

    CsvExportReader(Reader reader, String name) throws UnreadableExportException {
        this.csv = ExportFiles.csv(reader);
        this.records = csv.iterator();
        CsvRecord first = nextRecord(name, 1);
        List<String> columns = first == null ? List.of() : first.getFields();
        ExportFormat format = formatOf(columns);
        if (format == null) {
            throw new UnreadableExportException(name + ": line 1: a CSV header with neither AuditData nor _time");
        }
        this.report = new ExportReport(name, format);
        this.header = columns.toArray(new String[0]);
        this.auditData = columns.indexOf("AuditData");
    }

    /** The columns of a CSV header line. */
    static List<String> parseHeader(String line) {
        try {
            return CsvReader.builder().ofSingleCsvRecord(line.strip()).getFields();
        } catch (CsvParseException e) {
            return List.of();
        }
    }

    /** Purview when the header has AuditData, Splunk when it has _time, else null. */
    static ExportFormat formatOf(List<String> header) {
        if (header.contains("AuditData")) {
            return ExportFormat.PURVIEW_CSV;
        }
        if (header.contains(ActivityRecordFields.TIME)) {
            return ExportFormat.SPLUNK_CSV;
        }
        return null;
    }

    @Override
    public AuditEvent next() throws UnreadableExportException {
        while (true) {
            CsvRecord row = nextRecord(report.file(), -1);
            if (row == null) {
                return null;
            }
            String position = "line " + row.getStartingLineNumber();
            if (row.getFieldCount() != header.length) {
                report.countMalformed(position, row.getFieldCount() + " columns where the header has " + header.length);
                continue;
            }
            try {
                Map<String, List<String>> fields = auditData >= 0
                        ? ActivityRecordFields.parse(row.getField(auditData))
                        : splunkFields(row);
                report.countEvent();
                return new AuditEvent(report.file(), position, fields);
            } catch (MalformedRecordException e) {
                String where = auditData >= 0 ? "AuditData " : "";
                report.countMalformed(position, where + e.getMessage());
            }
        }
    }

    private Map<String, List<String>> splunkFields(CsvRecord row) throws MalformedRecordException {
        Map<String, List<String>> fields = new HashMap<>(header.length * 2);
        for (int i = 0; i < header.length; i++) {
            String name = header[i];
            if (name.startsWith("__mv_")) {
                continue;
            }
            List<String> values = splitValues(row.getField(i));
            if (!values.isEmpty()) {
                fields.put(name, values);
            }
        }
        List<String> time = fields.get(ActivityRecordFields.TIME);
        if (time == null) {
            throw new MalformedRecordException("no _time");
        }
        fields.put(ActivityRecordFields.TIME, List.of(SplunkTime.epochSeconds(time.get(0))));
        return fields;
    }

    /** A Splunk CSV cell: one value per line, empty lines are no value. */
    static List<String> splitValues(String cell) {
        if (cell.isEmpty()) {
            return List.of();
        }
        if (cell.indexOf('\n') < 0) {
            return List.of(cell);
        }
        List<String> values = new ArrayList<>();
        for (String v : cell.split("\r?\n")) {
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return Collections.unmodifiableList(values);
    }

    private CsvRecord nextRecord(String name, long lineHint) throws UnreadableExportException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (CsvParseException e) {
            throw new UnreadableExportException(name + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            IOException io = e.getCause();
            String where = lineHint > 0 ? "line " + lineHint + ": " : "after " + position() + ": ";
            throw new UnreadableExportException(name + ": " + where + ExportFiles.describe(io), io);
        }
    }

    private String position() {
        return report == null ? "the header" : (report.events() + report.malformed()) + " records";
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
