package io.concurrentsessions.command;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reduce phase must read a partial state exactly as the decoder that wrote the golden file
 * did: the same state (compared by its encoding) for every value it accepted, a rejection for
 * every value it rejected. The cases are encoded states and damaged copies of them
 * ({@link PartialStateCases}).
 */
class PartialStateCodecGoldenTest {

    @Test
    void decodesEveryGoldenCaseAsBefore() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(PartialStateCases.FILE), StandardCharsets.UTF_8);
        assertTrue(lines.size() > 900, "golden cases: " + lines.size());
        int accepted = 0;
        for (String line : lines) {
            int tab = line.lastIndexOf('\t');
            String input = line.substring(0, tab);
            String expected = line.substring(tab + 1);
            assertEquals(expected, PartialStateCases.outcome(input), input);
            if (!expected.equals(PartialStateCases.REJECTED)) {
                accepted++;
            }
        }
        assertTrue(accepted > 300 && accepted < lines.size() - 300, "both kinds of case: " + accepted + " accepted");
    }
}
