package io.concurrentsessions.command;

/**
 * What a search saw and what it could not evaluate.
 *
 * @param eventsSeen        raw events plus the events inside merged partial states
 * @param eventsMissingKey  events without Operation, user or SessionId (dropped, as stats drops them)
 * @param sessionsTracked   distinct sessions held
 * @param eventsBeyondCap   event contributions not evaluated because max_sessions was reached
 * @param sessionsBeyondCap distinct sessions not evaluated (a lower bound when not exact)
 * @param sessionsBeyondCapExact whether {@code sessionsBeyondCap} is exact
 * @param partialsMerged    partial states merged (from the map phase)
 * @param malformedPartials partial-state values that could not be decoded (their events are lost)
 * @param sessionsFlagged   sessions held that have reached min_ips addresses so far
 * @param eventsTimeNotNumeric grouped events whose {@code _time} was not a number (kept without a time)
 */
public record SearchStats(long eventsSeen, long eventsMissingKey, long sessionsTracked, long eventsBeyondCap,
                          long sessionsBeyondCap, boolean sessionsBeyondCapExact, long partialsMerged,
                          long malformedPartials, long sessionsFlagged, long eventsTimeNotNumeric) {
}
