package io.concurrentsessions.bench;

import io.concurrentsessions.cli.ScanCommand;
import io.concurrentsessions.ual.SignInRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Whole-scan throughput, opt-in (never part of {@code mvn test}): writes a Management Activity
 * JSON lines export of N realistic records (default 1,000,000; 5,000 users, 4 sign-ins per
 * session, 1 session in 500 used from a second address) to a temp file, then times
 * {@code scan --format json} over it, read, filter, normalise, engine and output, three times.
 *
 * <pre>
 * mvn -B -q test-compile
 * java -cp "target/test-classes:target/classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     io.concurrentsessions.bench.ScanThroughput [records] [--gzip]
 * </pre>
 */
public final class ScanThroughput {
    private ScanThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int records = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 1_000_000;
        boolean gzip = java.util.Arrays.asList(args).contains("--gzip");
        Path file = Files.createTempFile("ual-bench", gzip ? ".jsonl.gz" : ".jsonl");
        try {
            long bytes = write(file, records, gzip);
            System.out.printf(Locale.ROOT, "%,d records, %,d bytes%s in %s%n", records, bytes, gzip ? " (gzip)" : "", file);
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
            for (int run = 1; run <= 3; run++) {
                long start = System.nanoTime();
                int exit = ScanCommand.run(new String[] {"--format", "json", "--no-progress", file.toString()}, sink, sink);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "run %d: exit %d, %.2f s, %,.0f records/s, %.1f MB/s%n", run, exit, seconds,
                        records / seconds, Files.size(file) / seconds / 1e6);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long write(Path file, int records, boolean gzip) throws IOException {
        Random rng = new Random(42);
        OutputStream raw = Files.newOutputStream(file);
        if (gzip) {
            raw = new java.util.zip.GZIPOutputStream(raw, 1 << 16);
        }
        try (BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 20)) {
            long t = 1_709_596_800L;
            for (int i = 0; i < records; i++) {
                int session = i / 4;
                int user = session % 5_000;
                String ip = "198.51." + (user / 250) + "." + (user % 250);
                if (session % 500 == 0 && i % 2 == 1) {
                    ip = "192.0.2." + (session % 250); // the proxy
                }
                w.write(new SignInRecord().at(t + i / 10).upn("user" + user + "@contoso.onmicrosoft.com")
                        .clientIp(rng.nextInt(10) == 0 ? ip + ":" + (1024 + rng.nextInt(60000)) : ip)
                        .sessionId("00000000-0000-4000-8000-" + String.format("%012d", session)).line());
                w.write('\n');
            }
        }
        return Files.size(file);
    }
}
