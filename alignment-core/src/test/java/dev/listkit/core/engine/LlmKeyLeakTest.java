package dev.listkit.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.engine.refine.LlmRefiner;
import dev.listkit.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data-engine round with the {@code llm} refiner against a local server that echoes the API key in every
 * shape servers use (401 bodies quoting the header, the key JSON-escaped, percent-encoded, cut across the
 * 160-character note limit, inside replies), then a search of every file the round wrote (manifest,
 * shards, summary, reply cache) and of both output streams for the key and for every 8-character piece of it.
 */
class LlmKeyLeakTest {
    /** Characters that JSON and URL encodings change ({@code / + =}) between long plain runs. */
    private static final String KEY = "sk-live/7Qx+Zr=9kT_b2Lw8vNp4Hs6Jd3Fg5Yc1Ma0Ue";
    /** Another token the server shows; it is not the key but looks like one and must not land either. */
    private static final String OTHER = "sk-proj-AbCdEfGhIjKlMnOpQrStUv";
    /** The server answers at most this many requests; more would mean a retry loop. */
    private static final int MAX_REQUESTS = 64;

    @TempDir
    Path tmp;
    private HttpServer server;
    private ExecutorService serverPool;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverPool = Executors.newFixedThreadPool(4);
        server.setExecutor(serverPool);
        server.createContext("/", ex -> {
            try {
                int n = requests.incrementAndGet();
                JsonNode req = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
                if (n > MAX_REQUESTS) {
                    refused.incrementAndGet();
                    reply(ex, 400, "{\"error\": \"request budget of the test server spent\"}");
                    return;
                }
                String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
                answer(ex, req, auth);
            } catch (IOException | RuntimeException e) {
                reply(ex, 400, "{\"error\": \"test server: " + e.getClass().getSimpleName() + "\"}");
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        serverPool.shutdownNow();
    }

    /**
     * Every way of echoing the key, chosen by the sample's number in its metadata (so a retry of a sample
     * gets the same answer), then normal rewrites.
     */
    private static void answer(HttpExchange ex, JsonNode req, String auth) throws IOException {
        String user = req.path("messages").path(req.path("messages").size() - 1).path("content").asText();
        String caption = user.lines().filter(l -> l.startsWith("Current caption: ")).findFirst().orElse("x")
                .substring("Current caption: ".length());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("recording (\\d+) of").matcher(user);
        int sample = m.find() ? Integer.parseInt(m.group(1)) : 11;
        String authKey = auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : auth;
        switch (sample % 12) {
            case 0 -> reply(ex, 401, "{\"error\": {\"message\": \"Incorrect API key provided: " + authKey
                    + ". You can find your API key at https://example.invalid/keys.\", \"code\": \"invalid_api_key\"}}");
            case 1 -> reply(ex, 401, "{\"error\": \"bad header\", \"received\": " + Json.write(Map.of("Authorization",
                    auth)) + "}");
            case 2 -> reply(ex, 401, "{\"error\": \"key " + jsonEscapedSlashes(authKey) + " revoked\"}");
            case 3 -> reply(ex, 401, "{\"error\": \"key " + unicodeEscaped(authKey) + " revoked\"}");
            case 4 -> { // the key straddles the 160th character of the body, where notes are cut
                String head = "{\"error\": \"unauthorized\", \"detail\": \"";
                String pad = "x".repeat(150 - head.length());
                reply(ex, 401, head + pad + authKey + "\", \"more\": \"" + "y".repeat(40) + "\"}");
            }
            case 5 -> reply(ex, 401, "<html>redirecting to https://example.invalid/login?key="
                    + URLEncoder.encode(authKey, StandardCharsets.UTF_8) + "&next=%2Fchat</html>");
            case 6 -> reply(ex, 200, completion("A dog barks, sent with " + auth));
            case 7 -> reply(ex, 200, completion("Your key is " + authKey + " and a dog barks"));
            case 8 -> { // the key only \\u-escaped inside the reply JSON: it becomes plain when parsed
                String body = completion("A dog barks near KEYHERE").replace("KEYHERE", unicodeEscaped(authKey));
                reply(ex, 200, body);
            }
            case 9 -> reply(ex, 200, completion("A dog barks; other token " + OTHER + " and Bearer "
                    + "zyxwvu7srqponmlkjihg"));
            case 10 -> reply(ex, 503, "{\"error\": \"overloaded for key " + authKey + "\"}");
            default -> reply(ex, 200, completion("Rewritten: " + caption.toLowerCase()));
        }
    }

    private static String jsonEscapedSlashes(String s) {
        return s.replace("/", "\\/");
    }

    private static String unicodeEscaped(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(String.format("\\u%04x", c)));
        return sb.toString();
    }

    private static String completion(String content) {
        return Json.write(Map.of("choices", List.of(Map.of("index", 0, "message",
                Map.of("role", "assistant", "content", content)))));
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<PoolSample> pool(int n) {
        List<PoolSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int concept = i % ConceptModel.CONCEPTS.size();
            out.add(new PoolSample(String.format("ds:clip-%03d", i), "ds", "/data/clip-" + i + ".wav",
                    Map.of("title", "recording " + i + " of a " + ConceptModel.CONCEPTS.get(concept)),
                    ConceptModel.sample(concept, 0.2, i), null));
        }
        return out;
    }

    @Test
    void theKeyReachesNoFileAndNoOutputStream() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        Path round = tmp.resolve("run").resolve("round-1");
        DataEngine.Result result;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                Refiner llm = EngineRegistry.refiner(Json.parse("{\"id\": \"llm\", \"endpoint\": \"http://127.0.0.1:"
                        + server.getAddress().getPort() + "\", \"model\": \"m\", \"maxRetries\": 1, \"backoffMs\": 5,"
                        + " \"maxConcurrent\": 2}"))) {
            System.setOut(o);
            System.setErr(e);
            try {
                DataEngine engine = DataEngine.builder()
                        .setSettings(new EngineSettings(new CaptionStrategy("nucleus", 1, 0f, 0.9f, 1f, 3, 0, 10), 4, 8))
                        .addRefiner(llm).optProgress(true).build();
                EngineContext ctx = new EngineContext(new ConceptModel(), tmp.resolve("run").resolve("cache"),
                        Map.of(LlmRefiner.ENV_API_KEY, KEY), 3, 1);
                result = engine.run(pool(30), ctx, round);
                e.println(ctx); // a context printed whole must not show the key either
                o.println(Json.write(result.summary()));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }

        // The round went through every echo: the server saw each request shape, nothing was retried forever.
        assertEquals(0, refused.get(), "requests over the test server's budget");
        assertTrue(requests.get() >= 20, "most samples went to the server: " + requests.get());
        List<String> notes = result.records().stream().flatMap(r -> r.steps().stream()).map(RefineStep::note).toList();
        assertTrue(notes.stream().anyMatch(s -> s.startsWith("HTTP 401: ")), notes.toString());
        assertTrue(notes.stream().anyMatch(s -> s.startsWith("HTTP 503: ")), notes.toString());
        assertTrue(notes.stream().anyMatch(s -> s.startsWith("reply quoted a secret")), notes.toString());
        assertTrue(result.records().stream().anyMatch(r -> r.caption() != null && r.caption().startsWith("Rewritten:")),
                "normal replies still refine");
        String manifest = Files.readString(round.resolve("manifest.jsonl"));
        assertTrue(manifest.contains("***"), "the echoes reached the manifest masked");
        try (Stream<Path> files = Files.list(tmp.resolve("run").resolve("cache").resolve("llm"))) {
            assertTrue(files.findAny().isPresent(), "replies were cached");
        }

        List<String> leaks = new ArrayList<>();
        Set<String> pieces = pieces(KEY, 8);
        pieces.addAll(pieces(OTHER.substring(3), 8));
        pieces.addAll(pieces("zyxwvu7srqponmlkjihg", 8));
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                leaks.addAll(find(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), pieces));
            }
        }
        leaks.addAll(find("stdout", out.toString(StandardCharsets.UTF_8), pieces));
        leaks.addAll(find("stderr", err.toString(StandardCharsets.UTF_8), pieces));
        assertEquals(List.of(), leaks);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("llm: fallback for"), "the log was captured");
    }

    /** Every {@code length}-character substring of {@code key}. */
    private static Set<String> pieces(String key, int length) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i + length <= key.length(); i++) {
            out.add(key.substring(i, i + length));
        }
        return out;
    }

    /** One line per place that holds pieces of a secret: how many pieces, and the text around the first. */
    private static List<String> find(String where, String text, Set<String> pieces) {
        int count = 0;
        int first = -1;
        for (String p : pieces) {
            int at = text.indexOf(p);
            if (at >= 0) {
                count++;
                first = first < 0 ? at : Math.min(first, at);
            }
        }
        if (count == 0) {
            return List.of();
        }
        return List.of(where + ": " + count + " secret pieces, first at " + first + ": ..."
                + text.substring(Math.max(0, first - 30), Math.min(text.length(), first + 50)) + "...");
    }
}
