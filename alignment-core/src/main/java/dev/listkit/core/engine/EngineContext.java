package dev.listkit.core.engine;

import dev.listkit.core.inference.InferenceModel;
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
 * @param scorer   the model that reranks and scores (sample and caption embeddings for rerank, alignment and
 *                 the refiners); null: {@code model} itself. A frozen scorer (e.g. the paired-only model of
 *                 the same seed) does not share the captioner's mistakes, as BLIP's CapFilt found.
 */
public record EngineContext(InferenceModel model, Path cacheDir, Map<String, String> env, long seed, int round,
                            InferenceModel scorer) {
    public EngineContext {
        env = Map.copyOf(env);
        scorer = scorer == null ? model : scorer;
    }

    /** A context whose model also scores. */
    public EngineContext(InferenceModel model, Path cacheDir, Map<String, String> env, long seed, int round) {
        this(model, cacheDir, env, seed, round, null);
    }

    /**
     * Caption words that name the medium rather than a concept ({@code Modality.captionStopWords()} of the
     * model's modality, e.g. "sound", "recording"); empty without a model.
     */
    public java.util.Set<String> mediumWords() {
        return model == null ? java.util.Set.of() : model.modality().captionStopWords();
    }

    /** Names the environment variables but shows none of their values (they may hold keys). */
    @Override
    public String toString() {
        return "EngineContext[model=" + model + (scorer != model ? ", scorer=" + scorer : "") + ", cacheDir=" + cacheDir + ", env=" + new java.util.TreeSet<>(env.keySet())
                + " (values hidden), seed=" + seed + ", round=" + round + "]";
    }
}
