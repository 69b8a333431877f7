package io.concurrentsessions.scp;

import java.io.IOException;

/**
 * The bytes on stdin are not a well-formed chunk stream (garbage header, truncated chunk, metadata
 * that is not JSON, a length over the limit). Messages never quote metadata: a getinfo chunk
 * carries the session key.
 */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
