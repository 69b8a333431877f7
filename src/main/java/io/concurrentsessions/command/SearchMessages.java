package io.concurrentsessions.command;

import io.concurrentsessions.detect.SessionKey;

import java.util.ArrayList;
import java.util.List;

/** Every message a search shows the user, built in one place from what it counted: an INFO summary, WARNs. */
final class SearchMessages {
    private SearchMessages() {
    }

    /** Messages the user must see (WARN level): the caps, times that are not numbers, undecodable partial states. */
    static List<String> warnings(SessionSearch search) {
        CommandOptions options = search.options();
        SearchStats s = search.stats();
        List<String> w = new ArrayList<>();
        if (s.eventsBeyondCap() > 0) {
            w.add(CommandOptions.COMMAND_NAME + ": max_sessions=" + search.maxSessions() + " reached; "
                    + s.eventsBeyondCap() + " events in " + (s.sessionsBeyondCapExact() ? "" : "at least ")
                    + s.sessionsBeyondCap() + " further sessions were not evaluated, so sessions used from "
                    + "several addresses may be missing. Raise the cap with max_sessions=<n> (about 0.6 KB of "
                    + "memory per session; the default follows the JVM's -Xmx) or narrow the search (time range, users).");
        }
        int overCapCount = search.phase() instanceof ReducePhase r ? r.overCapCount() : 0;
        if (overCapCount > 0) {
            List<SessionKey> overCap = ((ReducePhase) search.phase()).overCap();
            StringBuilder names = new StringBuilder();
            for (SessionKey k : overCap) {
                names.append(names.length() == 0 ? "" : "; ").append(k.user()).append(' ').append(k.sessionId());
            }
            w.add(CommandOptions.COMMAND_NAME + ": max_ips_per_session=" + options.maxIpsPerSession() + " reached in "
                    + overCapCount + " session" + (overCapCount == 1 ? "" : "s") + " (" + names
                    + (overCapCount > overCap.size() ? "; ..." : "") + "): further addresses were counted, not kept, "
                    + "and those sessions are still reported. Raise the cap with max_ips_per_session=<n> (up to 100000).");
        }
        if (s.eventsTimeNotNumeric() > 0) {
            w.add(CommandOptions.COMMAND_NAME + ": " + s.eventsTimeNotNumeric() + " event"
                    + (s.eventsTimeNotNumeric() == 1 ? "" : "s") + " had a _time that is not a number (first: \""
                    + search.timeNotNumericExample() + "\"); they were grouped without a time, as stats groups them, "
                    + "so firstTime, lastTime and the per-address times leave them out.");
        }
        if (s.malformedPartials() > 0) {
            w.add(CommandOptions.COMMAND_NAME + ": " + s.malformedPartials() + " " + CommandOptions.STATE_FIELD
                    + " values could not be read and their events were not evaluated (first problem: "
                    + search.firstMalformed() + "). Is the map phase from another version of the app?");
        }
        return w;
    }

    /** An INFO line: what was seen and dropped, as stats would drop it; what allow_cidrs and the profile removed. */
    static String summary(SessionSearch search) {
        CommandOptions options = search.options();
        EventFilter filter = search.filter();
        SearchStats s = search.stats();
        String line = CommandOptions.COMMAND_NAME + ": " + s.eventsSeen() + " events, " + s.sessionsTracked() + " sessions; "
                + s.eventsMissingKey() + " events lacked " + options.grouping().partsNeeded()
                + " and were not grouped (as stats drops them).";
        if (!options.allowed().isEmpty()) {
            line += " allow_cidrs (" + options.allowed().size() + " ranges) removed " + filter.addressesRemoved()
                    + " addresses; " + filter.eventsRemoved() + " events had only allowed addresses and were not grouped.";
        }
        if (options.strict() && search.phase() instanceof ReducePhase r) {
            line += " profile=strict left out " + r.sessionsNotStrict() + " sessions used from " + options.minIps()
                    + "+ addresses without concurrency across distinct contexts or impossible travel.";
        }
        return line;
    }
}
