package io.concurrentsessions.ual;

import java.io.BufferedReader;
import java.io.IOException;

/** One Management Activity API record per line; a broken line is counted and the next one read. */
final class JsonLinesReader implements ExportReader {
    private final BufferedReader in;
    private final ExportReport report;
    private long line;

    JsonLinesReader(BufferedReader in, String name, ExportFormat format) {
        this.in = in;
        this.report = new ExportReport(name, format);
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
                AuditEvent event = new AuditEvent(report.file(), position, ActivityRecordFields.parse(text));
                report.countEvent();
                return event;
            } catch (MalformedRecordException e) {
                report.countMalformed(position, e.getMessage());
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
