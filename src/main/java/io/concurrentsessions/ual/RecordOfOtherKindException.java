package io.concurrentsessions.ual;

/**
 * A well-formed record that is not what the scan counts (an audit or risk record, a category
 * that is not a sign-in, a failed sign-in): skipped and counted apart from malformed records.
 */
public final class RecordOfOtherKindException extends MalformedRecordException {
    private static final long serialVersionUID = 1L;

    public RecordOfOtherKindException(String reason) {
        super(reason);
    }
}
