package io.concurrentsessions.detect;

import java.util.HashMap;

/**
 * One copy of each repeated string (operations, users, addresses, user agents) per table, so memory
 * grows with distinct values rather than with events. Not thread-safe.
 */
public final class StringPool {
    private final HashMap<String, String> strings = new HashMap<>();

    public String intern(String s) {
        String pooled = strings.putIfAbsent(s, s);
        return pooled == null ? s : pooled;
    }

    public int size() {
        return strings.size();
    }

    public void clear() {
        strings.clear();
    }
}
