package io.concurrentsessions.scp;

import java.util.List;

/**
 * The {@code searchinfo} of a getinfo request. Every key is optional on the wire: absent strings
 * are null, absent lists empty. The session key is kept out of {@link #toString()}: it is a live
 * credential and must never reach a log, a message or a file.
 */
public final class SearchInfo {
    public static final int DEFAULT_MAX_RESULT_ROWS = 50_000;

    private final List<String> args;
    private final List<String> rawArgs;
    private final String command;
    private final String sid;
    private final String dispatchDir;
    private final String app;
    private final String owner;
    private final String username;
    private final String splunkVersion;
    private final String splunkdUri;
    private final String search;
    private final String earliestTime;
    private final String latestTime;
    private final int maxResultRows;
    private final String sessionKey;

    private SearchInfo(Builder b) {
        this.args = List.copyOf(b.args);
        this.rawArgs = List.copyOf(b.rawArgs);
        this.command = b.command;
        this.sid = b.sid;
        this.dispatchDir = b.dispatchDir;
        this.app = b.app;
        this.owner = b.owner;
        this.username = b.username;
        this.splunkVersion = b.splunkVersion;
        this.splunkdUri = b.splunkdUri;
        this.search = b.search;
        this.earliestTime = b.earliestTime;
        this.latestTime = b.latestTime;
        this.maxResultRows = b.maxResultRows > 0 ? b.maxResultRows : DEFAULT_MAX_RESULT_ROWS;
        this.sessionKey = b.sessionKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Arguments as splunkd tokenised them, quotes removed. */
    public List<String> args() { return args; }
    /** Arguments as the user typed them. */
    public List<String> rawArgs() { return rawArgs; }
    public String command() { return command; }
    public String sid() { return sid; }
    public String dispatchDir() { return dispatchDir; }
    public String app() { return app; }
    public String owner() { return owner; }
    public String username() { return username; }
    public String splunkVersion() { return splunkVersion; }
    public String splunkdUri() { return splunkdUri; }
    public String search() { return search; }
    public String earliestTime() { return earliestTime; }
    public String latestTime() { return latestTime; }
    /** The most rows one reply may carry; larger output is paged. */
    public int maxResultRows() { return maxResultRows; }
    /** The live session key, for calls back to splunkd only. Never log it. */
    public String sessionKey() { return sessionKey; }

    @Override
    public String toString() {
        return "SearchInfo{command=" + command + ", args=" + args + ", sid=" + sid + ", app=" + app
                + ", splunkVersion=" + splunkVersion + ", maxResultRows=" + maxResultRows
                + ", sessionKey=" + (sessionKey == null ? "none" : "<redacted>") + "}";
    }

    public static final class Builder {
        private List<String> args = List.of();
        private List<String> rawArgs = List.of();
        private String command;
        private String sid;
        private String dispatchDir;
        private String app;
        private String owner;
        private String username;
        private String splunkVersion;
        private String splunkdUri;
        private String search;
        private String earliestTime;
        private String latestTime;
        private int maxResultRows;
        private String sessionKey;

        public Builder args(List<String> v) { args = v; return this; }
        public Builder rawArgs(List<String> v) { rawArgs = v; return this; }
        public Builder command(String v) { command = v; return this; }
        public Builder sid(String v) { sid = v; return this; }
        public Builder dispatchDir(String v) { dispatchDir = v; return this; }
        public Builder app(String v) { app = v; return this; }
        public Builder owner(String v) { owner = v; return this; }
        public Builder username(String v) { username = v; return this; }
        public Builder splunkVersion(String v) { splunkVersion = v; return this; }
        public Builder splunkdUri(String v) { splunkdUri = v; return this; }
        public Builder search(String v) { search = v; return this; }
        public Builder earliestTime(String v) { earliestTime = v; return this; }
        public Builder latestTime(String v) { latestTime = v; return this; }
        public Builder maxResultRows(int v) { maxResultRows = v; return this; }
        public Builder sessionKey(String v) { sessionKey = v; return this; }

        public SearchInfo build() {
            return new SearchInfo(this);
        }
    }
}
