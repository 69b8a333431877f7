package io.concurrentsessions.scp;

/**
 * Messages for the search's job inspector and the search bar. Messages added while a request is
 * handled ride on that request's reply.
 */
public interface Inspector {
    void info(String message);

    void warn(String message);

    void error(String message);
}
