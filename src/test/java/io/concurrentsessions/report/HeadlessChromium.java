package io.concurrentsessions.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium, headless, driven over the DevTools protocol with the JDK's WebSocket client:
 * pages are opened in their own targets and every Network.requestWillBeSent, Runtime.exceptionThrown
 * and Log.entryAdded event is recorded, which --dump-dom cannot tell. The timeouts only keep a stuck
 * browser from hanging the build; nothing is asserted about speed.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final long WAIT_SECONDS = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();

    /** Chromium on this machine; in CI (CI=true) a missing browser fails the test, locally it skips it. */
    static Path binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String message = "chromium is not installed (apt-get install -y chromium; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + ": required in CI");
        }
        Assumptions.abort(message + ": skipped outside CI");
        return null;
    }

    static HeadlessChromium start() throws Exception {
        Path binary = binary();
        Path profile = Files.createTempDirectory("report-chromium-");
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            // With port 0 Chromium picks a free port and writes it (and the browser's path) to this file.
            Path activePort = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            List<String> lines = List.of();
            while (lines.size() < 2) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("chromium exited " + process.exitValue() + ": " + Files.readString(profile.resolve("chromium.log")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromium wrote no DevToolsActivePort in " + WAIT_SECONDS + " s");
                }
                Thread.sleep(50);
                lines = Files.exists(activePort) ? Files.readAllLines(activePort) : List.of();
            }
            URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
            return new HeadlessChromium(process, profile, uri);
        } catch (Exception e) {
            process.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    private HeadlessChromium(Process process, Path profile, URI uri) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Listener()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A loaded page in its own target, with everything it did recorded from before navigation. */
    Page open(URI url) throws Exception {
        String target = call(null, "Target.createTarget", params("url", "about:blank")).get("targetId").getAsString();
        JsonObject attach = params("targetId", target);
        attach.addProperty("flatten", true);
        String session = call(null, "Target.attachToTarget", attach).get("sessionId").getAsString();
        for (String domain : List.of("Network", "Runtime", "Log", "Page")) {
            call(session, domain + ".enable", new JsonObject());
        }
        call(session, "Page.navigate", params("url", url.toString()));
        awaitEvent(session, "Page.loadEventFired");
        return new Page(session);
    }

    final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        /** A JavaScript expression's JSON value, evaluated by DevTools (not by the page, which may run no script). */
        JsonElement eval(String expression) throws Exception {
            JsonObject p = params("expression", expression);
            p.addProperty("returnByValue", true);
            JsonObject result = call(session, "Runtime.evaluate", p);
            if (result.has("exceptionDetails")) {
                throw new AssertionError("evaluating " + expression + ": " + result.get("exceptionDetails"));
            }
            JsonObject value = result.getAsJsonObject("result");
            return value.has("value") ? value.get("value") : null;
        }

        List<String> requestedUrls() {
            return events("Network.requestWillBeSent").stream()
                    .map(e -> e.getAsJsonObject("request").get("url").getAsString()).toList();
        }

        List<String> exceptions() {
            return events("Runtime.exceptionThrown").stream().map(JsonObject::toString).toList();
        }

        /** Console and browser log entries at warning or error level (CSP violations land here). */
        List<String> problems() {
            List<String> out = new ArrayList<>();
            for (JsonObject e : events("Log.entryAdded")) {
                JsonObject entry = e.getAsJsonObject("entry");
                String level = entry.get("level").getAsString();
                if (level.equals("error") || level.equals("warning")) {
                    out.add(entry.get("source").getAsString() + ": " + entry.get("text").getAsString());
                }
            }
            return out;
        }

        private List<JsonObject> events(String method) {
            return events.stream().filter(e -> session.equals(stringOrNull(e, "sessionId")) && method.equals(stringOrNull(e, "method")))
                    .map(e -> e.getAsJsonObject("params")).toList();
        }
    }

    private void awaitEvent(String session, String method) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (events.stream().noneMatch(e -> session.equals(stringOrNull(e, "sessionId")) && method.equals(stringOrNull(e, "method")))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + method + " in " + WAIT_SECONDS + " s");
            }
            Thread.sleep(20);
        }
    }

    private JsonObject call(String session, String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        if (session != null) {
            message.addProperty("sessionId", session);
        }
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(message.toString(), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        JsonObject answer = reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + ": " + answer.get("error"));
        }
        return answer.getAsJsonObject("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(partial.toString()).getAsJsonObject();
                partial.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonObject> reply = pending.remove(message.get("id").getAsInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                } else {
                    events.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private static JsonObject params(String name, String value) {
        JsonObject p = new JsonObject();
        p.addProperty(name, value);
        return p;
    }

    private static String stringOrNull(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static List<String> strings(JsonElement array) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : (JsonArray) array) {
            out.add(e.getAsString());
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            // No reply to wait for: the browser may be gone before it answers.
            socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // destroyed below
        }
        socket.abort();
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
