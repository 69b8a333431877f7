package io.concurrentsessions.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan -}: an export piped in (from zcat, or a collector), through the built jar's own stdin. */
class ScanFromStdinIT {
    static final Path SAMPLE = Path.of("samples", "ual-sample.jsonl").toAbsolutePath();
    static final List<String> JSON = List.of("scan", "--progress=false", "--format", "json");

    @TempDir
    Path cwd;

    static List<String> args(String... files) {
        List<String> all = new ArrayList<>(JSON);
        all.addAll(List.of(files));
        return all;
    }

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void aPipedExportGzippedOrNotFindsWhatTheFileDoesAndIsNamedStdin() throws Exception {
        JarProcess.Output fromFile = JarProcess.run(cwd, List.of(), args(SAMPLE.toString()), new byte[0]);
        assertEquals(0, fromFile.exit(), fromFile.stderr());
        assertTrue(fromFile.text().contains("lidia.holloway@contoso.onmicrosoft.com"), fromFile.text());
        byte[] sample = Files.readAllBytes(SAMPLE);
        for (byte[] piped : List.of(sample, gzip(sample))) {
            JarProcess.Output fromStdin = JarProcess.run(cwd, List.of(), args("-"), piped);
            assertEquals(0, fromStdin.exit(), fromStdin.stderr());
            assertArrayEquals(fromFile.stdout(), fromStdin.stdout(), fromStdin.text());
            assertEquals(fromFile.stderr(), fromStdin.stderr());
        }
    }

    @Test
    void stdinBetweenFilesIsReadInItsTurn() throws Exception {
        JarProcess.Output twice = JarProcess.run(cwd, List.of(), args(SAMPLE.toString(), "-"), Files.readAllBytes(SAMPLE));
        assertEquals(0, twice.exit(), twice.stderr());
        assertTrue(twice.stderr().contains("2 files, 572 records"), twice.stderr());
    }

    @Test
    void whatIsNotAnExportIsNamedStdinWithItsLine() throws Exception {
        JarProcess.Output bad = JarProcess.run(cwd, List.of(), args("-"), "hello,world\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, bad.exit(), bad.stderr());
        assertTrue(bad.stderr().startsWith("scan: stdin: line 1: not an audit-log export the scanner knows"), bad.stderr());
        assertEquals("", bad.text());
    }

    @Test
    void aTruncatedGzipOnStdinIsAnUnreadableInputNotAQuietShortScan() throws Exception {
        byte[] gz = gzip(Files.readAllBytes(SAMPLE));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
        JarProcess.Output bad = JarProcess.run(cwd, List.of(), args("-"), cut);
        assertEquals(1, bad.exit(), bad.stderr());
        assertTrue(bad.stderr().startsWith("scan: stdin: "), bad.stderr());
        assertTrue(bad.stderr().contains("truncated"), bad.stderr());
    }

    @Test
    void stdinTwiceIsAUsageError() throws Exception {
        JarProcess.Output twice = JarProcess.run(cwd, List.of(), args("-", "-"), new byte[0]);
        assertEquals(2, twice.exit(), twice.stderr());
        assertTrue(twice.stderr().startsWith("scan: - (standard input) can be read only once"), twice.stderr());
    }
}
