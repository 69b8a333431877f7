package io.concurrentsessions.cli;

import io.concurrentsessions.command.ConcurrentSessionsCommand;
import io.concurrentsessions.scp.ChunkedProtocol;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry point. No arguments: speak Splunk's chunked protocol on stdin/stdout (how splunkd starts
 * the command), diagnostics on stderr. {@code scan FILE...}: the offline scanner.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // stdout carries frames only: give the protocol the raw descriptor and point System.out
        // at stderr so a stray print anywhere cannot corrupt the stream.
        OutputStream frames = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(err);
        int code = run(args, new BufferedInputStream(System.in, 1 << 16), frames, err);
        System.exit(code);
    }

    /** The whole program over given streams; the exit code. */
    public static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("scan")) {
            // The offline scanner plugs in here: return ScanCommand.run(args, new PrintStream(out, true, UTF_8), err);
            err.println("scan: not available in this build");
            return 2;
        }
        if (args.length > 0) {
            err.println("usage: concurrentsessions            (speaks Splunk's chunked protocol on stdin/stdout)");
            err.println("       concurrentsessions scan FILE... (offline scan of audit-log exports)");
            return 2;
        }
        return new ChunkedProtocol(err).run(new ConcurrentSessionsCommand(), in, out);
    }
}
