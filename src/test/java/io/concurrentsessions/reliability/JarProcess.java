package io.concurrentsessions.reliability;

import io.concurrentsessions.fuzz.Frames;
import io.concurrentsessions.scp.Chunk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The built jar (target/concurrentsessions.jar, so an *IT) as its own process: stdin, stdout, stderr, exit. */
record JarProcess(int exit, byte[] stdout, String stderr, List<Chunk> replies) {
    static final Path JAR = Path.of("target/concurrentsessions.jar");

    static JarProcess run(Path workingDir, List<String> jvmOptions, byte[] stdin) throws Exception {
        Output output = run(workingDir, jvmOptions, List.of(), stdin);
        return new JarProcess(output.exit(), output.stdout(), output.stderr(), Frames.parse(output.stdout()));
    }

    /** What a run wrote, for commands whose stdout is not protocol frames (scan). */
    record Output(int exit, byte[] stdout, String stderr) {
        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** java [jvmOptions] -jar JAR [args], given {@code stdin} then end of input. */
    static Output run(Path workingDir, List<String> jvmOptions, List<String> args, byte[] stdin) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(workingDir.toFile()).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException gone) {
            // the process may answer and exit before reading everything; its reply decides
        }
        // A watchdog against a hang, not a timing assertion.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the command did not end");
        }
        return new Output(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean jarBuilt() {
        return Files.isRegularFile(JAR);
    }
}
