package io.concurrentsessions.ual;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Opens an export whatever its kind, judged by its bytes and never by its name:
 * <ol>
 * <li>gzip magic {@code 1f 8b}: decompress, then look again;</li>
 * <li>a byte order mark picks UTF-8 or UTF-16, otherwise UTF-8;</li>
 * <li>first non-blank character {@code [}: a JSON array of records;</li>
 * <li>{@code {}: JSON lines when the first line is one whole JSON value, else pretty-printed
 * JSON objects one after another;</li>
 * <li>anything else is read as a CSV header: an {@code AuditData} column makes a Purview export,
 * a {@code _time} column a Splunk export; any other header is not an export the scanner knows.</li>
 * </ol>
 */
public final class ExportFiles {
    /** How far ahead detection looks; a JSON line longer than this is still read as JSON lines. */
    static final int PEEK_BYTES = 64 * 1024;
    private static final int BUFFER_BYTES = 256 * 1024;

    private ExportFiles() {
    }

    /** Opens {@code path}; messages name it as the user wrote it. */
    public static ExportReader open(Path path) throws UnreadableExportException {
        String name = path.toString();
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new UnreadableExportException(name + ": no such file");
        } catch (IOException e) {
            throw new UnreadableExportException(name + ": cannot open: " + e.getMessage(), e);
        }
        try {
            return open(raw, name);
        } catch (UnreadableExportException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** Reads an export from {@code in} (closed with the reader); {@code name} is for messages. */
    public static ExportReader open(InputStream in, String name) throws UnreadableExportException {
        try {
            BufferedInputStream bytes = new BufferedInputStream(in, BUFFER_BYTES);
            if (startsWith(bytes, 0x1f, 0x8b)) {
                bytes = new BufferedInputStream(new GZIPInputStream(bytes, BUFFER_BYTES), BUFFER_BYTES);
            }
            Charset charset = StandardCharsets.UTF_8;
            if (startsWith(bytes, 0xef, 0xbb, 0xbf)) {
                bytes.skipNBytes(3);
            } else if (startsWith(bytes, 0xff, 0xfe)) {
                bytes.skipNBytes(2);
                charset = StandardCharsets.UTF_16LE;
            } else if (startsWith(bytes, 0xfe, 0xff)) {
                bytes.skipNBytes(2);
                charset = StandardCharsets.UTF_16BE;
            }
            bytes.mark(PEEK_BYTES);
            byte[] head = bytes.readNBytes(PEEK_BYTES);
            bytes.reset();
            String text = new String(head, charset);
            boolean wholeFile = head.length < PEEK_BYTES;
            Reader reader = new InputStreamReader(bytes, charset);
            ExportFormat format = detect(text, wholeFile, name);
            return switch (format) {
                case EMPTY -> new JsonLinesReader(new BufferedReader(reader), name, ExportFormat.EMPTY);
                case JSON_LINES -> new JsonLinesReader(new BufferedReader(reader, BUFFER_BYTES), name, ExportFormat.JSON_LINES);
                case JSON_DOCUMENT -> new JsonDocumentReader(reader, name);
                case PURVIEW_CSV, SPLUNK_CSV -> new CsvExportReader(reader, name);
                case GRAPH_SIGN_INS, AZURE_MONITOR_SIGN_INS, SIGN_IN_JSON -> new SignInDocumentReader(reader, name, format);
                case SIGN_IN_JSON_LINES -> new JsonLinesReader(new BufferedReader(reader, BUFFER_BYTES), name,
                        ExportFormat.SIGN_IN_JSON_LINES, SignInRecordFields::parse);
                case ENTRA_SIGN_IN_CSV, LOG_ANALYTICS_SIGN_IN_CSV -> new SignInCsvReader(reader, name);
            };
        } catch (UnreadableExportException e) {
            throw e;
        } catch (IOException e) {
            throw new UnreadableExportException(name + ": cannot read: " + describe(e), e);
        }
    }

    /** The format of a file that begins with {@code head} (the whole file when {@code wholeFile}). */
    static ExportFormat detect(String head, boolean wholeFile, String name) throws UnreadableExportException {
        int first = 0;
        while (first < head.length() && Character.isWhitespace(head.charAt(first))) {
            first++;
        }
        if (first == head.length()) {
            if (wholeFile) {
                return ExportFormat.EMPTY;
            }
            throw new UnreadableExportException(name + ": not an audit-log export (nothing but blanks at its start)");
        }
        char c = head.charAt(first);
        ExportFormat signIns = c == '[' || c == '{' ? SignInDocumentReader.formatOf(head.substring(first)) : null;
        if (c == '[') {
            return signIns != null ? signIns : ExportFormat.JSON_DOCUMENT;
        }
        if (c == '{') {
            if (signIns == ExportFormat.GRAPH_SIGN_INS || signIns == ExportFormat.AZURE_MONITOR_SIGN_INS) {
                return signIns;
            }
            int eol = head.indexOf('\n', first);
            if (eol < 0 && !wholeFile) {
                return signIns != null ? ExportFormat.SIGN_IN_JSON_LINES : ExportFormat.JSON_LINES;
            }
            String line = head.substring(first, eol < 0 ? head.length() : eol);
            if (signIns != null) {
                return isWholeJsonValue(line) ? ExportFormat.SIGN_IN_JSON_LINES : ExportFormat.SIGN_IN_JSON;
            }
            return isWholeJsonValue(line) ? ExportFormat.JSON_LINES : ExportFormat.JSON_DOCUMENT;
        }
        int eol = head.indexOf('\n', first);
        String headerLine = head.substring(first, eol < 0 ? head.length() : eol);
        List<String> header = CsvExportReader.parseHeader(headerLine);
        ExportFormat csv = CsvExportReader.formatOf(header);
        if (csv == null) {
            csv = SignInCsvReader.formatOf(header);
        }
        if (csv == null) {
            String shown = headerLine.length() > 80 ? headerLine.substring(0, 80) + "..." : headerLine;
            throw new UnreadableExportException(name + ": line 1: not an audit-log export the scanner knows"
                    + " (neither JSON nor a CSV header with AuditData, _time or a sign-in export's columns): " + shown.strip());
        }
        return csv;
    }

    private static boolean isWholeJsonValue(String line) {
        try {
            com.google.gson.stream.JsonReader r = new com.google.gson.stream.JsonReader(new java.io.StringReader(line));
            r.skipValue();
            return r.peek() == com.google.gson.stream.JsonToken.END_DOCUMENT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean startsWith(BufferedInputStream in, int... magic) throws IOException {
        in.mark(magic.length);
        try {
            for (int b : magic) {
                if (in.read() != b) {
                    return false;
                }
            }
            return true;
        } finally {
            in.reset();
        }
    }

    /** An I/O failure in words: a truncated gzip says so rather than "Unexpected end of ZLIB input stream". */
    static String describe(IOException e) {
        if (e instanceof java.io.EOFException) {
            return "the data ends too early, the file is truncated (" + e.getMessage() + ")";
        }
        if (e instanceof java.util.zip.ZipException) {
            return "corrupt gzip data (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Why a JSON document stream stopped: the file's own fault (truncated, corrupt gzip), or broken JSON where gson says. */
    static String describeJsonFailure(Exception e) {
        return e instanceof IOException io && !(e instanceof com.google.gson.stream.MalformedJsonException)
                ? describe(io)
                : "broken JSON: " + ActivityRecordFields.describe(e);
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Already failing with a better message.
        }
    }

    /** Keeps the type visible to the CSV reader without exposing FastCSV in this class's API. */
    static CsvReader<CsvRecord> csv(Reader reader) {
        return CsvReader.builder()
                .allowExtraFields(true)
                .allowMissingFields(true)
                .skipEmptyLines(true)
                .ofCsvRecord(reader);
    }
}
