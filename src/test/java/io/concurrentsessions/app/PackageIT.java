package io.concurrentsessions.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built package as an administrator gets it: extracted under a fake $SPLUNK_HOME/etc/apps,
 * the command resolved and started the way splunkd does, from an unrelated working directory.
 * Runs in integration-test, after `package` has made target/o365_concurrent_sessions-*.tgz.
 */
class PackageIT {
    static final String APP = "o365_concurrent_sessions";
    static final Path SHARED = Path.of(System.getProperty("shared.dir", "../shared"));

    @TempDir
    static Path splunkHome;
    static Path tgz;
    static String version;
    static List<TarEntries.Entry> entries;
    static Path appDir;

    @BeforeAll
    static void extract() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> packages = files.filter(p -> p.getFileName().toString().matches(APP + "-.+\\.tgz")).toList();
            assertEquals(1, packages.size(), "one package in target/: " + packages);
            tgz = packages.get(0);
        }
        version = tgz.getFileName().toString().replaceAll("^" + APP + "-|\\.tgz$", "");
        entries = TarEntries.read(tgz);
        Path apps = Files.createDirectories(splunkHome.resolve("etc/apps"));
        TarEntries.extract(entries, apps);
        appDir = apps.resolve(APP);
    }

    // ---- layout --------------------------------------------------------------------------

    @Test
    void oneTopFolderNoHiddenFilesNoLocal() {
        for (TarEntries.Entry entry : entries) {
            String name = entry.name();
            assertTrue(name.startsWith(APP + "/") || name.equals(APP), name);
            assertFalse(name.startsWith("./") || name.startsWith("/"), name);
            for (String part : name.split("/")) {
                assertFalse(part.startsWith("."), "hidden: " + name);
            }
            assertFalse(name.startsWith(APP + "/local/") || name.endsWith("local.meta"), name);
        }
        for (String required : List.of("default/app.conf", "default/commands.conf", "default/searchbnf.conf",
                "default/macros.conf", "default/savedsearches.conf", "default/distsearch.conf", "metadata/default.meta",
                "README.md", "LICENSE", "app.manifest", "java/concurrentsessions.jar",
                "linux_x86_64/bin/concurrentsessions.sh", "darwin_x86_64/bin/concurrentsessions.sh",
                "bin/concurrentsessions.sh", "windows_x86_64/bin/concurrentsessions.bat")) {
            assertTrue(entries.stream().anyMatch(e -> e.name().equals(APP + "/" + required)), required);
        }
    }

    @Test
    void modesAre755ForDirsAndLaunchers644ForTheRest() throws IOException {
        for (TarEntries.Entry entry : entries) {
            boolean launcher = entry.name().matches(APP + "/([^/]+/)?bin/[^/]+");
            int expected = entry.directory() || launcher ? 0755 : 0644;
            assertEquals(Integer.toOctalString(expected), Integer.toOctalString(entry.mode() & 0777), entry.name());
        }
        try (Stream<Path> tree = Files.walk(appDir)) {
            for (Path path : tree.toList()) {
                String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                assertFalse(mode.charAt(7) == 'w', "world-writable: " + path);
                if (Files.isDirectory(path)) {
                    assertEquals("rwxr-xr-x", mode, path.toString());
                }
            }
        }
    }

    @Test
    void versionsAgree() throws IOException {
        ConfFile app = ConfFile.read(appDir.resolve("default/app.conf"));
        assertEquals(APP, app.value("package", "id"));
        assertEquals(APP, app.value("id", "name"));
        assertEquals(version, app.value("id", "version"));
        assertEquals(version, app.value("launcher", "version"));
        JsonObject manifest = JsonParser.parseString(Files.readString(appDir.resolve("app.manifest"))).getAsJsonObject();
        assertEquals("2.0.0", manifest.get("schemaVersion").getAsString());
        assertEquals(version, manifest.getAsJsonObject("info").getAsJsonObject("id").get("version").getAsString());
        assertTrue(Files.readString(appDir.resolve("README.md")).contains("# Binary File Declaration"));
    }

    // ---- distributed search --------------------------------------------------------------

    /** Splunk's path pattern: '...' any path, '*' within one folder, '.' a literal dot. */
    static Pattern splunkPattern(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("...", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '.') {
                regex.append("\\.");
            } else {
                regex.append(c);
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Test
    void replicationAllowlistCarriesLaunchersAndJarToIndexers() throws IOException {
        ConfFile distsearch = ConfFile.read(appDir.resolve("default/distsearch.conf"));
        List<Pattern> allow = distsearch.stanzas().get("replicationAllowlist").values().stream()
                .map(s -> splunkPattern(s.value())).toList();
        List<String> shipped = entries.stream().filter(e -> !e.directory()).map(e -> "apps/" + e.name()).toList();
        List<String> needed = shipped.stream().filter(n -> n.matches(".*/bin/concurrentsessions\\.(sh|bat)|.*\\.jar")).toList();
        assertEquals(5, needed.size(), needed.toString());
        for (String path : needed) {
            assertTrue(allow.stream().anyMatch(p -> p.matcher(path).matches()), path + " is not replicated");
        }
        // Applied to every app's files: the patterns must not pull in anyone else's.
        for (String foreign : List.of("apps/other_app/bin/concurrentsessions.sh", "apps/" + APP + "X/java/concurrentsessions.jar",
                "apps/search/bin/foo.sh")) {
            assertTrue(allow.stream().noneMatch(p -> p.matcher(foreign).matches()), foreign);
        }
    }

    // ---- the command as splunkd starts it ------------------------------------------------

    static final List<String> CHUNKED_EXTENSIONS = List.of(".py", ".pl", ".exe", ".bat", ".cmd", ".sh", ".js", "");

    /**
     * commands.conf.spec: `filename` (or, without it, the stanza name plus the chunked extensions)
     * in <app>/<platform>/bin, then <app>/bin; command.arg.N appended with $VARS substituted.
     */
    static List<String> resolve(String platform, Map<String, String> env) throws IOException {
        ConfFile commands = ConfFile.read(appDir.resolve("default/commands.conf"));
        Map<String, ConfFile.Setting> stanza = commands.stanzas().get("concurrentsessions");
        assertEquals("true", stanza.get("chunked").value());
        List<String> names = stanza.containsKey("filename") ? List.of(stanza.get("filename").value())
                : CHUNKED_EXTENSIONS.stream().map(ext -> "concurrentsessions" + ext).toList();
        Path found = null;
        for (Path dir : List.of(appDir.resolve(platform).resolve("bin"), appDir.resolve("bin"))) {
            for (String name : names) {
                if (found == null && Files.isRegularFile(dir.resolve(name))) {
                    found = dir.resolve(name);
                }
            }
        }
        assertTrue(found != null, "no program for [concurrentsessions] on " + platform);
        List<String> argv = new ArrayList<>(List.of(found.toString()));
        Map<Integer, String> args = new TreeMap<>();
        stanza.forEach((key, setting) -> {
            if (key.startsWith("command.arg.")) {
                args.put(Integer.parseInt(key.substring("command.arg.".length())), setting.value());
            }
        });
        Pattern var = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)}");
        for (String arg : args.values()) {
            Matcher m = var.matcher(arg);
            argv.add(m.replaceAll(r -> Matcher.quoteReplacement(env.getOrDefault(r.group(1) != null ? r.group(1) : r.group(2), ""))));
        }
        return argv;
    }

    @Test
    void everyPlatformFindsItsLauncher() throws IOException {
        assertTrue(resolve("linux_x86_64", Map.of()).get(0).endsWith("/linux_x86_64/bin/concurrentsessions.sh"));
        assertTrue(resolve("darwin_x86_64", Map.of()).get(0).endsWith("/darwin_x86_64/bin/concurrentsessions.sh"));
        assertTrue(resolve("windows_x86_64", Map.of()).get(0).endsWith("/windows_x86_64/bin/concurrentsessions.bat"));
        // Platforms without a folder of their own (linux aarch64 indexers in Splunk Cloud).
        assertTrue(resolve("linux_aarch64", Map.of()).get(0).endsWith(APP + "/bin/concurrentsessions.sh"));
    }

    static byte[] getinfoRequest() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SHARED.resolve("fixtures/scpv2/splunk-8.0.3-multibyte.input.gz")))) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                header.write(b);
            }
            String[] counts = header.toString(StandardCharsets.US_ASCII).replace("chunked 1.0,", "").split(",");
            byte[] body = in.readNBytes(Integer.parseInt(counts[0].trim()) + Integer.parseInt(counts[1].trim()));
            header.write('\n');
            header.writeBytes(body);
            return header.toByteArray();
        }
    }

    static String sessionKey(byte[] getinfo) {
        Matcher m = Pattern.compile("\"session_key\"\\s*:\\s*\"([^\"]+)\"").matcher(new String(getinfo, StandardCharsets.UTF_8));
        assertTrue(m.find(), "the fixture's getinfo carries a session key");
        return m.group(1);
    }

    record Run(int exit, byte[] stdout, String stderr) {
    }

    /** Starts the command from a dispatch directory, writes the request, closes stdin. */
    static Run run(Map<String, String> env, byte[] request) throws Exception {
        Path dispatch = Files.createDirectories(splunkHome.resolve("var/run/splunk/dispatch/scheduler__test"));
        Map<String, String> environment = new TreeMap<>(env);
        environment.put("SPLUNK_HOME", splunkHome.toString());
        ProcessBuilder builder = new ProcessBuilder(resolve(platform(), environment)).directory(dispatch.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(request);
        } catch (IOException closedEarly) {
            // the launcher may answer and exit before reading all of it; the reply decides
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command did not end");
        return new Run(process.exitValue(), stdout.get(), new String(stderr.get(), StandardCharsets.UTF_8));
    }

    static String platform() {
        String arch = System.getProperty("os.arch").replace("amd64", "x86_64");
        return (System.getProperty("os.name").toLowerCase().contains("mac") ? "darwin_" : "linux_") + arch;
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Splits one frame off the front: header, metadata JSON, body; fails unless lengths are exact. */
    static JsonObject onlyFrame(byte[] stdout) {
        int newline = 0;
        while (newline < stdout.length && stdout[newline] != '\n') {
            newline++;
        }
        String header = new String(stdout, 0, newline, StandardCharsets.US_ASCII);
        Matcher m = Pattern.compile("chunked 1\\.0,(\\d+),(\\d+)").matcher(header);
        assertTrue(m.matches(), "frame header: " + header);
        int metaLength = Integer.parseInt(m.group(1));
        int bodyLength = Integer.parseInt(m.group(2));
        assertEquals(newline + 1 + metaLength + bodyLength, stdout.length, "exactly one frame on stdout");
        return JsonParser.parseString(new String(stdout, newline + 1, metaLength, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** A PATH with the tools a POSIX launcher uses and no java (wrappers, so nothing links out). */
    static Path pathWithoutJava() throws IOException {
        Path bin = Files.createDirectories(splunkHome.resolve("nojava-bin"));
        for (String tool : List.of("dirname", "awk", "sed", "tr", "wc", "head", "cat")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path real = Path.of(dir, tool);
                if (Files.isExecutable(real) && !Files.exists(bin.resolve(tool))) {
                    Files.writeString(bin.resolve(tool), "#!/bin/sh\nexec " + real + " \"$@\"\n");
                    Files.setPosixFilePermissions(bin.resolve(tool), TarEntries.permissions(0755));
                }
            }
        }
        return bin;
    }

    static void assertErrorFrame(Run run, byte[] request, String mentions) {
        assertEquals(1, run.exit(), run.stderr());
        JsonObject meta = onlyFrame(run.stdout());
        assertTrue(meta.get("finished").getAsBoolean());
        String error = meta.get("error").getAsString();
        assertTrue(error.contains(mentions), error);
        var message = meta.getAsJsonObject("inspector").getAsJsonArray("messages").get(0).getAsJsonArray();
        assertEquals("ERROR", message.get(0).getAsString());
        assertEquals(error, message.get(1).getAsString());
        String key = sessionKey(request);
        assertFalse(new String(run.stdout(), StandardCharsets.UTF_8).contains(key), "session key on stdout");
        assertFalse(run.stderr().contains(key), "session key on stderr");
    }

    @Test
    void withoutJavaTheLauncherAnswersGetinfoWithAnError() throws Exception {
        byte[] request = getinfoRequest();
        Run run = run(Map.of("PATH", pathWithoutJava().toString()), request);
        assertErrorFrame(run, request, "needs Java 17 or later");
        assertTrue(run.stderr().contains("needs Java 17"), "search.log says it too: " + run.stderr());
    }

    @Test
    void anOldJavaIsNamedInTheError() throws Exception {
        Path oldJava = Files.createDirectories(splunkHome.resolve("jdk11/bin")).resolve("java");
        Files.writeString(oldJava, "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
        Files.setPosixFilePermissions(oldJava, TarEntries.permissions(0755));
        byte[] request = getinfoRequest();
        Run run = run(Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", oldJava.getParent().getParent().toString()), request);
        assertErrorFrame(run, request, "JAVA_HOME: " + oldJava + " is Java 11");
    }

    @Test
    void getinfoThroughTheLauncherGetsTheCommandsDeclaration() throws Exception {
        byte[] request = getinfoRequest();
        // Java from JAVA_HOME only: PATH has none, as on a server where splunkd's PATH is minimal.
        Run run = run(Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", System.getProperty("java.home")), request);
        JsonObject reply = onlyFrame(run.stdout());
        assertEquals("reporting", reply.get("type").getAsString(), reply.toString());
        assertEquals(0, run.exit(), run.stderr());
        assertFalse(run.stderr().contains(sessionKey(request)), "session key on stderr");
    }
}
