package io.concurrentsessions.scp;

/** The {@code type} a command declares in its getinfo reply. */
public enum CommandType {
    STREAMING("streaming"),
    STATEFUL("stateful"),
    EVENTS("events"),
    REPORTING("reporting");

    private final String wireName;

    CommandType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as splunkd reads it in the getinfo reply. */
    public String wireName() {
        return wireName;
    }
}
