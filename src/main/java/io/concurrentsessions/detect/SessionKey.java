package io.concurrentsessions.detect;

/** What the seed groups by: {@code by Operation, user, SessionId}. Every part is non-empty. */
public record SessionKey(String operation, String user, String sessionId) implements Comparable<SessionKey> {
    public SessionKey {
        if (operation == null || operation.isEmpty() || user == null || user.isEmpty()
                || sessionId == null || sessionId.isEmpty()) {
            throw new IllegalArgumentException("a session key needs Operation, user and SessionId");
        }
    }

    /** The order stats gives its groups: each part by code point. */
    @Override
    public int compareTo(SessionKey o) {
        int c = CodePointOrder.INSTANCE.compare(operation, o.operation);
        if (c == 0) {
            c = CodePointOrder.INSTANCE.compare(user, o.user);
        }
        return c != 0 ? c : CodePointOrder.INSTANCE.compare(sessionId, o.sessionId);
    }
}
