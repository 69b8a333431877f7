package io.concurrentsessions.detect;

import java.util.Comparator;

/** What the seed groups by: {@code by Operation, user, SessionId}. Every part is non-empty. */
public record SessionKey(String operation, String user, String sessionId) implements Comparable<SessionKey> {
    private static final Comparator<SessionKey> ORDER = Comparator
            .comparing(SessionKey::operation, CodePointOrder.INSTANCE)
            .thenComparing(SessionKey::user, CodePointOrder.INSTANCE)
            .thenComparing(SessionKey::sessionId, CodePointOrder.INSTANCE);

    public SessionKey {
        if (operation == null || operation.isEmpty() || user == null || user.isEmpty()
                || sessionId == null || sessionId.isEmpty()) {
            throw new IllegalArgumentException("a session key needs Operation, user and SessionId");
        }
    }

    /** The order stats gives its groups: each part by code point. */
    @Override
    public int compareTo(SessionKey o) {
        return ORDER.compare(this, o);
    }
}
