package io.concurrentsessions.cli;

import static io.concurrentsessions.cli.Markup.escape;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A session's addresses over time as inline SVG: one lane per address, a bar from first to last
 * seen coloured by network, shaded bands where two networks were in use at once. Every element
 * that shows a log value has a {@code <title>} (the browser's tooltip) with the full value.
 */
final class TimelineSvg {
    static final int WIDTH = 760;
    private static final int LEFT = 22;
    private static final int RIGHT = 22;
    private static final int TOP = 8;
    private static final int LANE = 40;
    private static final int BAR = 14;
    private static final int AXIS = 34;
    private static final int LABEL_CHARS = 100;
    /** Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in greyscale print. */
    static final List<String> PALETTE = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D00", "#444444");
    static final String NO_NETWORK = "#9AA0A6";
    private static final long[] STEPS = {60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800};
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private TimelineSvg() {
    }

    static String draw(SessionLanes session) {
        List<SessionLanes.Lane> lanes = session.lanes();
        int height = TOP + lanes.size() * LANE + AXIS;
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"")
                .append(" aria-label=\"").append(escape(lanes.size() + " addresses over time")).append("\">\n");
        boolean timed = !Double.isNaN(session.start()) && !Double.isNaN(session.end());
        double start = session.start();
        double span = timed ? Math.max(session.end() - start, 60) : 1;
        if (timed && session.end() - start < 60) {
            start -= (60 - (session.end() - start)) / 2; // an instant session still gets a readable axis
        }
        Scale x = new Scale(start, span);

        for (SessionLanes.Overlap o : session.overlaps()) {
            double x0 = x.at(o.from());
            svg.append("<rect class=\"overlap\" x=\"").append(num(x0)).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(num(Math.max(x.at(o.to()) - x0, 2))).append("\" height=\"").append(lanes.size() * LANE).append("\">")
                    .append("<title>").append(escape(o.networkA() + " and " + o.networkB() + " both in use for "
                            + HtmlReport.duration(o.to() - o.from()) + " (" + ReadableUtc.of(o.from()) + " to " + ReadableUtc.of(o.to()) + ")"))
                    .append("</title></rect>\n");
        }
        List<String> networks = session.networks();
        for (int i = 0; i < lanes.size(); i++) {
            SessionLanes.Lane lane = lanes.get(i);
            int y = TOP + i * LANE;
            String colour = lane.network() == null ? NO_NETWORK : PALETTE.get(networks.indexOf(lane.network()) % PALETTE.size());
            svg.append("<g class=\"lane\" data-lane=\"").append(i).append("\">");
            String label = label(lane, session.perAddress());
            svg.append("<text class=\"label\" x=\"").append(LEFT).append("\" y=\"").append(y + 13).append("\">")
                    .append(escape(clip(label))).append("<title>").append(escape(label)).append("</title></text>");
            if (timed) {
                double x0 = x.at(lane.first());
                double w = Math.max(x.at(lane.last()) - x0, 3);
                svg.append("<rect class=\"bar").append(session.perAddress() ? "" : " span").append("\" x=\"").append(num(x0))
                        .append("\" y=\"").append(y + 19).append("\" width=\"").append(num(w)).append("\" height=\"").append(BAR)
                        .append("\" rx=\"2\" fill=\"").append(colour).append("\">")
                        .append("<title>").append(escape(tooltip(lane, session.perAddress()))).append("</title></rect>");
            }
            svg.append("</g>\n");
        }
        if (timed) {
            axis(svg, x, start, span, TOP + lanes.size() * LANE);
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static void axis(StringBuilder svg, Scale x, double start, double span, int y) {
        long step = (long) Math.ceil(span / 8); // beyond a week, whatever keeps it to 8 ticks
        for (long s : STEPS) {
            if (span / s <= 8) {
                step = s;
                break;
            }
        }
        svg.append("<g class=\"axis\"><line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y1=\"").append(y + 2).append("\" y2=\"").append(y + 2).append("\"/>");
        long tick = (long) Math.ceil(start / step) * step;
        for (; tick <= start + span; tick += step) {
            double tx = x.at(tick);
            svg.append("<line x1=\"").append(num(tx)).append("\" x2=\"").append(num(tx)).append("\" y1=\"").append(y + 2)
                    .append("\" y2=\"").append(y + 7).append("\"/><text x=\"").append(num(tx)).append("\" y=\"").append(y + 19)
                    .append("\" text-anchor=\"middle\">").append(HOUR_MINUTE.format(Instant.ofEpochSecond(tick))).append("</text>");
        }
        svg.append("<text class=\"day\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(y + 31).append("\" text-anchor=\"end\">")
                .append(DAY.format(Instant.ofEpochSecond((long) Math.floor(start)))).append(" UTC</text></g>\n");
    }

    private static String label(SessionLanes.Lane lane, boolean perAddress) {
        StringBuilder sb = new StringBuilder(lane.ip());
        if (perAddress) {
            sb.append("  \u00b7  ").append(lane.events()).append(" event").append(lane.events() == 1 ? "" : "s");
        }
        if (lane.network() != null) {
            sb.append("  \u00b7  ").append(lane.network());
        }
        if (lane.location() != null) {
            sb.append("  \u00b7  ").append(lane.location());
        }
        return sb.toString();
    }

    private static String tooltip(SessionLanes.Lane lane, boolean perAddress) {
        String times = ReadableUtc.of(lane.first()) + " to " + ReadableUtc.of(lane.last()) + " (" + HtmlReport.duration(lane.last() - lane.first()) + ")";
        return lane.ip() + ": " + (perAddress ? "in use " + times : "session span " + times + ", per-address times unknown");
    }

    private static String clip(String s) {
        return s.codePointCount(0, s.length()) <= LABEL_CHARS ? s : s.substring(0, s.offsetByCodePoints(0, LABEL_CHARS - 1)) + "\u2026";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Seconds to x within the plot. */
    private record Scale(double start, double span) {
        double at(double seconds) {
            return LEFT + (seconds - start) / span * (WIDTH - LEFT - RIGHT);
        }
    }
}
