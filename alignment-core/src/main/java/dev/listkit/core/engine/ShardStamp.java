package dev.listkit.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What produced a shard of a data-engine round, written as the first line of its file
 * ({@code {"shard":{...}}}): the hash of the engine configuration (the recipe's {@code selfTraining.engine}
 * without its runner, the modality section that preprocesses the pool, the round and its seed), the
 * fingerprint of the model that captioned it, and the hash of the shard's pool membership (its sample ids in
 * order). A finished shard is reused only when all three match the current job; otherwise it is recomputed.
 *
 * @param engineSha256 the engine configuration's hash, null for an engine built without a job
 * @param modelSha256  the model's fingerprint, null for an engine built without a job
 */
public record ShardStamp(String engineSha256, String modelSha256) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The stamp of an engine used without a job (tests, library use): reuses only shards of the same kind. */
    public static final ShardStamp NONE = new ShardStamp(null, null);

    /** The header line of shard {@code index} holding {@code ids}. */
    String header(int index, List<String> ids) {
        ObjectNode shard = Json.object();
        shard.put("index", index);
        shard.put("engineSha256", engineSha256);
        shard.put("modelSha256", modelSha256);
        shard.put("poolSha256", poolSha256(ids));
        shard.put("samples", ids.size());
        ObjectNode line = Json.object();
        line.set("shard", shard);
        return Json.write(line);
    }

    /** Whether {@code line} is a shard header (not a manifest record). */
    static boolean isHeader(JsonNode line) {
        return line.has("shard") && !line.has("id");
    }

    /**
     * Why a shard whose header is {@code header} (null when the file has none) cannot be reused for
     * {@code ids} by this stamp's job, or null when it can.
     */
    String mismatch(JsonNode header, List<String> ids) {
        if (header == null) {
            return "written without a stamp (before shards recorded their engine, model and pool)";
        }
        JsonNode h = header.get("shard");
        String engine = text(h, "engineSha256");
        String model = text(h, "modelSha256");
        if (!Objects.equals(engine, engineSha256)) {
            return "written by another engine configuration (engine " + shortHash(engine) + ", now "
                    + shortHash(engineSha256) + ")";
        }
        if (!Objects.equals(model, modelSha256)) {
            return "written with another model (model " + shortHash(model) + ", now " + shortHash(modelSha256) + ")";
        }
        if (!poolSha256(ids).equals(text(h, "poolSha256"))) {
            return "written for other pool samples";
        }
        return null;
    }

    static String poolSha256(List<String> ids) {
        return Hashing.sha256(String.join("\n", ids));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n == null ? null : n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String shortHash(String h) {
        return h == null ? "none" : h.substring(0, Math.min(12, h.length()));
    }
}
