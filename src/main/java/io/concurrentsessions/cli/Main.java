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
import java.util.Arrays;

/**
 * Entry point. No arguments: speak Splunk's chunked protocol on stdin/stdout (how splunkd starts
 * the command), diagnostics on stderr. {@code scan FILE...}: the offline scanner.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        if (args.length == 0) {
            // Protocol mode: stdout carries frames only. The protocol writes to the raw descriptor;
            // System.out points at stderr so a stray print anywhere cannot corrupt the stream.
            System.setOut(err);
        }
        int code = run(args, new BufferedInputStream(System.in, 1 << 16), stdout, err);
        System.exit(code);
    }

    /** The whole program over given streams; the exit code. */
    public static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("scan")) {
            PrintStream printed = new PrintStream(out, false, StandardCharsets.UTF_8);
            int code = ScanCommand.run(Arrays.copyOfRange(args, 1, args.length), printed, err);
            printed.flush();
            return code;
        }
        if (args.length > 0) {
            err.println("usage: concurrentsessions            (speaks Splunk's chunked protocol on stdin/stdout)");
            err.println("       concurrentsessions scan FILE... (offline scan of audit-log exports)");
            return 2;
        }
        return new ChunkedProtocol(err).run(new ConcurrentSessionsCommand(), in, out);
    }
}
