package io.concurrentsessions.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.concurrentsessions.Fixtures;
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
                "bin/concurrentsessions.sh", "windows_x86_64/bin/concurrentsessions.bat", "java/concurrentsessions.sbom.json")) {
            assertTrue(entries.stream().anyMatch(e -> e.name().equals(APP + "/" + required)), required);
        }
    }

    @Test
    void modesAre755ForDirsAndLaunchers644ForTheRest() throws IOException {
        for (TarEntries.Entry entry : entries) {
            boolean launcher = entry.name().matches(APP + "/([^/]+/)?bin/concurrentsessions\\.(sh|bat)");
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
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Fixtures.fixture("scpv2/splunk-8.0.3-multibyte.input.gz")))) {
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
        return runWithArgs(env, List.of(), dispatch, request);
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
        for (String tool : List.of("dirname", "awk", "sed", "tr", "wc", "head", "cat",
                "readlink", "stat", "cksum", "mkdir", "mv", "rm", "rmdir", "find")) {
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

    // ---- supply chain --------------------------------------------------------------------

    @Test
    void onlyLaunchersAreExecutableAndEveryFileIsExpected() {
        Pattern expected = Pattern.compile(APP + "(/(default/[a-z]+\\.conf|default/data/ui/(views|nav)/[a-z_]+\\.xml|metadata/default\\.meta|README/[a-z]+\\.conf\\.spec"
                + "|README\\.md|LICENSE|app\\.manifest|java/concurrentsessions\\.(jar|sbom\\.json)"
                + "|([a-z0-9_]+/)?bin/concurrentsessions\\.(sh|bat)|windows_x86_64/bin/concurrentsessions\\.(no-java|incomplete)\\.frame))?");
        for (TarEntries.Entry entry : entries) {
            if (entry.directory()) {
                continue;
            }
            assertTrue(expected.matcher(entry.name()).matches(), "unexpected file in the package: " + entry.name());
            boolean executable = (entry.mode() & 0111) != 0;
            assertEquals(entry.name().matches(APP + "/([^/]+/)?bin/concurrentsessions\\.(sh|bat)"), executable,
                    "executable bit: " + entry.name());
            assertEquals(0, entry.mode() & 0002, "world-writable: " + entry.name());
        }
    }

    @Test
    void sbomListsWhatTheJarShipsAndNothingTestScoped() throws IOException {
        JsonObject bom = JsonParser.parseString(Files.readString(appDir.resolve("java/concurrentsessions.sbom.json"))).getAsJsonObject();
        assertEquals("CycloneDX", bom.get("bomFormat").getAsString());
        assertEquals(APP, bom.getAsJsonObject("metadata").getAsJsonObject("component").get("name").getAsString());
        assertEquals(version, bom.getAsJsonObject("metadata").getAsJsonObject("component").get("version").getAsString());
        List<String> components = new ArrayList<>();
        bom.getAsJsonArray("components").forEach(c -> components.add(c.getAsJsonObject().get("group").getAsString() + ":"
                + c.getAsJsonObject().get("name").getAsString() + ":" + c.getAsJsonObject().get("version").getAsString()));
        assertTrue(components.stream().anyMatch(c -> c.startsWith("com.google.code.gson:gson:")), components.toString());
        assertTrue(components.stream().anyMatch(c -> c.startsWith("de.siegmar:fastcsv:")), components.toString());
        for (String c : components) {
            assertFalse(c.matches("(org\\.junit|org\\.mockito|org\\.openjdk\\.jmh|com\\.code-intelligence|net\\.bytebuddy"
                    + "|org\\.opentest4j|org\\.apiguardian|org\\.objenesis|net\\.sf\\.jopt-simple|org\\.apache\\.commons).*"),
                    "test-scoped component in the SBOM: " + c);
        }
        // Every class in the shaded jar belongs to this app or a component the SBOM lists.
        List<String> packages = new ArrayList<>();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(appDir.resolve("java/concurrentsessions.jar").toFile())) {
            jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.indexOf('/', n.indexOf('/') + 1) + 1)).distinct().forEach(packages::add);
        }
        assertEquals(List.of("com/google/", "de/siegmar/", "io/concurrentsessions/"), packages.stream().sorted().toList());
    }

    // ---- the launcher passes arguments verbatim ------------------------------------------

    static final List<String> HOSTILE_ARGS = List.of("plain", "two words", "\"double\" 'single'", "$(touch PWNED)",
            "`touch PWNED`", "; touch PWNED", "&& touch PWNED #", "$HOME", "*", "\\", "a\nb", "", "--", "-Dx=$(id)");

    /** A java that reports version 17 and records its argv, one NUL-terminated argument each. */
    static Path recordingJava(Path argvFile) throws IOException {
        Path home = Files.createDirectories(splunkHome.resolve("recording-jdk/bin"));
        Path java = home.resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then echo 'openjdk version \"17.0.15\" 2025-04-15' >&2; exit 0; fi\n"
                + "printf '%s\\000' \"$@\" > '" + argvFile + "'\n");
        Files.setPosixFilePermissions(java, TarEntries.permissions(0755));
        return home.getParent();
    }

    static List<String> recordedArgv(Path argvFile) throws IOException {
        String all = Files.readString(argvFile, StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>(List.of(all.split("\0", -1)));
        argv.remove(argv.size() - 1);
        return argv;
    }

    /** Starts the resolved launcher with extra arguments (as command.arg.N would append them) from a fresh cwd. */
    static Run runWithArgs(Map<String, String> env, List<String> extra, Path cwd, byte[] stdin) throws Exception {
        Map<String, String> environment = new TreeMap<>(env);
        environment.putIfAbsent("SPLUNK_HOME", splunkHome.toString());
        List<String> argv = new ArrayList<>(resolve(platform(), environment));
        argv.addAll(extra);
        return start(argv, environment, cwd, stdin);
    }

    /** Runs {@code argv} with exactly {@code environment}, writes {@code stdin}, closes it, waits. */
    static Run start(List<String> argv, Map<String, String> environment, Path cwd, byte[] stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException closedEarly) {
            // the reply decides
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command did not end");
        return new Run(process.exitValue(), stdout.get(), new String(stderr.get(), StandardCharsets.UTF_8));
    }

    static void assertNothingExecuted(Path cwd) throws IOException {
        for (Path dir : List.of(cwd, appDir, splunkHome)) {
            try (Stream<Path> tree = Files.walk(dir)) {
                assertTrue(tree.noneMatch(p -> p.getFileName().toString().equals("PWNED")), "an argument was executed under " + dir);
            }
        }
    }

    @Test
    void launcherPassesHostileArgumentsVerbatimAndExecutesNothing() throws Exception {
        Path cwd = Files.createDirectories(splunkHome.resolve("cwd-args"));
        Path argvFile = splunkHome.resolve("argv.bin");
        Path jdk = recordingJava(argvFile);
        Run run = runWithArgs(Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", jdk.toString(), "HOME", "/nonexistent"),
                HOSTILE_ARGS, cwd, new byte[0]);
        assertEquals(0, run.exit(), run.stderr());
        List<String> argv = recordedArgv(argvFile);
        int jar = argv.indexOf("-jar");
        assertTrue(jar > 0, argv.toString());
        assertEquals(appDir.toRealPath().resolve("java/concurrentsessions.jar").toString(), argv.get(jar + 1));
        assertEquals(HOSTILE_ARGS, argv.subList(jar + 2, argv.size()));
        assertNothingExecuted(cwd);
    }

    @Test
    void javaOptionsFromTheConfAreSplitIntoWordsButNeverEvaluated() throws Exception {
        Path cwd = Files.createDirectories(splunkHome.resolve("cwd-options"));
        Path argvFile = splunkHome.resolve("argv-options.bin");
        Path jdk = recordingJava(argvFile);
        Path local = Files.createDirectories(appDir.resolve("local"));
        Path conf = local.resolve("concurrentsessions.conf");
        Files.writeString(conf, "[java]\noptions = -Xmx64m -Dx=$(touch PWNED) `touch PWNED` ; touch PWNED *\n");
        try {
            runWithArgs(Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", jdk.toString()), List.of(), cwd, new byte[0]);
            List<String> argv = recordedArgv(argvFile);
            // The log options come first even when options replace the defaults: JVM warnings on stderr.
            assertEquals(List.of("-Xlog:disable", "-Xlog:all=warning:stderr",
                    "-Xmx64m", "-Dx=$(touch", "PWNED)", "`touch", "PWNED`", ";", "touch", "PWNED", "*", "-jar"),
                    argv.subList(0, argv.indexOf("-jar") + 1));
            assertNothingExecuted(cwd);
        } finally {
            Files.delete(conf);
            Files.delete(local);
        }
    }

    @Test
    void aHostileArgumentReachesTheRealJvmVerbatim() throws Exception {
        Path cwd = Files.createDirectories(splunkHome.resolve("cwd-jvm"));
        String arg = "$(touch PWNED)`touch PWNED`; touch PWNED \"'";
        Run run = runWithArgs(Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", System.getProperty("java.home")),
                List.of("scan", "--progress=false", arg), cwd, new byte[0]);
        assertEquals(1, run.exit(), run.stderr());
        assertEquals("scan: " + arg + ": no such file\nscan: no findings reported: the input is incomplete.\n", run.stderr());
        assertNothingExecuted(cwd);
    }

    // ---- Java version without starting Java ---------------------------------------------

    /**
     * A JDK folder whose release file says {@code releaseVersion} and whose bin/java records its
     * argv, but answers -version with a different version and leaves a mark when asked.
     */
    static Path releaseJdk(String name, String releaseVersion, Path argvFile) throws IOException {
        Path home = Files.createDirectories(splunkHome.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + releaseVersion + "\"\nOS_NAME=\"Linux\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then touch '" + home.resolve("version-was-run") + "'; "
                + "echo 'openjdk version \"9.0.1\"' >&2; exit 0; fi\n"
                + "printf '%s\\000' \"$@\" > '" + argvFile + "'\n");
        Files.setPosixFilePermissions(java, TarEntries.permissions(0755));
        return home;
    }

    @Test
    void theVersionComesFromTheReleaseFileWithoutStartingJava() throws Exception {
        Path argvFile = splunkHome.resolve("argv-release.bin");
        Path jdk = releaseJdk("release-jdk17", "17.0.15", argvFile);
        Run run = runWithArgs(Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", jdk.toString()), List.of(),
                Files.createDirectories(splunkHome.resolve("cwd-release")), new byte[0]);
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(recordedArgv(argvFile).contains("-jar"), "the command was started");
        assertFalse(Files.exists(jdk.resolve("version-was-run")), "java -version was run although release says 17");
    }

    @Test
    void anOldJavaIsRecognisedFromItsReleaseFile() throws Exception {
        Path jdk = releaseJdk("release-jdk11", "11.0.22", splunkHome.resolve("argv-release11.bin"));
        byte[] request = getinfoRequest();
        Run run = run(Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", jdk.toString()), request);
        assertErrorFrame(run, request, "JAVA_HOME: " + jdk.resolve("bin/java") + " is Java 11");
        assertFalse(Files.exists(jdk.resolve("version-was-run")));
    }

    @Test
    void javaOnPathIsFollowedThroughSymlinksToItsReleaseFile() throws Exception {
        Path argvFile = splunkHome.resolve("argv-path.bin");
        Path jdk = releaseJdk("release-jdk21", "21.0.3", argvFile);
        Path bin = Files.createDirectories(splunkHome.resolve("path-with-java"));
        for (Path tool : Files.list(pathWithoutJava()).toList()) {
            Files.copy(tool, bin.resolve(tool.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path alternatives = Files.createDirectories(splunkHome.resolve("alternatives"));
        Files.deleteIfExists(alternatives.resolve("java"));
        Files.createSymbolicLink(alternatives.resolve("java"), jdk.resolve("bin/java"));
        Files.deleteIfExists(bin.resolve("java"));
        Files.createSymbolicLink(bin.resolve("java"), alternatives.resolve("java"));
        Run run = runWithArgs(Map.of("PATH", bin.toString()), List.of(), Files.createDirectories(splunkHome.resolve("cwd-path")), new byte[0]);
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(recordedArgv(argvFile).contains("-jar"), "the command was started");
        assertFalse(Files.exists(jdk.resolve("version-was-run")), "java -version was run although the release file is there");
    }

    // ---- JVM warnings and the class-data archive (AppCDS) --------------------------------

    static Map<String, String> realJava(Path splunk) throws IOException {
        return Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", System.getProperty("java.home"),
                "SPLUNK_HOME", splunk.toString());
    }

    static Path cdsDir(Path splunk) {
        return splunk.resolve("var/run/splunk/" + APP);
    }

    static List<Path> archives(Path splunk) throws IOException {
        if (!Files.isDirectory(cdsDir(splunk))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cdsDir(splunk))) {
            return files.sorted().toList();
        }
    }

    static void withConf(String text, ThrowingRunnable body) throws Exception {
        Path local = Files.createDirectories(appDir.resolve("local"));
        Path conf = local.resolve("concurrentsessions.conf");
        Files.writeString(conf, text);
        try {
            body.run();
        } finally {
            Files.delete(conf);
            Files.delete(local);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static void assertDeclaration(Run run) {
        assertEquals("reporting", onlyFrame(run.stdout()).get("type").getAsString());
        assertEquals(0, run.exit(), run.stderr());
    }

    @Test
    void aJvmWarningGoesToStderrEvenWhenOptionsReplaceTheDefaults(@TempDir Path tmp) throws Exception {
        // An archive made for another jar: the JVM refuses it with a warning, which its unified
        // log would print on stdout, in the middle of the protocol.
        Path otherJar = Files.copy(appDir.resolve("java/concurrentsessions.jar"), tmp.resolve("other.jar"));
        Path stale = tmp.resolve("stale.jsa");
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + stale, "-jar", otherJar.toString()).redirectErrorStream(true).start();
        dump.getOutputStream().close();
        readAll(dump.getInputStream());
        assertTrue(dump.waitFor(60, TimeUnit.SECONDS) && Files.size(stale) > 0, "a stale archive to test with");
        withConf("[java]\ncds = false\noptions = -XX:+UseSerialGC -XX:SharedArchiveFile=" + stale + "\n", () -> {
            Run run = run(realJava(tmp), getinfoRequest());
            assertDeclaration(run);
            assertTrue(run.stderr().contains("Unable to use shared archive"), "the warning is in search.log: " + run.stderr());
        });
    }

    @Test
    void theFirstRunMakesTheArchiveAndTheNextMapsTheAppsClassesFromIt(@TempDir Path splunk) throws Exception {
        byte[] request = getinfoRequest();
        Run first = run(realJava(splunk), request);
        assertDeclaration(first);
        List<Path> made = archives(splunk);
        assertEquals(1, made.size(), "one archive, no temporary file or lock left: " + made);
        assertTrue(made.get(0).getFileName().toString().matches("concurrentsessions-\\d+\\.jsa"), made.toString());
        // Class metadata only: nothing of the request the training run answered.
        byte[] key = sessionKey(request).getBytes(StandardCharsets.UTF_8);
        byte[] archive = Files.readAllBytes(made.get(0));
        assertTrue(archive.length > 100_000, "an archive of classes: " + archive.length + " bytes");
        assertFalse(contains(archive, key), "the session key is in the archive");

        // Options after the launcher's own -Xlog ones add an output of their own.
        withConf("[java]\noptions = -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData -Xlog:class+load=info:stderr\n", () -> {
            Run next = run(realJava(splunk), request);
            assertDeclaration(next);
            assertTrue(next.stderr().contains("io.concurrentsessions.cli.Main source: shared objects file (top)"),
                    "the app's classes come from the archive: " + next.stderr().lines().filter(l -> l.contains("cli.Main")).toList());
        });
        assertEquals(made, archives(splunk));
    }

    /** A JDK 25 or later for the ahead-of-time cache tests: JAVA25_HOME, else one in /usr/lib/jvm; null when none. */
    static Path java25Home() throws IOException {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("JAVA25_HOME");
        if (env != null && !env.isEmpty()) {
            candidates.add(Path.of(env));
        }
        if (Files.isDirectory(Path.of("/usr/lib/jvm"))) {
            try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
                jdks.sorted().forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            Path release = home.resolve("release");
            if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
                Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 25) {
                    return home;
                }
            }
        }
        return null;
    }

    @Test
    void onJava25TheFirstRunMakesAnAotCacheAndTheNextLoadsTheAppFromIt(@TempDir Path splunk) throws Exception {
        Path jdk = java25Home();
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null, "no Java 25+ on this machine (set JAVA25_HOME)");
        Map<String, String> env = Map.of("PATH", pathWithoutJava().toString(), "JAVA_HOME", jdk.toString(),
                "SPLUNK_HOME", splunk.toString());
        byte[] request = getinfoRequest();
        Run first = run(env, request);
        // One frame and nothing else on stdout: the JVM prints the cache's progress with its own
        // output, which the launcher sends to stderr.
        assertDeclaration(first);
        assertTrue(first.stderr().contains("AOTCache creation is complete"), first.stderr());
        List<Path> made = archives(splunk);
        assertEquals(1, made.size(), "one cache, no temporary file, configuration or lock left: " + made);
        assertTrue(made.get(0).getFileName().toString().matches("concurrentsessions-\\d+\\.aot"), made.toString());
        byte[] cache = Files.readAllBytes(made.get(0));
        assertTrue(cache.length > 1_000_000, "a cache of classes: " + cache.length + " bytes");
        assertFalse(contains(cache, sessionKey(request).getBytes(StandardCharsets.UTF_8)), "the session key is in the cache");

        withConf("[java]\noptions = -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData -Xlog:class+load=info:stderr\n", () -> {
            Run next = run(env, request);
            assertDeclaration(next);
            assertTrue(next.stderr().contains("io.concurrentsessions.cli.Main source: shared objects file"),
                    "the app's classes come from the cache: " + next.stderr().lines().filter(l -> l.contains("cli.Main")).toList());
            assertFalse(next.stderr().contains("AOTCache creation"), "made once: " + next.stderr());
        });
        assertEquals(made, archives(splunk));
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void aNewJarMakesANewArchive(@TempDir Path splunk) throws Exception {
        Path jar = appDir.resolve("java/concurrentsessions.jar");
        var mtime = Files.getLastModifiedTime(jar);
        assertDeclaration(run(realJava(splunk), getinfoRequest()));
        List<Path> before = archives(splunk);
        assertEquals(1, before.size());
        try {
            // An upgrade in place: same path, another mtime.
            Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(mtime.toMillis() - 86_400_000L));
            assertDeclaration(run(realJava(splunk), getinfoRequest()));
        } finally {
            Files.setLastModifiedTime(jar, mtime);
        }
        List<Path> after = archives(splunk);
        assertEquals(2, after.size(), after.toString());
        assertTrue(after.containsAll(before), after.toString());
    }

    @Test
    void aFolderThatCannotBeWrittenMeansNoArchiveAndAWorkingSearch(@TempDir Path splunk) throws Exception {
        // A file where the folder should be fails even for root; a read-only var/run for others.
        Files.createDirectories(cdsDir(splunk).getParent());
        Files.writeString(cdsDir(splunk), "in the way");
        assertDeclaration(run(realJava(splunk), getinfoRequest()));
        assertTrue(Files.isRegularFile(cdsDir(splunk)));

        Path readOnly = splunk.resolve("ro");
        Path runSplunk = Files.createDirectories(readOnly.resolve("var/run/splunk"));
        Files.setPosixFilePermissions(runSplunk, TarEntries.permissions(0555));
        try {
            assertDeclaration(run(realJava(readOnly), getinfoRequest()));
        } finally {
            Files.setPosixFilePermissions(runSplunk, TarEntries.permissions(0755));
        }
    }

    @Test
    void cdsFalseWritesNothing(@TempDir Path splunk) throws Exception {
        withConf("[java]\ncds = false\n", () -> {
            assertDeclaration(run(realJava(splunk), getinfoRequest()));
            assertFalse(Files.exists(cdsDir(splunk)), "cds = false, yet " + cdsDir(splunk) + " was made");
        });
    }

    @Test
    void makingAnArchiveRemovesOnesUnusedForDaysAndLeftoversOfKilledRuns(@TempDir Path splunk) throws Exception {
        Path dir = Files.createDirectories(cdsDir(splunk));
        Path oldArchive = Files.writeString(dir.resolve("concurrentsessions-123.jsa"), "old jar");
        Path oldTmp = Files.writeString(dir.resolve("concurrentsessions-123.jsa.4242.tmp"), "killed dump");
        Path oldLock = Files.createDirectories(dir.resolve("concurrentsessions-456.jsa.lock"));
        Path recent = Files.writeString(dir.resolve("concurrentsessions-789.jsa"), "used yesterday");
        var days = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 5 * 86_400_000L);
        for (Path old : List.of(oldArchive, oldTmp, oldLock)) {
            Files.getFileAttributeView(old, java.nio.file.attribute.BasicFileAttributeView.class).setTimes(days, days, null);
        }
        assertDeclaration(run(realJava(splunk), getinfoRequest()));
        List<String> left = archives(splunk).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(2, left.size(), left.toString());
        assertTrue(left.contains(recent.getFileName().toString()), left.toString());
        assertTrue(left.stream().anyMatch(n -> n.matches("concurrentsessions-\\d+\\.jsa") && !n.equals("concurrentsessions-789.jsa")), left.toString());
    }

    /** A JDK 17 with a base archive whose java exits 1, writing the archive it was asked for or not. */
    static Path exitingJdk(String name, boolean writesArchive) throws IOException {
        Path home = Files.createDirectories(splunkHome.resolve(name));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Files.writeString(Files.createDirectories(home.resolve("lib/server")).resolve("classes.jsa"), "base");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + (writesArchive ? "for a; do case $a in -XX:ArchiveClassesAtExit=*) echo archive > \"${a#*=}\";; esac; done\n" : "")
                + "exit 1\n");
        Files.setPosixFilePermissions(java, TarEntries.permissions(0755));
        return home;
    }

    @Test
    void aDumpThatFailsAfterTheSearchDoesNotFailTheSearchButACommandErrorStillDoes(@TempDir Path splunk) throws Exception {
        Map<String, String> env = Map.of("PATH", pathWithoutJava().toString(), "SPLUNK_HOME", splunk.toString(),
                "JAVA_HOME", exitingJdk("dump-fails-jdk", false).toString());
        Run failedDump = runWithArgs(env, List.of(), Files.createDirectories(splunk.resolve("cwd")), new byte[0]);
        assertEquals(0, failedDump.exit(), failedDump.stderr());
        assertTrue(failedDump.stderr().contains("no class-data archive written"), failedDump.stderr());
        assertEquals(List.of(), archives(splunk), "no archive, temporary file or lock left");

        Map<String, String> env2 = new TreeMap<>(env);
        env2.put("JAVA_HOME", exitingJdk("command-fails-jdk", true).toString());
        Run commandError = runWithArgs(env2, List.of(), Files.createDirectories(splunk.resolve("cwd")), new byte[0]);
        assertEquals(1, commandError.exit(), commandError.stderr());
        assertEquals(1, archives(splunk).size(), archives(splunk).toString());
    }
}
