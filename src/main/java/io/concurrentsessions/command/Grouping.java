package io.concurrentsessions.command;

import io.concurrentsessions.detect.EpochTime;
import io.concurrentsessions.scp.CommandException;

import java.util.List;
import java.util.function.Function;

/**
 * Which fields make a session: the seed's {@code by Operation, user, SessionId}, or fewer of
 * them ({@code by=}), or each user's time windows ({@code span=}, as {@code bucket span=5m _time
 * ... by user _time}). A session key always has three parts; a part the grouping leaves out holds
 * {@link #ANY} for every event (one group), and with a span the session part holds the window's
 * start. Immutable.
 *
 * @param operationField the operation field, or null when sessions are not split by operation
 * @param userField      the user field (always a part: the risk object)
 * @param sessionField   the session id field, or null when sessions are not split by it
 * @param spanSeconds    the time window's length, 0 for none
 */
public record Grouping(String operationField, String userField, String sessionField, int spanSeconds) {
    /** The value of a part the grouping leaves out. */
    public static final String ANY = "*";
    private static final List<String> ANY_VALUE = List.of(ANY);
    private static final String OPERATION = "Operation";
    private static final String USER = "user";
    private static final String SESSION = "SessionId";

    /**
     * The grouping {@code by} (empty: the three fields) and {@code spanSeconds} give.
     *
     * @throws CommandException when by names another field, leaves out the user, or keeps the
     *                          session id together with a span
     */
    static Grouping of(List<String> by, int spanSeconds, String operationField, String userField, String sessionField)
            throws CommandException {
        if (by.isEmpty()) {
            if (spanSeconds > 0) {
                throw new CommandException(CommandOptions.COMMAND_NAME + ": span= groups each user's time windows "
                        + "instead of session ids: give by=" + userField + " (or by=\"" + operationField + "," + userField + "\") with it.");
            }
            return new Grouping(operationField, userField, sessionField, 0);
        }
        boolean operation = false;
        boolean user = false;
        boolean session = false;
        for (String f : by) {
            // A part is named by its input field or by its output column (Operation, user, SessionId).
            if (f.equals(operationField) || f.equals(OPERATION)) {
                operation = true;
            } else if (f.equals(userField) || f.equals(USER)) {
                user = true;
            } else if (f.equals(sessionField) || f.equals(SESSION)) {
                session = true;
            } else {
                throw new CommandException(CommandOptions.COMMAND_NAME + ": by= takes the grouping fields " + operationField
                        + ", " + userField + " and " + sessionField + " (see operation_field, user_field, session_field), not " + f);
            }
        }
        if (!user) {
            throw new CommandException(CommandOptions.COMMAND_NAME + ": by= must include the user field " + userField
                    + ": the user is the risk object of every finding.");
        }
        if (session && spanSeconds > 0) {
            throw new CommandException(CommandOptions.COMMAND_NAME + ": span= replaces " + sessionField
                    + " in the grouping: leave it out of by=.");
        }
        return new Grouping(operation ? operationField : null, userField, session ? sessionField : null, spanSeconds);
    }

    /** Whether this is the seed's grouping (the three fields, no window): the command's fast path reads it from bytes. */
    public boolean isSeed() {
        return operationField != null && sessionField != null;
    }

    /** The event's values for the operation part. */
    List<String> operations(Function<String, List<String>> fields) {
        return operationField == null ? ANY_VALUE : fields.apply(operationField);
    }

    /** The event's values for the session part: its session ids, its time window's start, or {@link #ANY}. */
    List<String> sessions(Function<String, List<String>> fields, EpochTime time) {
        if (sessionField != null) {
            return fields.apply(sessionField);
        }
        if (spanSeconds == 0) {
            return ANY_VALUE;
        }
        if (time == null) {
            return List.of(); // no numeric _time: no window, so no group (as bucket leaves stats nothing to group by)
        }
        double t = EpochTime.toDouble(time.unscaled(), time.scale());
        return List.of(Long.toString((long) Math.floor(t / spanSeconds) * spanSeconds));
    }

    /** The parts an event needs, for the message about events that lacked one. */
    public String partsNeeded() {
        if (isSeed()) {
            return operationField + ", " + userField + " or " + sessionField;
        }
        String last = sessionField != null ? sessionField : spanSeconds > 0 ? "a numeric _time" : null;
        String first = operationField != null ? operationField + (last != null ? ", " : " or ") : "";
        return first + userField + (last != null ? " or " + last : "");
    }
}
