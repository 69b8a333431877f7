package io.concurrentsessions.bench;

import io.concurrentsessions.command.CommandOptions;
import io.concurrentsessions.command.SessionSearch;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bytes of heap per tracked session: fills a {@link SessionSearch} with N sessions (two sign-ins
 * each, two addresses, one of three user agents, 5,000 users, UUID session ids, as real logs look),
 * and compares used heap after full GCs before and after.
 * Run: {@code java -Xmx4g -cp <test classpath> io.concurrentsessions.bench.SessionHeapHarness [sessions]}
 */
public final class SessionHeapHarness {
    private SessionHeapHarness() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] agents = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X)", "python-requests/2.31.0"};
        long before = usedAfterGc();
        SessionSearch search = new SessionSearch(CommandOptions.parse(List.of("max_sessions=" + Math.max(n, 1))));
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                Map<String, List<String>> e = Map.of(
                        "_time", List.of("1599171" + (100 + k) + "." + (100 + i % 900)),
                        "Operation", List.of("UserLoggedIn"),
                        "user", List.of("user" + (i % 5000) + "@contoso.com"),
                        "SessionId", List.of(new UUID(i * 0x9E3779B97F4A7C15L, i).toString()),
                        "src_ip", List.of("10." + (i % 200) + "." + k + "." + (i % 250)),
                        "user_agent", List.of(agents[(i + k) % 3]));
                search.observe(f -> e.getOrDefault(f, List.of()));
            }
        }
        long fillNanos = System.nanoTime() - t0;
        long after = usedAfterGc();
        System.out.printf("sessions=%d events=%d heap=%.1f MB bytes/session=%d fill=%.0f events/s%n",
                search.stats().sessionsTracked(), search.stats().eventsSeen(), (after - before) / 1e6,
                (after - before) / Math.max(n, 1), 2.0 * n / (fillNanos / 1e9));
        long t1 = System.nanoTime();
        int rows = search.results().size();
        System.out.printf("findings=%d results in %.0f ms%n", rows, (System.nanoTime() - t1) / 1e6);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
