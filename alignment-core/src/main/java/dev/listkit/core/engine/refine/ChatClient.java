package dev.listkit.core.engine.refine;

import dev.listkit.core.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One OpenAI-compatible chat-completions endpoint: POST with retries and exponential back-off on HTTP 429,
 * 5xx, timeouts and I/O errors. The API key is sent as a Bearer header and never leaves this class: every
 * string it returns or throws (reply bodies, error notes) has passed {@link #redact} first, which masks the
 * key in any echoed form and bearer-style tokens ({@link SecretRedactor}), and only then is cut short.
 */
final class ChatClient {
    private final HttpClient http;
    private final URI uri;
    private final String apiKey;
    private final SecretRedactor redactor;
    private final LlmRefinerConfig config;
    private final AtomicLong retries;

    /** A call that failed for good; the message is the fallback note (key-free). */
    static final class CallFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CallFailed(String message) {
            super(message);
        }
    }

    ChatClient(HttpClient http, String endpoint, String apiKey, LlmRefinerConfig config, AtomicLong retries) {
        this.http = http;
        this.uri = URI.create(completionsUrl(endpoint));
        this.apiKey = apiKey;
        this.redactor = new SecretRedactor(apiKey);
        this.config = config;
        this.retries = retries;
    }

    /** {@code endpoint/v1/chat/completions}, or {@code endpoint/chat/completions} when it ends in {@code /v1}. */
    static String completionsUrl(String endpoint) {
        String e = endpoint.strip();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e.endsWith("/v1") ? e + "/chat/completions" : e + "/v1/chat/completions";
    }

    /** The request body. */
    static String body(String model, List<PromptTemplate.Message> messages, double temperature, int maxTokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", messages);
        body.put("temperature", temperature);
        body.put("max_tokens", maxTokens);
        body.put("stream", false);
        return Json.write(body);
    }

    /** Sends {@code body}; returns the response body of the first 2xx reply, {@link #redact redacted}. */
    String post(String body) throws CallFailed, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(config.timeoutMs()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (apiKey != null && !apiKey.isEmpty()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest request = b.build();
        String lastError = null;
        int attempts = config.maxRetries() + 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            long retryAfterMs = -1;
            if (attempt > 0) {
                retries.incrementAndGet();
            }
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = r.statusCode();
                if (status >= 200 && status < 300) {
                    return redact(r.body());
                }
                // Redact, then cut: a cut first would split the key and hide it from the redactor.
                lastError = "HTTP " + status + ": " + ChatReply.shorten(redact(r.body()));
                if (status != 429 && status < 500) {
                    throw new CallFailed(lastError); // a client error does not get better by retrying
                }
                retryAfterMs = r.headers().firstValue("Retry-After").map(ChatClient::seconds).orElse(-1L);
            } catch (HttpTimeoutException e) {
                lastError = "timeout after " + config.timeoutMs() + " ms";
            } catch (IOException e) {
                lastError = "I/O error: " + ChatReply.shorten(redact(String.valueOf(e.getMessage())))
                        + " (" + e.getClass().getSimpleName() + ")";
            }
            if (attempt + 1 < attempts) {
                Thread.sleep(backoffMs(attempt, retryAfterMs));
            }
        }
        throw new CallFailed(lastError + (attempts > 1 ? " (" + attempts + " attempts)" : ""));
    }

    private long backoffMs(int attempt, long retryAfterMs) {
        long exp = Math.min(config.maxBackoffMs(), (long) config.backoffMs() << Math.min(attempt, 20));
        long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        return Math.min(config.maxBackoffMs(), Math.max(jittered, retryAfterMs));
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.strip()) * 1000;
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: use the exponential back-off
        }
    }

    /**
     * Text from or about the endpoint with the API key (plain, JSON-escaped, URL-encoded, or any
     * {@value SecretRedactor#MIN_RUN}-character piece of it) and bearer-style tokens masked.
     */
    String redact(String text) {
        return redactor.redact(text);
    }
}
