package io.concurrentsessions.cli;

import io.concurrentsessions.command.Option;
import io.concurrentsessions.command.SessionSearch;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.ual.ActivityRecordFields;
import io.concurrentsessions.ual.AuditEvent;
import io.concurrentsessions.ual.ExportFiles;
import io.concurrentsessions.ual.ExportReader;
import io.concurrentsessions.ual.ExportReport;
import io.concurrentsessions.ual.UnreadableExportException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code concurrentsessions scan [options] FILE...}: the search command's detection over audit-log
 * exports, for responders without Splunk. Events go through the same {@link SessionSearch} as in
 * Splunk; the scanner adds the seed's pre-filter and address normalisation in front of it.
 */
public final class ScanCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_UNREADABLE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FINDINGS = 3;

    private ScanCommand() {
    }

    /** The file argument that reads standard input (a pipe from zcat or a collector). */
    static final String STDIN = "-";

    /** Runs a scan; {@code args} are what follows {@code scan}. Returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs a scan whose {@code -} file is {@code in}. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        ScanOptions options;
        try {
            options = ScanOptions.parse(args);
        } catch (ScanOptions.UsageException e) {
            err.println("scan: " + e.getMessage());
            err.println("Try: concurrentsessions scan --help");
            return EXIT_USAGE;
        } catch (InvalidPathException e) {
            // A name this system cannot hold (a quote or a colon on Windows): no such file, said plainly.
            err.println("scan: " + e.getInput() + ": no such file (not a valid name here: " + e.getReason() + ")");
            err.println("scan: no findings reported: the input is incomplete.");
            return EXIT_UNREADABLE;
        }
        if (options == null) {
            out.print(help());
            out.flush();
            return EXIT_OK;
        }
        if (options.files().stream().filter(f -> f.toString().equals(STDIN)).count() > 1) {
            err.println("scan: - (standard input) can be read only once");
            err.println("Try: concurrentsessions scan --help");
            return EXIT_USAGE;
        }
        boolean interactive = options.progress() != null ? options.progress() : System.console() != null && err == System.err;
        ScanProgress progress = new ScanProgress(interactive ? err : null);
        SessionSearch search = new SessionSearch(options.engine());
        List<ExportReport> reports = new ArrayList<>();
        long[] matched = {0};
        double[] timeRange = {Double.NaN, Double.NaN};
        try {
            for (Path file : options.files()) {
                reports.add(scan(file, in, options, search, progress, matched, timeRange));
            }
        } catch (UnreadableExportException e) {
            progress.clear();
            err.println("scan: " + e.getMessage());
            err.println("scan: no findings reported: the input is incomplete.");
            return EXIT_UNREADABLE;
        }
        progress.clear();
        List<Finding> findings = search.findings();
        try {
            writeFindings(findings, options, out, htmlSummary(reports, matched[0], timeRange, options, search));
        } catch (IOException e) {
            err.println("scan: cannot write " + options.output() + ": " + e.getMessage());
            return EXIT_UNREADABLE;
        }
        summarise(reports, matched[0], findings.size(), options, search, err);
        return options.failOnFindings() && !findings.isEmpty() ? EXIT_FINDINGS : EXIT_OK;
    }

    private static ExportReport scan(Path file, InputStream in, ScanOptions options, SessionSearch search, ScanProgress progress,
                                     long[] matched, double[] timeRange) throws UnreadableExportException {
        try (ExportReader reader = file.toString().equals(STDIN) ? ExportFiles.open(unclosable(in), nameOf(file)) : ExportFiles.open(file)) {
            progress.file(nameOf(file));
            for (AuditEvent event; (event = reader.next()) != null; ) {
                progress.record(search);
                if (!passes(event, options)) {
                    continue;
                }
                matched[0]++;
                if (options.format() == FindingsFormat.HTML) {
                    widen(timeRange, event.values(ActivityRecordFields.TIME));
                }
                search.observe(event.fields()::get);
            }
            return reader.report();
        } catch (UnreadableExportException e) {
            throw e;
        } catch (IOException e) {
            throw new UnreadableExportException(nameOf(file) + ": " + e.getMessage(), e);
        }
    }

    /** The seed's {@code Workload=... Operation=...}: a field matches when any value equals, ignoring case, as Splunk does. */
    static boolean passes(AuditEvent event, ScanOptions options) {
        if (options.workload() != null && !anyEqualsIgnoreCase(event.values(ActivityRecordFields.WORKLOAD), options.workload())) {
            return false;
        }
        if (options.operations().isEmpty()) {
            return true;
        }
        for (String wanted : options.operations()) {
            if (anyEqualsIgnoreCase(event.values(ActivityRecordFields.OPERATION), wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyEqualsIgnoreCase(List<String> values, String wanted) {
        for (String v : values) {
            if (v.equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static void writeFindings(List<Finding> findings, ScanOptions options, PrintStream out, HtmlReport.Summary summary)
            throws IOException {
        if (options.output() == null) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(findings, options, w, summary);
            w.flush();
            return;
        }
        try (Writer w = Files.newBufferedWriter(options.output(), StandardCharsets.UTF_8)) {
            write(findings, options, w, summary);
        }
    }

    private static void write(List<Finding> findings, ScanOptions options, Writer w, HtmlReport.Summary summary) throws IOException {
        if (options.format() == FindingsFormat.HTML) {
            HtmlReport.write(findings, options.engine(), summary, w);
        } else {
            options.format().write(findings, options.engine(), w);
        }
    }

    /** The report's time range: first and last matched event (epoch seconds, as _time). */
    private static void widen(double[] range, List<String> times) {
        for (String t : times) {
            try {
                double d = Double.parseDouble(t);
                range[0] = Double.isNaN(range[0]) ? d : Math.min(range[0], d);
                range[1] = Double.isNaN(range[1]) ? d : Math.max(range[1], d);
            } catch (NumberFormatException e) {
                // not a time: left out of the range, as the engine leaves it out of firstTime/lastTime
            }
        }
    }

    private static HtmlReport.Summary htmlSummary(List<ExportReport> reports, long matched, double[] timeRange,
                                                  ScanOptions options, SessionSearch search) {
        long records = 0;
        for (ExportReport r : reports) {
            records += r.events();
        }
        return new HtmlReport.Summary(options.files().stream().map(ScanCommand::nameOf).toList(), records, matched,
                options.filterDescription(), search.stats().sessionsTracked(), timeRange[0], timeRange[1]);
    }

    /** On stderr, so that stdout carries only findings: what was read, skipped and why. */
    private static void summarise(List<ExportReport> reports, long matched, int findings, ScanOptions options,
                                  SessionSearch search, PrintStream err) {
        long events = 0;
        for (ExportReport r : reports) {
            events += r.events();
            if (r.malformed() > 0) {
                err.println("scan: warning: " + r.file() + ": " + r.malformed() + " malformed record"
                        + (r.malformed() == 1 ? "" : "s") + " skipped (" + String.join("; ", r.examples())
                        + (r.malformed() > r.examples().size() ? "; ..." : "") + ")");
            }
            if (r.otherKinds() > 0) {
                err.println("scan: note: " + r.file() + ": " + r.otherKinds() + " record" + (r.otherKinds() == 1 ? "" : "s")
                        + " of another kind skipped (" + String.join("; ", r.otherKindExamples())
                        + (r.otherKinds() > r.otherKindExamples().size() ? "; ..." : "") + ")");
            }
        }
        for (String w : search.warnings()) {
            err.println("scan: warning: " + w);
        }
        var stats = search.stats();
        err.printf(Locale.ROOT, "scan: %d file%s, %d records, %d matched %s, %d session%s (%d events without %s);"
                        + " %d session%s used from at least %d IP addresses%s%n",
                reports.size(), reports.size() == 1 ? "" : "s", events, matched, options.filterDescription(),
                stats.sessionsTracked(), stats.sessionsTracked() == 1 ? "" : "s", stats.eventsMissingKey(),
                options.engine().grouping().partsNeeded(),
                findings, findings == 1 ? "" : "s", options.engine().minIps(),
                options.output() == null ? "" : ", written to " + options.output());
    }

    /** How messages name an input: as written, and standard input as "stdin". */
    static String nameOf(Path file) {
        return file.toString().equals(STDIN) ? "stdin" : file.toString();
    }

    /** Standard input stays open when its reader closes: the caller owns it. */
    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }

    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                Usage: java -jar concurrentsessions.jar scan [options] FILE...

                Finds Office 365 / Entra ID sessions used from more than one IP address in Unified Audit
                Log exports, with the same engine as the Splunk search command concurrentsessions.

                Files (several allowed, gzip or not, format told by content; - reads standard input):
                  Management Activity API JSON: one record per line, a JSON array, or pretty-printed records
                  Purview audit search CSV export (the record is the JSON in the AuditData column)
                  Splunk CSV export of extracted fields (_time, src_ip, user, SessionId, Operation, user_agent)
                  Entra ID sign-ins: Microsoft Graph auditLogs/signIns pages, the admin center's JSON or CSV
                  download, Azure Monitor records ({"records": [...]}), a Log Analytics SigninLogs CSV

                Which records count (the seed search's pre-filter; values match ignoring case):
                  --workload NAME        Workload to keep (default AzureActiveDirectory)
                  --all-workloads        keep every workload
                  --operation NAME       Operation to keep (default UserLoggedIn and the sign-in categories
                                         SignInLogs, NonInteractiveUserSignInLogs); repeat for several
                  --all-operations       keep every operation
                  --raw-ips              count addresses as written; by default 1.2.3.4:5678, [::ffff:1.2.3.4]:443
                                         and 1.2.3.4 are one address, IPv6 in RFC 5952 form

                Output:
                  --format table|json|csv|html  table (default): one block per session, times in UTC;
                                         json: array of objects, search-command field names, arrays for
                                         ips/user_agents, epoch numbers for firstTime/lastTime;
                                         csv: a header, one row per session, several values one per line;
                                         html: one self-contained page (no scripts, no fetches) with a
                                         timeline of each flagged session's addresses and its evidence
                  --output FILE, -o FILE write findings to FILE instead of standard output
                  --fail-on-findings     exit 3 when a session is flagged
                  --progress, --no-progress  progress on stderr (default: only when on a terminal)

                Search command options (--name value is name=value; e.g. --min-ips 3 is min_ips=3):
                """);
        for (Option o : Option.values()) {
            if (!o.isPublic()) {
                continue;
            }
            String flag = "--" + o.optionName().replace('_', '-') + " " + o.syntax().replace("<", "").replace(">", "").toUpperCase(Locale.ROOT);
            sb.append("  ").append(flag).append(" (default ").append(o.defaultValue()).append(")\n")
                    .append("      ").append(o.help()).append('\n');
        }
        sb.append("""

                A summary (records read, matched, malformed records skipped with file and line) goes to stderr.

                Exit status:
                  0  scan complete (findings, if any, printed)
                  1  an input file could not be read (missing, not an export, truncated); no findings printed
                  2  usage error (unknown option, bad value, no file)
                  3  --fail-on-findings and at least one session was flagged
                """);
        return sb.toString();
    }
}
