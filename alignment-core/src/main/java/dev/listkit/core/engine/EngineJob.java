package dev.listkit.core.engine;

import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.inference.ort.OrtOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * One round of the data engine over a pool manifest, as {@code listkit engine} describes it to an
 * {@link EngineRunner}. Plain strings and numbers so that distributed runners can ship it to their tasks
 * (Java serialization); paths are resolved where the job runs.
 *
 * @param pool            the pool manifest ({@code pool.jsonl}, one {@link PoolEntry} per line)
 * @param model           a training run or an exported model directory
 * @param runtime         {@code auto}, {@code djl} or {@code onnx}
 * @param ortThreads      ONNX Runtime intra-op threads per model (0 = ONNX Runtime's default)
 * @param ortOptimization ONNX Runtime graph optimisation level
 * @param ortCuda         try the CUDA execution provider
 * @param recipeJson      the recipe (overrides applied): modality for preprocessing, {@code selfTraining.engine}
 * @param seed            experiment seed
 * @param round           round number (1-based)
 * @param outDir          round directory: {@code shards/}, {@code manifest.jsonl}, {@code summary.json}
 * @param dataRoot        base of relative media paths in the pool
 * @param cacheDir        feature, text-embedding and engine caches
 * @param master          the runner's cluster address (Spark master), null for the runner's default
 * @param progress        show progress bars where the runner can
 * @param workers         shards the local runner processes at once (threads sharing the open model; 1 = one
 *                        after the other); distributed runners have their own task slots and ignore it
 * @param scorer          a separate model that reranks and scores the captions (a training run or exported
 *                        model directory on the same modality features), or null: the captioning model scores
 */
public record EngineJob(String pool, String model, String runtime, int ortThreads, String ortOptimization,
                        boolean ortCuda, String recipeJson, long seed, int round, String outDir, String dataRoot,
                        String cacheDir, String master, boolean progress, int workers, String scorer)
        implements Serializable {
    private static final long serialVersionUID = 3L;

    /** A job of one worker whose captioning model also scores. */
    public EngineJob(String pool, String model, String runtime, int ortThreads, String ortOptimization,
            boolean ortCuda, String recipeJson, long seed, int round, String outDir, String dataRoot, String cacheDir,
            String master, boolean progress) {
        this(pool, model, runtime, ortThreads, ortOptimization, ortCuda, recipeJson, seed, round, outDir, dataRoot,
                cacheDir, master, progress, 1, null);
    }

    public EngineJob {
        if (round < 1) {
            throw new IllegalArgumentException("round must be >= 1, got " + round);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }

    /** The round's seed, with the self-training loop's convention ({@code seed * 7919 + round}). */
    public long roundSeed() {
        return roundSeed(seed, round);
    }

    /** The seed of round {@code round} of experiment seed {@code seed}: {@code seed * 7919 + round}. */
    public static long roundSeed(long seed, int round) {
        return seed * 7919 + round;
    }

    /** The recipe, bound again from its JSON (on whichever machine runs this). */
    public Recipe recipe() throws ConfigException {
        return Recipe.parse(recipeJson, "engine job recipe", List.of());
    }

    /** The same job with its model at {@code dir} (where a task finds the shipped model files). */
    public EngineJob withModel(String dir) {
        return new EngineJob(pool, dir, runtime, ortThreads, ortOptimization, ortCuda, recipeJson, seed, round, outDir,
                dataRoot, cacheDir, master, progress, workers, scorer);
    }

    /** The same job with a separate scorer at {@code dir} (null: the captioning model scores). */
    public EngineJob withScorer(String dir) {
        return new EngineJob(pool, model, runtime, ortThreads, ortOptimization, ortCuda, recipeJson, seed, round,
                outDir, dataRoot, cacheDir, master, progress, workers, dir);
    }

    public OrtOptions ort() throws ConfigException {
        return new OrtOptions(ortThreads, ortOptimization, ortCuda).validate();
    }

    public Path poolPath() {
        return Path.of(pool);
    }

    public Path modelPath() {
        return Path.of(model);
    }

    public Path outPath() {
        return Path.of(outDir);
    }

    public Path dataRootPath() {
        return Path.of(dataRoot);
    }

    public Path cachePath() {
        return Path.of(cacheDir);
    }
}
