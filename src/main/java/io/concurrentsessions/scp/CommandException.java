package io.concurrentsessions.scp;

/** A failure the user must read: the loop reports its message as an ERROR and ends the search. */
public class CommandException extends Exception {
    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
