package io.concurrentsessions.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Test events: field name to values, built fluently. */
final class Events {
    private Events() {
    }

    static Map<String, List<String>> event(String... pairs) {
        Map<String, List<String>> e = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            e.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return e;
    }

    static Map<String, List<String>> login(String time, String user, String sid, String ip, String ua) {
        return event("_time", time, "Operation", "UserLoggedIn", "user", user, "SessionId", sid,
                "src_ip", ip, "user_agent", ua);
    }

    static Function<String, List<String>> fields(Map<String, List<String>> e) {
        return name -> e.getOrDefault(name, List.of());
    }
}
