package dev.listkit.core.engine.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.EngineTestData;
import dev.listkit.core.engine.RefineStep;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.StderrCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The llm refiner against a local HTTP server speaking the chat-completions protocol. */
class LlmRefinerTest {
    private static final String KEY = "sk-test-5f1e9c2b7a-very-secret";

    /** What the fake server does with one request. */
    interface Behaviour {
        void handle(HttpExchange ex, JsonNode request, int callNumber) throws Exception;
    }

    @TempDir
    Path tmp;
    private HttpServer server;
    private ExecutorService serverPool;
    private volatile Behaviour behaviour;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> authHeaders = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> paths = new ConcurrentLinkedQueue<>();
    private StderrCapture log;

    @BeforeEach
    void start() throws IOException {
        log = new StderrCapture();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverPool = Executors.newCachedThreadPool();
        server.setExecutor(serverPool);
        server.createContext("/", ex -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
                authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                JsonNode req = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
                behaviour.handle(ex, req, requests.incrementAndGet());
            } catch (Exception e) {
                reply(ex, 599, "test server error: " + e);
            } finally {
                inFlight.decrementAndGet();
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        log.close();
        server.stop(0);
        serverPool.shutdownNow();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A chat-completions reply whose content is {@code content}. */
    private static String completion(String content) {
        return Json.write(Map.of("id", "chatcmpl-1", "object", "chat.completion", "choices",
                List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content)))));
    }

    /** Echoes a rewrite derived from the prompt's current caption. */
    private static final Behaviour REWRITE = (ex, req, n) -> {
        String user = req.path("messages").path(req.path("messages").size() - 1).path("content").asText();
        String line = user.lines().filter(l -> l.startsWith("Current caption: ")).findFirst().orElseThrow();
        String caption = line.substring("Current caption: ".length());
        reply(ex, 200, completion("  \"Rewritten: " + caption.toLowerCase() + "\"\n"));
    };

    private Refiner refiner(String json) throws ConfigException {
        return new LlmRefinerProvider().create(Json.parse(json));
    }

    private EngineContext ctx(Map<String, String> env) {
        return EngineTestData.context(tmp.resolve("cache"), env, 1);
    }

    private static List<EngineItem> items(String... captions) {
        List<EngineItem> out = new ArrayList<>();
        for (int i = 0; i < captions.length; i++) {
            EngineItem it = new EngineItem("flickr8k/" + i, "flickr8k", "/img/" + i + ".jpg",
                    Map.of("file", i + "_dog_park.jpg", "tags", "dog park"));
            it.candidates().addAll(List.of(captions[i], "a dog on the grass", "a brown dog running"));
            it.setCaption(captions[i]);
            out.add(it);
        }
        return out;
    }

    @Test
    void rewritesThenServesTheRerunFromTheCache() throws Exception {
        behaviour = REWRITE;
        Map<String, String> env = Map.of(LlmRefiner.ENV_ENDPOINT, endpoint(), LlmRefiner.ENV_MODEL, "qwen2.5-1.5b",
                LlmRefiner.ENV_API_KEY, KEY);
        List<EngineItem> first = items("A Black Dog runs across the grass .", "Two children play in the sand");
        try (Refiner r = refiner("{\"type\": \"llm\"}")) {
            r.refine(first, ctx(env));
            assertEquals(Map.of("calls", 2L, "retries", 0L, "cacheHits", 0L, "fallbacks", 0L), r.counters());
        }
        RefineStep step = first.get(0).steps().get(0);
        assertEquals(new RefineStep("llm", "A Black Dog runs across the grass .",
                "Rewritten: a black dog runs across the grass .", "model qwen2.5-1.5b", false), step);
        assertEquals("Rewritten: a black dog runs across the grass .", first.get(0).caption());
        assertEquals(List.of("POST /v1/chat/completions", "POST /v1/chat/completions"), List.copyOf(paths));
        assertTrue(authHeaders.stream().allMatch(("Bearer " + KEY)::equals));

        // A fresh refiner on the same cache dir (a rerun of the round) makes no call.
        List<EngineItem> again = items("A Black Dog runs across the grass .", "Two children play in the sand");
        try (Refiner r = refiner("{}")) {
            r.refine(again, ctx(env));
            assertEquals(Map.of("calls", 0L, "retries", 0L, "cacheHits", 2L, "fallbacks", 0L), r.counters());
        }
        assertEquals(2, requests.get());
        assertEquals("Rewritten: two children play in the sand", again.get(1).caption());
        assertEquals("model qwen2.5-1.5b, cached", again.get(1).steps().get(0).note());

        // The key went out as a header but is in no file and not in the log.
        assertKeyNowhere();
    }

    @Test
    void retriesAfterA500ThenSucceeds() throws Exception {
        behaviour = (ex, req, n) -> {
            if (n == 1) {
                reply(ex, 500, "{\"error\": \"model is loading\"}");
            } else if (n == 2) {
                ex.getResponseHeaders().set("Retry-After", "0");
                reply(ex, 429, "{\"error\": \"slow down\"}");
            } else {
                reply(ex, 200, completion("A black dog runs across a lawn."));
            }
        };
        List<EngineItem> items = items("a black dog runs on grass");
        try (Refiner r = refiner("{\"endpoint\": \"" + endpoint() + "/v1/\", \"model\": \"m\", \"backoffMs\": 20}")) {
            r.refine(items, ctx(Map.of()));
            assertEquals(Map.of("calls", 1L, "retries", 2L, "cacheHits", 0L, "fallbacks", 0L), r.counters());
        }
        assertEquals("A black dog runs across a lawn.", items.get(0).caption());
        assertEquals(3, requests.get());
        assertTrue(paths.stream().allMatch("POST /v1/chat/completions"::equals), paths.toString());
    }

    @Test
    void persistentServerErrorFallsBackAfterTheRetries() throws Exception {
        behaviour = (ex, req, n) -> reply(ex, 503, "{\"error\": \"overloaded, key " + KEY + "\"}");
        List<EngineItem> items = items("a black dog runs on grass");
        try (Refiner r = refiner("{\"endpoint\": \"" + endpoint() + "\", \"model\": \"m\", \"backoffMs\": 5, \"maxRetries\": 2}")) {
            r.refine(items, ctx(Map.of(LlmRefiner.ENV_API_KEY, KEY)));
            assertEquals(Map.of("calls", 1L, "retries", 2L, "cacheHits", 0L, "fallbacks", 1L), r.counters());
        }
        RefineStep s = items.get(0).steps().get(0);
        assertTrue(s.fallback() && s.after().equals(s.before()));
        assertTrue(s.note().startsWith("HTTP 503: ") && s.note().endsWith("(3 attempts)"), s.note());
        assertFalse(s.note().contains(KEY), "the server echoed the key; the note must not");
        assertEquals(3, requests.get());
        assertKeyNowhere();
    }

    @Test
    void malformedJsonAndUnusableRepliesFallBack() throws Exception {
        behaviour = (ex, req, n) -> {
            String user = req.path("messages").path(1).path("content").asText();
            if (user.contains("first")) {
                reply(ex, 200, "{\"choices\": [ {\"message\": ");          // truncated JSON
            } else if (user.contains("second")) {
                reply(ex, 200, "{\"choices\": []}");                       // no content
            } else if (user.contains("third")) {
                reply(ex, 200, completion("Sure! Here are some options:\n1. A dog\n2. A cat"));
            } else if (user.contains("fourth")) {
                reply(ex, 200, completion("\"\""));
            } else {
                reply(ex, 200, completion("<think>short one</think>Caption: \"A dog sleeps on a red couch.\""));
            }
        };
        List<EngineItem> items = items("the first dog", "the second dog", "the third dog", "the fourth dog",
                "the fifth dog");
        try (Refiner r = refiner("{\"endpoint\": \"" + endpoint() + "\", \"model\": \"m\", \"maxRetries\": 0}")) {
            r.refine(items, ctx(Map.of()));
            assertEquals(Map.of("calls", 5L, "retries", 0L, "cacheHits", 0L, "fallbacks", 4L), r.counters());
        }
        assertTrue(items.get(0).steps().get(0).note().startsWith("malformed JSON response"));
        assertEquals("malformed response: no text at choices[0].message.content", items.get(1).steps().get(0).note());
        assertEquals("multi-line reply (3 lines)", items.get(2).steps().get(0).note());
        assertEquals("empty reply", items.get(3).steps().get(0).note());
        for (int i = 0; i < 4; i++) {
            assertTrue(items.get(i).steps().get(0).fallback());
            assertEquals(items.get(i).candidates().get(0), items.get(i).caption());
        }
        assertEquals("A dog sleeps on a red couch.", items.get(4).caption());
        assertTrue(log.text().contains("llm: fallback for flickr8k/0: malformed JSON"));
    }

    @Test
    void timeoutFallsBack() throws Exception {
        behaviour = (ex, req, n) -> {
            Thread.sleep(3000);
            reply(ex, 200, completion("too late"));
        };
        List<EngineItem> items = items("a black dog runs on grass");
        long t0 = System.nanoTime();
        try (Refiner r = refiner("{\"endpoint\": \"" + endpoint() + "\", \"model\": \"m\", \"timeoutMs\": 300, "
                + "\"maxRetries\": 1, \"backoffMs\": 10}")) {
            r.refine(items, ctx(Map.of()));
            assertEquals(Map.of("calls", 1L, "retries", 1L, "cacheHits", 0L, "fallbacks", 1L), r.counters());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2500, "took " + ms + " ms: the timeout was not applied");
        assertEquals("timeout after 300 ms (2 attempts)", items.get(0).steps().get(0).note());
        assertEquals("a black dog runs on grass", items.get(0).caption());
        // Nothing is cached for a failed call: the rerun asks again.
        try (Stream<Path> files = Files.walk(tmp)) {
            assertEquals(0, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        behaviour = (ex, req, n) -> {
            Thread.sleep(60);
            REWRITE.handle(ex, req, n);
        };
        String[] captions = new String[24];
        for (int i = 0; i < captions.length; i++) {
            captions[i] = "dog number " + i + " runs";
        }
        List<EngineItem> items = items(captions);
        try (Refiner r = refiner("{\"endpoint\": \"" + endpoint() + "\", \"model\": \"m\", \"maxConcurrent\": 3}")) {
            // Two batches at once, as two shards would do: the bound holds across them.
            List<EngineItem> a = items.subList(0, 12);
            List<EngineItem> b = items.subList(12, 24);
            Thread other = new Thread(() -> {
                try {
                    r.refine(b, ctx(Map.of()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            other.start();
            r.refine(a, ctx(Map.of()));
            other.join();
            assertEquals(24L, r.counters().get("calls"));
        }
        assertEquals(24, requests.get());
        assertEquals(3, maxInFlight.get(), "max in flight");
        for (int i = 0; i < 24; i++) {
            assertEquals("Rewritten: dog number " + i + " runs", items.get(i).caption());
        }
    }

    @Test
    void missingEndpointAndBadConfigAreConfigErrors() throws Exception {
        try (Refiner r = refiner("{\"model\": \"m\"}")) {
            ConfigException e = assertThrows(ConfigException.class, () -> r.refine(items("a dog"), ctx(Map.of())));
            assertTrue(e.getMessage().contains(LlmRefiner.ENV_ENDPOINT), e.getMessage());
        }
        ConfigException unknown = assertThrows(ConfigException.class, () -> refiner("{\"apiKey\": \"x\"}"));
        assertTrue(unknown.getMessage().contains("unknown key 'apiKey'"), unknown.getMessage());
        ConfigException conc = assertThrows(ConfigException.class, () -> refiner("{\"maxConcurrent\": 0}"));
        assertTrue(conc.getMessage().contains("maxConcurrent must be >= 1"), conc.getMessage());
        ConfigException url = assertThrows(ConfigException.class, () -> refiner("{\"endpoint\": \"localhost:8080\"}"));
        assertTrue(url.getMessage().contains("endpoint must start with http://"), url.getMessage());
        ConfigException file = assertThrows(ConfigException.class,
                () -> refiner("{\"promptFile\": \"" + tmp.resolve("nope.txt") + "\"}"));
        assertTrue(file.getMessage().contains("promptFile"), file.getMessage());
    }

    @Test
    void promptTemplatesFromFilesAreCheckedAndFilled() throws Exception {
        Path file = tmp.resolve("p.txt");
        Files.writeString(file, "### system\nBe brief.\n### user\nFix: {{caption}} ({{source}})\n{{metadata}}\n");
        behaviour = (ex, req, n) -> {
            assertEquals("system", req.path("messages").path(0).path("role").asText());
            assertEquals("Be brief.", req.path("messages").path(0).path("content").asText());
            assertEquals("Fix: a dog (flickr8k)\nfile: 0_dog_park.jpg\ntags: dog park",
                    req.path("messages").path(1).path("content").asText());
            assertEquals(0.0, req.path("temperature").asDouble());
            reply(ex, 200, completion("A dog in a park."));
        };
        List<EngineItem> items = items("a dog");
        try (Refiner r = refiner("{\"endpoint\": \"" + endpoint() + "\", \"model\": \"m\", \"promptFile\": \""
                + file + "\"}")) {
            r.refine(items, ctx(Map.of()));
        }
        assertEquals("A dog in a park.", items.get(0).caption(), items.get(0).steps().toString());
        assertTrue(PromptTemplate.parse("x", "just {{caption}}").render(items.get(0), 5).size() == 1);
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> PromptTemplate.parse("t.txt", "Rewrite {{caption}} for {{labels}}"));
        assertTrue(unknown.getMessage().contains("unknown placeholder '{{labels}}'"), unknown.getMessage());
        assertThrows(ConfigException.class, () -> PromptTemplate.parse("t.txt", "no placeholders"));
        assertThrows(ConfigException.class, () -> PromptTemplate.parse("t.txt", "hello\n### user\n{{caption}}"));
        String builtIn = PromptTemplate.builtIn().render(items("a dog").get(0), 5).get(1).content();
        assertTrue(builtIn.contains("Current caption: a dog\n") && builtIn.contains("- a brown dog running")
                && builtIn.contains("tags: dog park"), builtIn);
    }

    private void assertKeyNowhere() throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f).contains(KEY), "key written to " + f);
                assertFalse(Files.readString(f).contains("sk-test"), "key prefix written to " + f);
            }
        }
        assertFalse(log.text().contains(KEY), "key in the log");
    }
}
