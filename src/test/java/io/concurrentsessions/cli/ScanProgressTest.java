package io.concurrentsessions.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.concurrentsessions.command.CommandOptions;
import io.concurrentsessions.command.SessionSearch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line counts sessions that have reached min_ips so far. */
class ScanProgressTest {
    @Test
    void theLineShowsSessionsHeldAndFlagged() throws Exception {
        SessionSearch search = new SessionSearch(CommandOptions.parse(List.of("min_ips=2")));
        ScanProgress progress = new ScanProgress(null);
        progress.file("audit.jsonl");
        String[][] events = {{"s1", "1.1.1.1"}, {"s1", "2.2.2.2"}, {"s2", "1.1.1.1"}, {"s1", "3.3.3.3"}, {"s3", "4.4.4.4"},
            {"s3", "5.5.5.5"}};
        for (String[] e : events) {
            Map<String, List<String>> fields = Map.of("_time", List.of("1599171100"), "Operation", List.of("UserLoggedIn"),
                    "user", List.of("u@contoso.com"), "SessionId", List.of(e[0]), "src_ip", List.of(e[1]));
            search.observe(f -> fields.getOrDefault(f, List.of()));
            progress.record(search);
        }
        String line = progress.line(search, 2.0);
        assertTrue(line.contains("6 records") && line.contains("3 sessions  2 flagged") && line.contains("audit.jsonl"), line);
    }
}
