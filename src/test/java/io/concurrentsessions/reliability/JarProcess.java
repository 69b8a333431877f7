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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
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
        byte[] stdout = out.get();
        return new JarProcess(p.exitValue(), stdout, new String(err.get(), StandardCharsets.UTF_8), Frames.parse(stdout));
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
