package io.concurrentsessions.cli;

import static io.concurrentsessions.cli.Markup.escape;

import io.concurrentsessions.command.CommandOptions;
import io.concurrentsessions.command.FindingRow;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionEvidence;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code scan --format html}: one self-contained page an analyst can open offline, print or attach
 * to a ticket. No scripts, no fetches (a Content-Security-Policy forbids both, so even a value that
 * escaped escaping could not load anything); CSS and SVG inline. The output is also well-formed
 * XML, which keeps the markup honest and lets tests parse it. It reads the {@link Finding}s; values
 * the Splunk rows format (travel speed, the technique) come from the {@link FindingRow} declarations.
 */
public final class HtmlReport {
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    /**
     * What was scanned, for the summary; counts are -1 and times NaN when unknown (rows only).
     *
     * @param files    the exports read, as named on the command line
     * @param records  records read
     * @param matched  records that passed the pre-filter
     * @param filter   the pre-filter, as the seed writes it
     * @param sessions sessions tracked
     * @param earliest first matched event, epoch seconds
     * @param latest   last matched event, epoch seconds
     */
    public record Summary(List<String> files, long records, long matched, String filter, long sessions, double earliest, double latest) {
        static Summary rowsOnly() {
            return new Summary(List.of(), -1, -1, null, -1, Double.NaN, Double.NaN);
        }
    }

    private static final String STYLE = """
            :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --flag: #b42318; }
            * { box-sizing: border-box; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   color: var(--ink); margin: 0 auto; padding: 24px; max-width: 1280px; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 17px; margin: 0 0 2px; overflow-wrap: anywhere; }
            .sub, .note, .muted { color: var(--muted); }
            .note { border-left: 3px solid #E69F00; padding: 4px 10px; background: #fff8e6; margin: 8px 0; }
            code, .mono, .timeline text.label { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
            table { border-collapse: collapse; width: 100%; margin: 12px 0 20px; }
            th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
            th { font-weight: 600; color: var(--muted); }
            dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
            dl.summary dt { color: var(--muted); }
            dl.summary dd { margin: 0; }
            section.session { border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; margin: 18px 0; }
            .body { display: grid; grid-template-columns: minmax(0, 2fr) minmax(260px, 1fr); gap: 18px; margin-top: 10px; }
            @media (max-width: 900px) { .body { grid-template-columns: 1fr; } }
            .evidence dl { margin: 0; }
            .evidence dt { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; margin-top: 8px; }
            .evidence dd { margin: 0; overflow-wrap: anywhere; }
            .evidence ul { margin: 0; padding-left: 18px; }
            .risk { font-weight: 700; }
            .flag { color: var(--flag); font-weight: 600; }
            .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
            .timeline { display: block; max-width: 100%; height: auto; }
            .timeline text { font-size: 13px; fill: var(--ink); }
            .timeline .axis line { stroke: var(--muted); stroke-width: 1; }
            .timeline .axis text { fill: var(--muted); font-size: 11px; }
            .timeline rect.span { fill-opacity: .55; stroke: #5f6368; stroke-dasharray: 4 3; }
            .timeline rect.overlap { fill: var(--flag); fill-opacity: .12; }
            @media print {
              body { padding: 0; max-width: none; font-size: 11pt; }
              a { color: inherit; text-decoration: none; }
              section.session { break-before: page; page-break-before: always; break-inside: avoid; border: none; padding: 0; }
              .body { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
              * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            }
            """;

    private HtmlReport() {
    }

    public static void write(List<Finding> findings, CommandOptions o, Summary summary, Writer out) throws IOException {
        List<Finding> sessions = new ArrayList<>(findings);
        // Highest risk first; equal risk keeps the engine's order.
        sessions.sort(Comparator.comparingInt((Finding f) -> -FindingRow.riskScore(f, o)));
        StringBuilder html = new StringBuilder(8192 + findings.size() * 4096);
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\"/>\n")
                .append("<title>Concurrent sessions: ").append(sessions.size()).append(" flagged</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<header>\n<h1>Sessions used from more than one IP address</h1>\n")
                .append("<p class=\"sub\">concurrentsessions scan: the detection of Splunk's concurrentsessions command over audit-log exports."
                        + " Times in UTC.</p>\n");
        summary(html, summary, sessions);
        html.append("</header>\n<main>\n");
        if (sessions.isEmpty()) {
            html.append("<p id=\"no-findings\">No session was used from more than one IP address.</p>\n");
        } else {
            index(html, sessions, o);
        }
        for (int i = 0; i < sessions.size(); i++) {
            session(html, sessions.get(i), o, i + 1);
        }
        html.append("</main>\n</body>\n</html>\n");
        out.write(html.toString());
        out.flush();
    }

    private static void summary(StringBuilder html, Summary s, List<Finding> sessions) {
        html.append("<dl class=\"summary\" id=\"summary\">\n");
        if (!s.files().isEmpty()) {
            html.append("<dt>Files scanned</dt><dd class=\"mono\">").append(s.files().size()).append(": ");
            for (int i = 0; i < s.files().size(); i++) {
                html.append(i == 0 ? "" : ", ").append(escape(s.files().get(i)));
            }
            html.append("</dd>\n");
        }
        if (s.records() >= 0) {
            html.append("<dt>Records</dt><dd>").append(s.records()).append(" read, ").append(s.matched()).append(" matched <code>")
                    .append(escape(s.filter())).append("</code></dd>\n");
        }
        if (s.sessions() >= 0) {
            html.append("<dt>Sessions</dt><dd>").append(s.sessions()).append("</dd>\n");
        }
        html.append("<dt>Flagged</dt><dd id=\"flagged-count\" class=\"").append(sessions.isEmpty() ? "" : "flag").append("\">")
                .append(sessions.size()).append(" session").append(sessions.size() == 1 ? "" : "s").append("</dd>\n");
        double earliest = s.earliest();
        double latest = s.latest();
        String what = "events";
        if (Double.isNaN(earliest)) {
            what = "flagged sessions";
            for (Finding f : sessions) {
                earliest = min(earliest, SessionLanes.seconds(f.firstSeconds()));
                latest = max(latest, SessionLanes.seconds(f.lastSeconds()));
            }
        }
        if (!Double.isNaN(earliest) && !Double.isNaN(latest)) {
            html.append("<dt>Time range</dt><dd>").append(ReadableUtc.of(earliest)).append(" to ").append(ReadableUtc.of(latest))
                    .append(" <span class=\"muted\">(").append(what).append(")</span></dd>\n");
        }
        html.append("</dl>\n");
    }

    private static void index(StringBuilder html, List<Finding> sessions, CommandOptions o) {
        html.append("<table id=\"index\">\n<thead><tr><th>#</th><th>User</th><th>Session</th><th>First seen</th><th>Duration</th>"
                + "<th>Addresses</th><th>Risk</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < sessions.size(); i++) {
            Finding f = sessions.get(i);
            double first = SessionLanes.seconds(f.firstSeconds());
            double last = SessionLanes.seconds(f.lastSeconds());
            html.append("<tr><td><a href=\"#session-").append(i + 1).append("\">").append(i + 1).append("</a></td><td>")
                    .append(escape(f.key().user())).append("</td><td class=\"mono\">").append(escape(f.key().sessionId()))
                    .append("</td><td>").append(Double.isNaN(first) ? escape(f.firstTime()) : ReadableUtc.of(first))
                    .append("</td><td>").append(Double.isNaN(first) || Double.isNaN(last) ? "" : duration(last - first))
                    .append("</td><td>").append(f.ips().size()).append("</td><td>").append(FindingRow.riskScore(f, o))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void session(StringBuilder html, Finding f, CommandOptions o, int n) {
        SessionLanes lanes = SessionLanes.of(f, o);
        html.append("<section class=\"session\" id=\"session-").append(n).append("\" data-session=\"").append(escape(f.key().sessionId()))
                .append("\">\n<h2>").append(n).append(". ").append(escape(f.key().user())).append("</h2>\n")
                .append("<div class=\"sub\">session <span class=\"mono session-id\">").append(escape(f.key().sessionId()))
                .append("</span> \u00b7 ").append(escape(f.key().operation())).append(" \u00b7 ").append(f.ips().size())
                .append(" addresses</div>\n<div class=\"body\">\n<div class=\"picture\">\n");
        if (lanes.note() != null) {
            html.append("<p class=\"note\">").append(escape(lanes.note())).append("</p>\n");
        }
        html.append(TimelineSvg.draw(lanes)).append("\n</div>\n");
        evidence(html, f, o, lanes);
        html.append("</div>\n</section>\n");
    }

    private static void evidence(StringBuilder html, Finding f, CommandOptions o, SessionLanes lanes) {
        SessionEvidence e = f.evidence();
        html.append("<aside class=\"evidence\"><dl>\n");
        dt(html, "Risk score").append("<dd class=\"risk\">").append(FindingRow.riskScore(f, o))
                .append(" <span class=\"muted\">(profile ").append(escape(o.profile())).append(")</span></dd>\n");
        list(html, "Reasons", e.reasons(), "reasons");
        double first = SessionLanes.seconds(f.firstSeconds());
        double last = SessionLanes.seconds(f.lastSeconds());
        dt(html, "Session span").append("<dd>");
        if (Double.isNaN(first) || Double.isNaN(last)) {
            html.append(escape(f.firstTime())).append(" to ").append(escape(f.lastTime()));
        } else {
            html.append(ReadableUtc.of(first)).append(" to ").append(ReadableUtc.of(last)).append(" (").append(duration(last - first)).append(')');
        }
        html.append("</dd>\n");
        dt(html, "Concurrent use").append("<dd class=\"").append(e.concurrent() ? "flag" : "").append("\">")
                .append(e.concurrent() ? "yes" : "no (addresses used one after another)");
        if (e.overlapSeconds() > 0) {
            html.append(", overlap ").append(duration(e.overlapSeconds()));
        }
        html.append("</dd>\n");
        String travel = FindingRow.MAX_TRAVEL_KMH.value(f, o);
        dt(html, "Travel speed").append("<dd>").append(travel == null ? "unknown (no locations)" : escape(travel) + " km/h").append("</dd>\n");
        List<String> networks = lanes.networks();
        if (!networks.isEmpty()) {
            dt(html, "Networks").append("<dd><ul>");
            for (int i = 0; i < networks.size(); i++) {
                html.append("<li><span class=\"swatch\" style=\"background:").append(TimelineSvg.PALETTE.get(i % TimelineSvg.PALETTE.size()))
                        .append("\"></span><span class=\"mono\">").append(escape(networks.get(i))).append("</span></li>");
            }
            html.append("</ul></dd>\n");
        }
        if (FindingRow.ASNS.isPresent(o)) {
            list(html, "ASNs", FindingRow.ASNS.values(f, o), "asns");
        }
        list(html, "User agents (" + e.userAgentCount() + ")", f.userAgents(), "user-agents");
        if (e.uaChangedWithIp()) {
            html.append("<dd class=\"flag\">user agent changed with network</dd>\n");
        }
        dt(html, "MITRE ATT&CK").append("<dd>").append(escape(FindingRow.MITRE_TECHNIQUE_ID.value(f, o))).append("</dd>\n");
        html.append("</dl></aside>\n");
    }

    private static StringBuilder dt(StringBuilder html, String term) {
        return html.append("<dt>").append(escape(term)).append("</dt>");
    }

    private static void list(StringBuilder html, String term, List<String> values, String cssClass) {
        if (values.isEmpty()) {
            return;
        }
        dt(html, term).append("<dd><ul class=\"").append(cssClass).append("\">");
        for (String v : values) {
            html.append("<li>").append(escape(v)).append("</li>");
        }
        html.append("</ul></dd>\n");
    }

    /** 3245 s as "54 min 5 s"; what an analyst reads faster than seconds. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(seconds, 0));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        long minutes = s / 60;
        if (minutes < 48 * 60) {
            return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return String.format(Locale.ROOT, "%.1f days", s / 86400.0);
    }

    private static double min(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
