package dev.listkit.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, no extra library): navigate, run
 * JavaScript, take screenshots, and collect script exceptions, console errors and failed loads. Starts
 * with flags for a closed network (no background networking, no component updates, no first-run work).
 */
final class HeadlessChromium implements AutoCloseable {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<Void>> loads = Collections.synchronizedList(new ArrayList<>());

    /** The browser executable: {@code $LISTKIT_CHROMIUM}, else the first of chromium, chromium-browser, google-chrome on the PATH. */
    static Optional<Path> find() {
        String env = System.getenv("LISTKIT_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String n : NAMES) {
                Path p = Path.of(dir, n);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    HeadlessChromium(Path executable, Path profileDir, int widthPx, int heightPx) throws IOException,
            InterruptedException {
        Files.createDirectories(profileDir);
        List<String> cmd = List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--mute-audio", "--autoplay-policy=no-user-gesture-required",
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--user-data-dir=" + profileDir.toAbsolutePath(), "--window-size=" + widthPx + "," + heightPx,
                "about:blank");
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profileDir.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profileDir.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("chromium did not start; log: "
                            + Files.readString(profileDir.resolve("chromium.log")));
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            JsonNode targets = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String ws = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    ws = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (ws == null) {
                throw new IOException("chromium has no page target: " + targets);
            }
            socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(ws), new Listener())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            send("Page.enable", Json.object());
            send("Runtime.enable", Json.object());
            send("Log.enable", Json.object());
            send("Network.enable", Json.object());
        } catch (IOException | InterruptedException | RuntimeException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            destroy();
            throw e instanceof IOException io ? io : new IOException("cannot drive chromium: " + e, e);
        }
    }

    /** Script exceptions, console errors, log errors and failed loads seen so far. */
    List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Opens {@code url} and waits for its load event. */
    void navigate(String url) throws IOException {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        loads.add(loaded);
        ObjectNode p = Json.object();
        p.put("url", url);
        send("Page.navigate", p);
        try {
            loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("no load event for " + url + ": " + e, e);
        }
    }

    /** Evaluates a JavaScript expression (promises are awaited) and returns its value as JSON. */
    JsonNode eval(String expression) throws IOException {
        ObjectNode p = Json.object();
        p.put("expression", expression);
        p.put("returnByValue", true);
        p.put("awaitPromise", true);
        JsonNode r = send("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new IOException("script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Polls {@code condition} (a boolean expression) until true or {@code timeout}. */
    boolean waitFor(String condition, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (eval("!!(" + condition + ")").asBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Writes a PNG of the whole page (not only the window). */
    void screenshot(Path png) throws IOException {
        ObjectNode p = Json.object();
        p.put("format", "png");
        p.put("captureBeyondViewport", true);
        JsonNode metrics = send("Page.getLayoutMetrics", Json.object()).path("cssContentSize");
        if (metrics.has("width")) {
            ObjectNode clip = p.putObject("clip");
            clip.put("x", 0);
            clip.put("y", 0);
            clip.put("width", metrics.get("width").asDouble());
            clip.put("height", Math.min(metrics.get("height").asDouble(), 6000));
            clip.put("scale", 1);
        }
        JsonNode r = send("Page.captureScreenshot", p);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    private JsonNode send(String method, ObjectNode params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode msg = Json.object();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(Json.write(msg), true).join();
        try {
            JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IOException(method + " failed: " + r.get("error"));
            }
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(method + ": no reply: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(JsonNode m) {
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.get(m.get("id").asInt());
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        JsonNode p = m.path("params");
        switch (m.path("method").asText()) {
            case "Page.loadEventFired" -> {
                synchronized (loads) {
                    loads.forEach(f -> f.complete(null));
                    loads.clear();
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails").path("exception")
                    .path("description").asText(p.path("exceptionDetails").path("text").asText()));
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(p.path("type").asText())) {
                    errors.add("console.error: " + p.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if ("error".equals(p.path("entry").path("level").asText())) {
                    errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
                }
            }
            case "Network.loadingFailed" -> {
                if (!p.path("canceled").asBoolean()) {
                    errors.add("load failed: " + p.path("errorText").asText() + " (" + p.path("type").asText() + ")");
                }
            }
            default -> {
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage(Json.MAPPER.readTree(text));
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            ws.request(1);
            return null;
        }
    }

    private void destroy() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        destroy();
    }
}
