package dev.listkit.core.engine.refine;

import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.RefineStep;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refiner {@code llm}: rewrites each caption with a chat model behind an OpenAI-compatible endpoint
 * (llama.cpp server, vLLM, Ollama): {@code POST {endpoint}/v1/chat/completions}.
 *
 * <p>The prompt comes from a {@link PromptTemplate} (file or built-in). Replies are cached on disk under
 * {@code ctx.cacheDir()/llm} by the SHA-256 of model and prompt ({@link ReplyCache}), so a rerun makes no
 * call. At most {@code maxConcurrent} requests are in flight (a fixed pool owned by this refiner; close it).
 * A timeout, an HTTP error after the retries, a malformed response or an unusable reply (empty, multi-line,
 * too long) keeps the caption and records a fallback step with the reason. Counters: {@code calls} (items
 * sent to the endpoint), {@code retries}, {@code cacheHits}, {@code fallbacks}.
 *
 * <p>Endpoint and model come from the config or from {@code LISTKIT_LLM_ENDPOINT} / {@code LISTKIT_LLM_MODEL}
 * in {@link EngineContext#env()}; the key only from {@code LISTKIT_LLM_API_KEY} there. The key is sent as a
 * Bearer header and written nowhere: every reply, note and cached text is redacted by the HTTP layer
 * ({@link ChatClient#redact}: the key in any echoed form, bearer tokens, {@code sk-...} keys) before it
 * reaches the cache, the log, a manifest or a shard.
 */
public final class LlmRefiner implements Refiner {
    private static final Logger LOG = LoggerFactory.getLogger(LlmRefiner.class);

    /** Environment variable names. */
    public static final String ENV_ENDPOINT = "LISTKIT_LLM_ENDPOINT";
    public static final String ENV_MODEL = "LISTKIT_LLM_MODEL";
    public static final String ENV_API_KEY = "LISTKIT_LLM_API_KEY";
    private static final int LOGGED_FALLBACKS = 10;

    private final LlmRefinerConfig config;
    private final PromptTemplate template;
    private final HttpClient http;
    private final ExecutorService pool;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();

    /** Builds the refiner; reads the prompt template now so that a bad file fails before the round. */
    public LlmRefiner(LlmRefinerConfig config) throws ConfigException {
        this.config = config;
        this.template = template(config);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // llama.cpp and Ollama speak HTTP/1.1 only
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .build();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.maxConcurrent(), r -> {
            Thread t = new Thread(r, "llm-refiner-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The config's prompt template: its {@code promptFile}, or the built-in one. */
    static PromptTemplate template(LlmRefinerConfig config) throws ConfigException {
        return config.promptFile() == null ? PromptTemplate.builtIn()
                : PromptTemplate.load(java.nio.file.Path.of(config.promptFile()));
    }

    @Override
    public String id() {
        return "llm";
    }

    @Override
    public void refine(List<EngineItem> items, EngineContext ctx) throws ListkitException {
        String endpoint = pick(config.endpoint(), ctx.env().get(ENV_ENDPOINT), "endpoint", ENV_ENDPOINT);
        String model = pick(config.model(), ctx.env().get(ENV_MODEL), "model", ENV_MODEL);
        ChatClient client = new ChatClient(http, endpoint, ctx.env().get(ENV_API_KEY), config, retries);
        ReplyCache cache = new ReplyCache(ctx.cacheDir().resolve("llm"), client::redact);
        List<Future<RefineStep>> futures = new ArrayList<>(items.size());
        for (EngineItem it : items) {
            futures.add(pool.submit(() -> redacted(refineOne(it, model, client, cache), client)));
        }
        try {
            for (int i = 0; i < items.size(); i++) {
                RefineStep step = futures.get(i).get();
                EngineItem it = items.get(i);
                it.steps().add(step);
                it.setCaption(step.after());
                if (step.fallback()) {
                    long f = fallbacks.incrementAndGet();
                    if (f <= LOGGED_FALLBACKS) {
                        LOG.warn("llm: fallback for " + it.id() + ": " + step.note()
                                + (f == LOGGED_FALLBACKS ? " (further fallbacks are only counted)" : ""));
                    }
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new ListkitException("llm refiner interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable c = e.getCause();
            if (c instanceof ListkitException le) {
                throw le;
            }
            throw new ListkitException("llm refiner failed: " + c, c);
        }
    }

    private RefineStep refineOne(EngineItem it, String model, ChatClient client, ReplyCache cache)
            throws ListkitException, InterruptedException {
        String before = it.caption();
        if (before == null || before.isBlank()) {
            return new RefineStep(id(), before, before, "no caption to rewrite", true);
        }
        List<PromptTemplate.Message> messages = template.render(it, config.maxCandidates());
        String key = cacheKey(model, messages);
        String content = cache.get(key);
        boolean hit = content != null;
        if (hit) {
            cacheHits.incrementAndGet();
        } else {
            calls.incrementAndGet();
            try {
                String body = client.post(ChatClient.body(model, messages, config.temperature(), config.maxTokens()));
                content = client.redact(ChatReply.content(body)); // decoding JSON may have joined a split key
            } catch (ChatClient.CallFailed | ChatReply.Rejected e) {
                return new RefineStep(id(), before, before, e.getMessage(), true);
            }
            try {
                cache.put(key, model, content);
            } catch (IOException e) {
                throw new ListkitException("llm refiner: cannot write cache file " + cache.file(key) + ": " + e, e);
            }
        }
        try {
            String after = ChatReply.caption(content, config.maxChars());
            if (after.contains(SecretRedactor.MASK)) { // a caption that quoted a key is not training data
                throw new ChatReply.Rejected("reply quoted a secret (masked), caption kept");
            }
            return new RefineStep(id(), before, after, "model " + model + (hit ? ", cached" : ""), false);
        } catch (ChatReply.Rejected e) {
            return new RefineStep(id(), before, before, e.getMessage() + (hit ? " (cached reply)" : ""), true);
        }
    }

    /**
     * The step with its new caption and note passed through {@link ChatClient#redact}: both reach the
     * manifest, the shards and the log, and both may quote the endpoint's reply.
     */
    private static RefineStep redacted(RefineStep s, ChatClient client) {
        return new RefineStep(s.refiner(), s.before(), client.redact(s.after()), client.redact(s.note()), s.fallback());
    }

    /** SHA-256 of what determines the reply: model, messages, temperature, max tokens (not the endpoint). */
    String cacheKey(String model, List<PromptTemplate.Message> messages) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("model", model);
        k.put("messages", messages);
        k.put("temperature", config.temperature());
        k.put("max_tokens", config.maxTokens());
        return Hashing.sha256(Json.write(k));
    }

    private static String pick(String fromConfig, String fromEnv, String key, String env) throws ConfigException {
        if (fromConfig != null) {
            return fromConfig;
        }
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (key.equals("endpoint") && !(fromEnv.startsWith("http://") || fromEnv.startsWith("https://"))) {
                throw new ConfigException("llm refiner: " + env + " must start with http:// or https://");
            }
            return fromEnv.strip();
        }
        throw new ConfigException("llm refiner: no " + key + ": set key '" + key + "' in the refiner config or the "
                + "environment variable " + env);
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("calls", calls.get());
        m.put("retries", retries.get());
        m.put("cacheHits", cacheHits.get());
        m.put("fallbacks", fallbacks.get());
        return m;
    }

    /** Stops the request pool. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
