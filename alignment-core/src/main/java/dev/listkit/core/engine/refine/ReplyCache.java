package dev.listkit.core.engine.refine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * On-disk cache of LLM replies: one JSON file per request under {@code dir/<2 hex>/<sha256>.json}, keyed by
 * the SHA-256 of the request without the endpoint (model, messages, temperature, max tokens), written
 * atomically. A rerun of the same round, or the same caption in a later round, makes no call. The file holds
 * the model name and the reply text, never a key or a header: the text is redacted when it is written and
 * again when it is read (a file written before a key was known to leak still cannot bring it back).
 */
final class ReplyCache {
    private final Path dir;
    private final java.util.function.UnaryOperator<String> redact;

    /** @param redact masks secrets in reply text ({@link ChatClient#redact}) */
    ReplyCache(Path dir, java.util.function.UnaryOperator<String> redact) {
        this.dir = dir;
        this.redact = redact;
    }

    Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    /** The cached reply text, or null (missing or unreadable files count as misses and are rewritten). */
    String get(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8));
            JsonNode c = n == null ? null : n.get("content");
            return c != null && c.isTextual() ? redact.apply(c.asText()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    void put(String key, String model, String content) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model", model);
        entry.put("content", redact.apply(content));
        AtomicFiles.writeString(file(key), Json.write(entry) + "\n");
    }
}
