package io.concurrentsessions.ual;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;

/**
 * Records in a JSON array ({@code [{...},{...}]}), pretty-printed or not, or JSON objects one
 * after another, or several arrays in a row (pages of the API saved into one file). Streams with
 * gson's JsonReader, so the array is never held in memory. A record that is valid JSON but not a
 * usable record is counted and skipped; broken JSON ends the file (the stream cannot resynchronise)
 * with gson's line and column.
 */
final class JsonDocumentReader implements ExportReader {
    private final JsonReader in;
    private final ExportReport report;
    private long record;
    private boolean inArray;

    JsonDocumentReader(Reader reader, String name) {
        this.in = new JsonReader(reader);
        // Several top-level values in one file are the reason for leniency; nothing else relies on it.
        this.in.setStrictness(Strictness.LENIENT);
        this.report = new ExportReport(name, ExportFormat.JSON_DOCUMENT);
    }

    @Override
    public AuditEvent next() throws UnreadableExportException {
        try {
            while (true) {
                JsonToken token = in.peek();
                if (inArray && token == JsonToken.END_ARRAY) {
                    in.endArray();
                    inArray = false;
                    continue;
                }
                if (token == JsonToken.END_DOCUMENT) {
                    return null;
                }
                if (!inArray && token == JsonToken.BEGIN_ARRAY) {
                    in.beginArray();
                    inArray = true;
                    continue;
                }
                record++;
                String position = "record " + record;
                try {
                    AuditEvent event = new AuditEvent(report.file(), position, ActivityRecordFields.read(in));
                    report.countEvent();
                    return event;
                } catch (MalformedRecordException e) {
                    report.countSkipped(position, e);
                }
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            String why = ExportFiles.describeJsonFailure(e);
            throw new UnreadableExportException(report.file() + ": record " + Math.max(record, 1) + ": " + why, e);
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
