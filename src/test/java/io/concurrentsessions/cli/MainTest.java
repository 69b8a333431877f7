package io.concurrentsessions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The one entry point splunkd and responders both start: it must route to the right mode. */
class MainTest {

    private static final String SAMPLE = Path.of("samples", "ual-sample.jsonl").toString();

    @Test
    void scanSubcommandScansTheSampleAndPrintsFindingsOnStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"scan", "--format", "json", SAMPLE},
                new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(json.contains("lidia.holloway@contoso.onmicrosoft.com"), json);
        assertTrue(json.contains("pradeep.gupta@contoso.onmicrosoft.com"), json);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("3 sessions used from at least 2 IP addresses"));
    }

    @Test
    void unknownArgumentsAreAUsageErrorThatWritesNothingToStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--bogus"}, new ByteArrayInputStream(new byte[0]), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals(0, out.size());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage"));
    }

    @Test
    void noArgumentsSpeaksTheProtocolAndAnEmptyStdinEndsQuietly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[0], new ByteArrayInputStream(new byte[0]), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, out.size(), "no request, no frame");
        assertEquals(0, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("stdin closed before any request"));
    }
}
