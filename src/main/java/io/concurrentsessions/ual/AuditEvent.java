package io.concurrentsessions.ual;

import java.util.List;
import java.util.Map;

/**
 * One audit record as the Splunk add-on presents it: Splunk field names to values.
 *
 * @param file     the export it came from, as the user named it
 * @param position where in that file: a line number (JSON lines, CSV) or a record number (JSON array)
 * @param fields   field name to values; a field without a value is absent
 */
public record AuditEvent(String file, String position, Map<String, List<String>> fields) {

    /** Every value of {@code field}, an empty list when it has none. */
    public List<String> values(String field) {
        List<String> v = fields.get(field);
        return v == null ? List.of() : v;
    }
}
