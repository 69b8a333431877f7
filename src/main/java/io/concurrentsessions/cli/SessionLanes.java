package io.concurrentsessions.cli;

import io.concurrentsessions.scp.OutputRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One flagged session as lanes to draw: one per address, from first to last seen. With the
 * evidence columns (ip_first_seen, ip_last_seen, ip_event_count, ip_network, ip_location, parallel
 * to ips) each lane has its own times; without them (the seed's columns only) every lane spans the
 * session, and {@link #note} says why.
 *
 * @param lanes      one per address, by first seen (in the order of {@code ips} without the evidence columns)
 * @param start      the session's first second (the axis origin)
 * @param end        the session's last second
 * @param perAddress true when lanes carry per-address timing from the evidence columns
 * @param note       why timing is not per address, or null
 */
record SessionLanes(List<Lane> lanes, double start, double end, boolean perAddress, String note) {

    /** One address: when it was in use, how often, from which network and place (null when unknown). */
    record Lane(String ip, double first, double last, String events, String network, String location) {
    }

    /** Two lanes of different networks in use at the same time. */
    record Overlap(double from, double to, String networkA, String networkB) {
    }

    static final List<String> PARALLEL = List.of("ip_first_seen", "ip_last_seen", "ip_event_count", "ip_network", "ip_location");

    /** Year 5138: beyond it a value is not a time (and java.time would refuse it). */
    private static final double MAX_SECONDS = 1e11;

    static SessionLanes of(OutputRow row) {
        List<String> ips = row.values("ips");
        double first = seconds(row.value("firstTime"));
        double last = seconds(row.value("lastTime"));
        String problem = evidenceProblem(row, ips.size());
        List<Lane> lanes = new ArrayList<>(ips.size());
        if (problem == null) {
            for (int i = 0; i < ips.size(); i++) {
                lanes.add(new Lane(ips.get(i), seconds(row.values("ip_first_seen").get(i)), seconds(row.values("ip_last_seen").get(i)),
                        row.values("ip_event_count").get(i), known(row.values("ip_network").get(i)), known(row.values("ip_location").get(i))));
            }
            lanes.sort(java.util.Comparator.comparingDouble(Lane::first)); // read top-down in order of first use
            double lo = Double.isNaN(first) ? Double.POSITIVE_INFINITY : first;
            double hi = Double.isNaN(last) ? Double.NEGATIVE_INFINITY : last;
            for (Lane lane : lanes) {
                lo = Math.min(lo, lane.first());
                hi = Math.max(hi, lane.last());
            }
            return new SessionLanes(lanes, lo, hi, true, null);
        }
        for (String ip : ips) {
            lanes.add(new Lane(ip, first, last, null, null, null));
        }
        return new SessionLanes(lanes, first, last, false, problem);
    }

    /** Null when the evidence columns are present, aligned with ips and readable; else what is missing. */
    private static String evidenceProblem(OutputRow row, int addresses) {
        if (Double.isNaN(seconds(row.value("firstTime"))) || Double.isNaN(seconds(row.value("lastTime")))) {
            return "firstTime or lastTime is not a number: the session's times are unknown.";
        }
        if (!row.fields().containsKey("ip_first_seen")) {
            return "Per-address timing needs the evidence columns (ip_first_seen, ip_last_seen, ip_event_count,"
                    + " ip_network): each bar shows the whole session, firstTime to lastTime.";
        }
        for (String column : PARALLEL) {
            if (row.values(column).size() != addresses) {
                return column + " has " + row.values(column).size() + " values for " + addresses
                        + " addresses: each bar shows the whole session, firstTime to lastTime.";
            }
        }
        for (int i = 0; i < addresses; i++) {
            if (Double.isNaN(seconds(row.values("ip_first_seen").get(i))) || Double.isNaN(seconds(row.values("ip_last_seen").get(i)))) {
                return "ip_first_seen/ip_last_seen hold a value that is not a number: each bar shows the whole session.";
            }
        }
        return null;
    }

    /**
     * Where two lanes of different networks were in use at the same time: the picture of
     * {@code concurrent}. Only with per-address timing; merged per pair of networks.
     */
    List<Overlap> overlaps() {
        if (!perAddress) {
            return List.of();
        }
        Map<String, Overlap> byPair = new LinkedHashMap<>();
        for (int i = 0; i < lanes.size(); i++) {
            for (int j = i + 1; j < lanes.size(); j++) {
                Lane a = lanes.get(i);
                Lane b = lanes.get(j);
                String na = a.network() == null ? a.ip() : a.network();
                String nb = b.network() == null ? b.ip() : b.network();
                double from = Math.max(a.first(), b.first());
                double to = Math.min(a.last(), b.last());
                if (na.equals(nb) || to <= from) {
                    continue;
                }
                String key = na.compareTo(nb) < 0 ? na + "\n" + nb : nb + "\n" + na;
                Overlap seen = byPair.get(key);
                if (seen == null || to - from > seen.to() - seen.from()) {
                    byPair.put(key, new Overlap(from, to, na, nb));
                }
            }
        }
        return List.copyOf(byPair.values());
    }

    /** The distinct networks in lane order (the colour key); empty without per-address evidence. */
    List<String> networks() {
        List<String> networks = new ArrayList<>();
        for (Lane lane : lanes) {
            if (lane.network() != null && !networks.contains(lane.network())) {
                networks.add(lane.network());
            }
        }
        return networks;
    }

    static double seconds(String value) {
        if (value == null || value.isEmpty()) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(value.strip());
            return Math.abs(d) < MAX_SECONDS ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String known(String value) {
        return value == null || value.isEmpty() || value.equals("unknown") ? null : value;
    }
}
