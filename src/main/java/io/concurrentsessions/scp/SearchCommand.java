package io.concurrentsessions.scp;

/**
 * A custom search command as the protocol loop drives it. The loop owns framing, CSV and paging;
 * the command sees only decoded records and emits rows.
 *
 * <p>Call order: {@link #getinfo} once; then {@link #execute} for every execute chunk in order;
 * then {@link #finish} once, after the chunk splunkd marked {@code finished:true}. A getinfo-only
 * probe (EOF after getinfo) calls neither execute nor finish, so nothing with side effects may
 * happen in getinfo.
 */
public interface SearchCommand {

    /**
     * Parses the arguments in {@code info} and declares the command.
     *
     * @throws CommandException with a message for the user when the arguments are wrong
     */
    Declaration getinfo(SearchInfo info, Inspector inspector) throws CommandException;

    /**
     * One execute chunk. Streaming commands emit their rows for this chunk to {@code out};
     * reporting commands usually only accumulate. The loop answers non-final chunks of a
     * reporting command with an empty body whatever is emitted, and sends everything emitted at the end.
     */
    void execute(Records chunk, RowSink out, Inspector inspector) throws CommandException;

    /** After the last chunk: emit what remains (a reporting command's whole result). */
    void finish(RowSink out, Inspector inspector) throws CommandException;
}
