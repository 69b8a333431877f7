package io.concurrentsessions.cli;

import io.concurrentsessions.command.CommandOptions;
import io.concurrentsessions.command.FindingRow;
import io.concurrentsessions.detect.Finding;
import io.concurrentsessions.detect.SessionEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One flagged session as lanes to draw: one per address, from first to last seen, with the
 * finding's per-address evidence (event count, network, location). When that evidence is not one
 * value per address, or a time is unknown, every lane spans the session and {@link #note} says why.
 *
 * @param lanes      one per address, by first seen (in the order of {@code ips} without per-address timing)
 * @param start      the session's first second (the axis origin)
 * @param end        the session's last second
 * @param perAddress true when lanes carry per-address timing
 * @param note       why timing is not per address, or null
 */
record SessionLanes(List<Lane> lanes, double start, double end, boolean perAddress, String note) {

    /** One address: when it was in use, how often (with per-address timing), from which network and place (null when unknown). */
    record Lane(String ip, double first, double last, long events, String network, String location) {
    }

    /** Two lanes of different networks in use at the same time. */
    record Overlap(double from, double to, String networkA, String networkB) {
    }

    /** Year 5138: beyond it a value is not a time (and java.time would refuse it). */
    private static final double MAX_SECONDS = 1e11;

    static SessionLanes of(Finding f, CommandOptions o) {
        List<String> ips = f.ips();
        double first = seconds(f.firstSeconds());
        double last = seconds(f.lastSeconds());
        String problem = evidenceProblem(f, o, first, last);
        List<Lane> lanes = new ArrayList<>(ips.size());
        if (problem == null) {
            SessionEvidence e = f.evidence();
            for (int i = 0; i < ips.size(); i++) {
                Finding.AddressActivity a = f.addresses().get(i);
                lanes.add(new Lane(a.ip(), a.firstSeen(), a.lastSeen(), a.events(), known(e.networks().get(i)),
                        known(e.locations().get(i))));
            }
            lanes.sort(Comparator.comparingDouble(Lane::first)); // read top-down in order of first use
            double lo = Double.isNaN(first) ? Double.POSITIVE_INFINITY : first;
            double hi = Double.isNaN(last) ? Double.NEGATIVE_INFINITY : last;
            for (Lane lane : lanes) {
                lo = Math.min(lo, lane.first());
                hi = Math.max(hi, lane.last());
            }
            return new SessionLanes(lanes, lo, hi, true, null);
        }
        for (String ip : ips) {
            lanes.add(new Lane(ip, first, last, 0, null, null));
        }
        return new SessionLanes(lanes, first, last, false, problem);
    }

    /** Null when the per-address evidence is aligned with ips and every time is known; else what is wrong. */
    private static String evidenceProblem(Finding f, CommandOptions o, double first, double last) {
        String span = FindingRow.FIRST_TIME.name() + " to " + FindingRow.LAST_TIME.name();
        if (Double.isNaN(first) || Double.isNaN(last)) {
            return FindingRow.FIRST_TIME.name() + " or " + FindingRow.LAST_TIME.name()
                    + " is not a number: the session's times are unknown.";
        }
        String misaligned = FindingRow.misaligned(f, o);
        if (misaligned != null) {
            return misaligned + ": each bar shows the whole session, " + span + ".";
        }
        for (Finding.AddressActivity a : f.addresses()) {
            if (Double.isNaN(seconds(a.firstSeen())) || Double.isNaN(seconds(a.lastSeen()))) {
                return a.ip() + " was seen without a numeric _time (" + FindingRow.IP_FIRST_SEEN.name() + " "
                        + SessionEvidence.UNKNOWN + "): each bar shows the whole session.";
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

    /** The time, or NaN when unknown or beyond what a date can show. */
    static double seconds(double t) {
        return Math.abs(t) < MAX_SECONDS ? t : Double.NaN;
    }

    private static String known(String value) {
        return value == null || value.isEmpty() || value.equals(SessionEvidence.UNKNOWN) ? null : value;
    }
}
