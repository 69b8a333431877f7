package io.concurrentsessions.ual;

/** The kinds of audit-log export the scanner reads, told apart by their content. */
public enum ExportFormat {
    /** Management Activity API records, one JSON object per line. */
    JSON_LINES("Management Activity API JSON lines"),
    /** Management Activity API records as a JSON array or pretty-printed objects one after another. */
    JSON_DOCUMENT("Management Activity API JSON"),
    /** Purview audit search CSV export: the record is the JSON in the AuditData column. */
    PURVIEW_CSV("Purview audit search CSV"),
    /** Splunk CSV export of already extracted fields (_time, src_ip, user, SessionId, ...). */
    SPLUNK_CSV("Splunk CSV export"),
    /** A file with nothing but whitespace: no records. */
    EMPTY("empty file");

    private final String description;

    ExportFormat(String description) {
        this.description = description;
    }

    /** How messages name the format. */
    public String description() {
        return description;
    }
}
