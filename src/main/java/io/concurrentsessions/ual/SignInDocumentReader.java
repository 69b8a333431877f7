package io.concurrentsessions.ual;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entra ID sign-ins in JSON, streamed with gson's JsonReader: Graph pages ({@code {"@odata.context":
 * ..., "value": [...], "@odata.nextLink": ...}}, one or several in a row), Azure Monitor diagnostic
 * blobs ({@code {"records": [...]}}), the admin center's download (an array of sign-ins) or sign-in
 * objects one after another. Positions are "record N (line L)": the record's ordinal in the file
 * and the line it starts on. As in {@link JsonDocumentReader}, broken JSON ends the file.
 */
final class SignInDocumentReader implements ExportReader {
    private static final Pattern LINE = Pattern.compile(" at line (\\d+) ");

    private final JsonReader in;
    private final ExportReport report;
    private long record;
    private boolean inArray;
    /** Inside a page or blob object whose record array is open or done. */
    private boolean inWrapper;

    SignInDocumentReader(Reader reader, String name, ExportFormat format) {
        this.in = new JsonReader(reader);
        // Pages saved one after another in one file are the reason for leniency.
        this.in.setStrictness(Strictness.LENIENT);
        this.report = new ExportReport(name, format);
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
                if (inWrapper && !inArray) {
                    if (closeWrapper()) {
                        continue;
                    }
                    inArray = true;
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
                String position = "record " + record + line();
                try {
                    Map<String, List<String>> fields = inArray || token != JsonToken.BEGIN_OBJECT
                            ? SignInRecordFields.read(in)
                            : topLevelObject();
                    if (fields == null) {
                        record--;
                        continue;
                    }
                    report.countEvent();
                    return new AuditEvent(report.file(), position, fields);
                } catch (MalformedRecordException e) {
                    report.countSkipped(position, e);
                }
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            String why = ExportFiles.describeJsonFailure(e);
            throw new UnreadableExportException(report.file() + ": record " + Math.max(record, 1) + line() + ": " + why, e);
        }
    }

    /**
     * A top-level object: a page or blob (its {@code value} or {@code records} array is opened and
     * null returned) or a sign-in of its own (its fields returned).
     */
    private Map<String, List<String>> topLevelObject() throws IOException, MalformedRecordException {
        in.beginObject();
        SignInRecordFields sole = new SignInRecordFields();
        while (in.hasNext()) {
            String name = in.nextName();
            if ((name.equals("value") || name.equals("records")) && in.peek() == JsonToken.BEGIN_ARRAY) {
                in.beginArray();
                inArray = true;
                inWrapper = true;
                return null;
            }
            if (name.startsWith("@odata.")) {
                in.skipValue();
                continue;
            }
            sole.member(name, in);
        }
        in.endObject();
        return sole.fields();
    }

    /** After a page's array: skips what follows it (@odata.nextLink); true when the page is closed. */
    private boolean closeWrapper() throws IOException {
        while (in.hasNext()) {
            String name = in.nextName();
            if ((name.equals("value") || name.equals("records")) && in.peek() == JsonToken.BEGIN_ARRAY) {
                in.beginArray();
                return false;
            }
            in.skipValue();
        }
        in.endObject();
        inWrapper = false;
        return true;
    }

    /**
     * Which sign-in JSON {@code head} (the start of a file, maybe cut anywhere) begins, judged by
     * the member names of its first object; null when it is not a sign-in export.
     */
    static ExportFormat formatOf(String head) {
        JsonReader r = new JsonReader(new java.io.StringReader(head));
        r.setStrictness(Strictness.LENIENT);
        try {
            boolean array = r.peek() == JsonToken.BEGIN_ARRAY;
            if (array) {
                r.beginArray();
            }
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                return null;
            }
            r.beginObject();
            boolean category = false;
            while (r.hasNext()) {
                String name = r.nextName();
                if (!array && name.equals("value") || name.startsWith("@odata.")) {
                    return ExportFormat.GRAPH_SIGN_INS;
                }
                if (!array && name.equals("records")) {
                    return ExportFormat.AZURE_MONITOR_SIGN_INS;
                }
                String n = name.toLowerCase(java.util.Locale.ROOT);
                if (n.equals("createddatetime") || n.equals("userprincipalname") || category && n.equals("properties")) {
                    return ExportFormat.SIGN_IN_JSON;
                }
                category |= n.equals("category");
                r.skipValue();
            }
            return null;
        } catch (IOException | RuntimeException cutOrBroken) {
            // A head cut inside the first object, or not JSON: not recognisably a sign-in export.
            return null;
        }
    }

    /** " (line L)" from gson's own position text, or nothing when it does not say. */
    private String line() {
        Matcher m = LINE.matcher(in.toString());
        return m.find() ? " (line " + m.group(1) + ")" : "";
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
