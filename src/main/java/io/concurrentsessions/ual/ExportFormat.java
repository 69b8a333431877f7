package io.concurrentsessions.ual;

/** The kinds of audit-log and sign-in export the scanner reads, told apart by their content. */
public enum ExportFormat {
    /** Management Activity API records, one JSON object per line. */
    JSON_LINES("Management Activity API JSON lines"),
    /** Management Activity API records as a JSON array or pretty-printed objects one after another. */
    JSON_DOCUMENT("Management Activity API JSON"),
    /** Purview audit search CSV export: the record is the JSON in the AuditData column. */
    PURVIEW_CSV("Purview audit search CSV"),
    /** Splunk CSV export of already extracted fields (_time, src_ip, user, SessionId, ...). */
    SPLUNK_CSV("Splunk CSV export"),
    /** Microsoft Graph auditLogs/signIns pages ({"value": [...]}), one or several in a row. */
    GRAPH_SIGN_INS("Microsoft Graph sign-ins JSON"),
    /** Azure Monitor diagnostic records ({"records": [...]}) from an Event Hub or a storage account. */
    AZURE_MONITOR_SIGN_INS("Azure Monitor sign-in records JSON"),
    /** Sign-in objects as a JSON array (the Entra admin center's download) or one after another. */
    SIGN_IN_JSON("Entra ID sign-ins JSON"),
    /** One sign-in object per line. */
    SIGN_IN_JSON_LINES("Entra ID sign-ins JSON lines"),
    /** The Entra admin center's sign-in CSV download. */
    ENTRA_SIGN_IN_CSV("Entra admin center sign-in CSV"),
    /** A Log Analytics SigninLogs query exported as CSV. */
    LOG_ANALYTICS_SIGN_IN_CSV("Log Analytics sign-in CSV"),
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
