package io.concurrentsessions.ual;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What reading one file gave: records turned into events and records skipped, with reasons. */
public final class ExportReport {
    /** Reasons kept verbatim per file; past this only the count grows. */
    static final int MAX_EXAMPLES = 5;

    private final String file;
    private final ExportFormat format;
    private long events;
    private long malformed;
    private final List<String> examples = new ArrayList<>();
    private long otherKinds;
    private final List<String> otherKindExamples = new ArrayList<>();

    ExportReport(String file, ExportFormat format) {
        this.file = file;
        this.format = format;
    }

    public String file() {
        return file;
    }

    public ExportFormat format() {
        return format;
    }

    /** Records that became events. */
    public long events() {
        return events;
    }

    /** Records skipped because they could not become events. */
    public long malformed() {
        return malformed;
    }

    /** The first few skipped records as "position: reason". */
    public List<String> examples() {
        return Collections.unmodifiableList(examples);
    }

    /** Well-formed records of another kind (audit or risk records in a sign-in file, failed sign-ins), skipped. */
    public long otherKinds() {
        return otherKinds;
    }

    /** The first few records of another kind as "position: what it is". */
    public List<String> otherKindExamples() {
        return Collections.unmodifiableList(otherKindExamples);
    }

    void countEvent() {
        events++;
    }

    /** Counts a record that did not become an event, as malformed or as of another kind. */
    void countSkipped(String position, MalformedRecordException e) {
        if (e instanceof RecordOfOtherKindException) {
            otherKinds++;
            if (otherKindExamples.size() < MAX_EXAMPLES) {
                otherKindExamples.add(position + ": " + e.getMessage());
            }
        } else {
            countMalformed(position, e.getMessage());
        }
    }

    void countMalformed(String position, String reason) {
        malformed++;
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(position + ": " + reason);
        }
    }
}
