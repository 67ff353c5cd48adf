package dev.listkit.core.engine;

import dev.listkit.core.inference.InferenceModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What refiners and filters may use.
 *
 * @param model    the current alignment model (embeddings of samples and texts, captions)
 * @param cacheDir a directory for on-disk caches shared between rounds and runs (e.g. LLM responses)
 * @param env      environment variables (endpoints, keys); tests pass their own map
 * @param seed     the round's seed: every random choice derives from it
 * @param round    round number (1-based)
 * @param log      progress and warning lines
 */
public record EngineContext(InferenceModel model, Path cacheDir, Map<String, String> env, long seed, int round,
                            PrintStream log) {
    public EngineContext {
        env = Map.copyOf(env);
    }

    /** Names the environment variables but shows none of their values (they may hold keys). */
    @Override
    public String toString() {
        return "EngineContext[model=" + model + ", cacheDir=" + cacheDir + ", env=" + new java.util.TreeSet<>(env.keySet())
                + " (values hidden), seed=" + seed + ", round=" + round + "]";
    }
}
