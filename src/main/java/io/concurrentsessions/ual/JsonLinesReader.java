package io.concurrentsessions.ual;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** One record per line (Management Activity API or Entra sign-ins); a broken line is counted and the next one read. */
final class JsonLinesReader implements ExportReader {
    /** One line's record to its fields. */
    @FunctionalInterface
    interface LineParser {
        Map<String, List<String>> parse(String line) throws MalformedRecordException;
    }

    private final BufferedReader in;
    private final ExportReport report;
    private final LineParser parser;
    private long line;

    JsonLinesReader(BufferedReader in, String name, ExportFormat format) {
        this(in, name, format, ActivityRecordFields::parse);
    }

    JsonLinesReader(BufferedReader in, String name, ExportFormat format, LineParser parser) {
        this.in = in;
        this.report = new ExportReport(name, format);
        this.parser = parser;
    }

    @Override
    public AuditEvent next() throws UnreadableExportException {
        while (true) {
            String text;
            try {
                text = in.readLine();
            } catch (IOException e) {
                throw new UnreadableExportException(report.file() + ": line " + (line + 1) + ": "
                        + ExportFiles.describe(e), e);
            }
            if (text == null) {
                return null;
            }
            line++;
            if (text.isBlank()) {
                continue;
            }
            String position = "line " + line;
            try {
                AuditEvent event = new AuditEvent(report.file(), position, parser.parse(text));
                report.countEvent();
                return event;
            } catch (MalformedRecordException e) {
                report.countSkipped(position, e);
            }
        }
    }

    @Override
    public ExportReport report() {
        return report;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
