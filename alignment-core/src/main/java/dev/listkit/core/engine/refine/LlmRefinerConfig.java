package dev.listkit.core.engine.refine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.PluginConfig;
import dev.listkit.core.util.Json;

/**
 * Settings of the {@code llm} refiner. Only what the recipe may hold is here: the API key comes from the
 * environment ({@code LISTKIT_LLM_API_KEY}) and never from a recipe, so it cannot end up in a run directory.
 *
 * <pre>{@code {"type": "llm", "endpoint": "http://127.0.0.1:8080", "model": "qwen2.5-1.5b-instruct",
 *  "promptFile": "prompts/rewrite.txt", "maxConcurrent": 4, "timeoutMs": 60000, "maxRetries": 3}}</pre>
 *
 * @param endpoint         server base URL; requests go to {@code {endpoint}/v1/chat/completions} (an endpoint that
 *                         already ends in {@code /v1} gets {@code /chat/completions}); default: environment
 *                         {@code LISTKIT_LLM_ENDPOINT}
 * @param model            model name sent to the server; default: environment {@code LISTKIT_LLM_MODEL}
 * @param promptFile       prompt template file ({@link PromptTemplate}); default: the built-in {@code llm-rewrite.txt}
 * @param temperature      sampling temperature (default 0: the same prompt gives the same caption)
 * @param maxTokens        {@code max_tokens} of the request (default 96)
 * @param timeoutMs        per-request timeout (default 60000)
 * @param connectTimeoutMs TCP connect timeout (default 10000)
 * @param maxRetries       retries after the first attempt on HTTP 429, 5xx, timeouts and I/O errors (default 3)
 * @param backoffMs        first back-off; doubles per retry, jittered to 50–100 % (default 500)
 * @param maxBackoffMs     back-off ceiling, also for {@code Retry-After} (default 10000)
 * @param maxConcurrent    requests in flight at most, over all batches of this refiner (default 4)
 * @param maxChars         longer replies are rejected (fallback) (default 300)
 * @param maxCandidates    at most this many candidates go into the prompt (default 5)
 */
public record LlmRefinerConfig(String endpoint, String model, String promptFile, Double temperature,
                               Integer maxTokens, Integer timeoutMs, Integer connectTimeoutMs, Integer maxRetries,
                               Integer backoffMs, Integer maxBackoffMs, Integer maxConcurrent, Integer maxChars,
                               Integer maxCandidates) {
    static final String WHAT = "llm refiner config";

    public LlmRefinerConfig {
        temperature = temperature == null ? 0.0 : temperature;
        maxTokens = maxTokens == null ? 96 : maxTokens;
        timeoutMs = timeoutMs == null ? 60_000 : timeoutMs;
        connectTimeoutMs = connectTimeoutMs == null ? 10_000 : connectTimeoutMs;
        maxRetries = maxRetries == null ? 3 : maxRetries;
        backoffMs = backoffMs == null ? 500 : backoffMs;
        maxBackoffMs = maxBackoffMs == null ? 10_000 : maxBackoffMs;
        maxConcurrent = maxConcurrent == null ? 4 : maxConcurrent;
        maxChars = maxChars == null ? 300 : maxChars;
        maxCandidates = maxCandidates == null ? 5 : maxCandidates;
    }

    /** Binds and checks ranges; the message names the key. */
    public static LlmRefinerConfig from(JsonNode node) throws ConfigException {
        LlmRefinerConfig c = Json.bind(PluginConfig.orEmpty(node), LlmRefinerConfig.class, WHAT);
        require(c.endpoint == null || c.endpoint.startsWith("http://") || c.endpoint.startsWith("https://"),
                "endpoint must start with http:// or https://, got '" + c.endpoint + "'");
        require(c.model == null || !c.model.isBlank(), "model must not be blank");
        require(c.temperature >= 0 && c.temperature <= 2, "temperature must be in [0, 2], got " + c.temperature);
        positive("maxTokens", c.maxTokens);
        positive("timeoutMs", c.timeoutMs);
        positive("connectTimeoutMs", c.connectTimeoutMs);
        positive("backoffMs", c.backoffMs);
        positive("maxBackoffMs", c.maxBackoffMs);
        positive("maxConcurrent", c.maxConcurrent);
        positive("maxChars", c.maxChars);
        positive("maxCandidates", c.maxCandidates);
        require(c.maxRetries >= 0, "maxRetries must be >= 0, got " + c.maxRetries);
        return c;
    }

    private static void positive(String key, int value) throws ConfigException {
        require(value >= 1, key + " must be >= 1, got " + value);
    }

    private static void require(boolean ok, String message) throws ConfigException {
        if (!ok) {
            throw new ConfigException(WHAT + ": " + message);
        }
    }
}
