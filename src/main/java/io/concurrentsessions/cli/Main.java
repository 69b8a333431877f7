package io.concurrentsessions.cli;

/**
 * Entry point. No arguments: speak Splunk's chunked protocol on stdin/stdout (how splunkd starts
 * the command). {@code scan FILE...}: the offline scanner.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Wired by the scp, command and scan work; see the issues.
        System.err.println("concurrentsessions: not wired yet");
        System.exit(2);
    }
}
