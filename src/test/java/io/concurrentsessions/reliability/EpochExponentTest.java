package io.concurrentsessions.reliability;

import io.concurrentsessions.command.ConcurrentSessionsCommand;
import io.concurrentsessions.fuzz.Frames;
import io.concurrentsessions.scp.ChunkedProtocol;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Regressions for what fuzzing found in detect: EpochTime#parseGeneral rescaled a huge positive
 * exponent before checking the magnitude, so one hostile _time hung or ended the whole search.
 */
class EpochExponentTest {

    /** One event whose _time is "1e999999999" ends the whole search with an internal error. */
    @Test
    void aHugeExponentInTimeIsNonNumericNotAnInternalError() {
        byte[] in = Stdin.getinfo().execute(true, Stdin.EVENTS_HEADER
                + "1e999999999,UserLoggedIn,alice@contoso.com,s-1,203.0.113.7,a\n"
                + "1700000060,UserLoggedIn,alice@contoso.com,s-1,198.51.100.9,b\n").bytes();
        Frames f = Frames.run(new ConcurrentSessionsCommand(), in).assertWellFormedEnd(in);
        assertEquals(ChunkedProtocol.EXIT_OK, f.exit, f.stderr);
        assertEquals(1, BadInputTableTest.last(BadInputTableTest.rows(f)).size());
    }

    /**
     * "1e9999999" costs about 9 s of CPU per event (10^9999999 is built, then rejected): a hang in
     * practice. ProtocolFuzzTest.protocolOverArbitraryBytes found it as a libFuzzer timeout with
     * _time "16870E60707980" (target/fuzz/timeout-dd5b21d9...).
     */
    @Test
    void aLargeExponentInTimeDoesNotHangTheSearch() {
        StringBuilder csv = new StringBuilder(Stdin.EVENTS_HEADER);
        for (int i = 0; i < 100; i++) {
            csv.append(i % 2 == 0 ? "1e9999999" : "16870E60707980").append(",UserLoggedIn,alice@contoso.com,s-1,203.0.113.").append(i).append(",a\n");
        }
        byte[] in = Stdin.getinfo().execute(true, csv.toString()).bytes();
        // A watchdog, not a timing assertion: this takes milliseconds; before the fix about 15 minutes.
        Frames f = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Frames.run(new ConcurrentSessionsCommand(), in));
        assertEquals(ChunkedProtocol.EXIT_OK, f.exit, f.stderr);
        assertEquals(List.of(1), List.of(BadInputTableTest.last(BadInputTableTest.rows(f)).size()));
    }
}
