package dev.listkit.core.inference;

import ai.djl.ndarray.NDManager;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.RecipeModels;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.tower.LockedTowers;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TextEmbeddingCache;
import dev.listkit.core.train.CheckpointWeights;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A DJL training run loaded for inference: its recipe, modality, vocabulary and the weights of its latest
 * checkpoint ({@link #open}), or the model of a run that is still training ({@link #training}). An opened
 * run owns the parameter manager, the text tower and the tokenizer; a training view borrows them. Close it.
 *
 * <pre>{@code
 * try (CocaRun run = CocaRun.open(Path.of("runs/audio-paired-baseline"), Path.of("cache"))) {
 *     float[][] e = run.embed(List.of("a dog barks"));
 * }
 * }</pre>
 */
public final class CocaRun implements InferenceModel {
    private final Path runDir;
    private final Recipe recipe;
    private final Modality modality;
    private final CocaInference inference;
    private final CocaModel model;
    private final CaptionVocabulary vocabulary;
    private final long step;
    private final AutoCloseable[] owned; // closed in order by close(); empty for a training view

    private CocaRun(Path runDir, Recipe recipe, Modality modality, CocaInference inference, CocaModel model,
            CaptionVocabulary vocabulary, long step, AutoCloseable... owned) {
        this.runDir = runDir;
        this.recipe = recipe;
        this.modality = modality;
        this.inference = inference;
        this.model = model;
        this.vocabulary = vocabulary;
        this.step = step;
        this.owned = owned;
    }

    /**
     * Opens {@code runDir} (written by the training application).
     *
     * @param cacheDir where the text-embedding cache lives (may be shared with training)
     * @throws ListkitException a missing file or a checkpoint that does not fit the recipe (named)
     */
    public static CocaRun open(Path runDir, Path cacheDir) throws ListkitException {
        Path recipeFile = runDir.resolve("recipe.json");
        Path vocabFile = runDir.resolve("vocabulary.json");
        for (Path f : List.of(recipeFile, vocabFile)) {
            if (!Files.isRegularFile(f)) {
                throw new ConfigException(f + ": missing; is " + runDir + " a listkit training run?");
            }
        }
        Recipe recipe = Recipe.load(recipeFile, List.of());
        CaptionVocabulary vocab;
        try {
            vocab = Json.MAPPER.readValue(vocabFile.toFile(), CaptionVocabulary.class);
        } catch (IOException e) {
            throw new ConfigException(vocabFile + ": not a caption vocabulary: " + e.getMessage(), e);
        }
        Modality modality = RecipeModels.modality(recipe);
        NDManager manager = NDManager.newBaseManager();
        FrozenMiniLmTower text = null;
        CaptionTokenizer tokenizer = null;
        try {
            CocaModel model = RecipeModels.buildModel(recipe, modality, vocab, manager, modality.sampleShape());
            long step = CheckpointWeights.loadInto(model, CheckpointWeights.latest(runDir));
            tokenizer = CaptionTokenizer.miniLm(Math.max(recipe.model().decoder().maxLength(), 64));
            text = FrozenMiniLmTower.builder().optBatchSize(64)
                    .optCache(TextEmbeddingCache.open(cacheDir.resolve("text").resolve("minilm.lkte"),
                            MiniLmResources.DIM)).build();
            FrozenMiniLmTower tower = text;
            AutoCloseable flushAndClose = () -> {
                try {
                    if (tower.cache().isPresent()) {
                        tower.cache().get().flush();
                    }
                } finally {
                    tower.close();
                }
            };
            return new CocaRun(runDir, recipe, modality, new CocaInference(model, text, tokenizer, vocab, manager),
                    model, vocab, step, flushAndClose, tokenizer, manager, () -> LockedTowers.close(modality));
        } catch (ListkitException | RuntimeException e) {
            if (text != null) {
                text.close();
            }
            if (tokenizer != null) {
                tokenizer.close();
            }
            manager.close();
            LockedTowers.close(modality);
            throw e;
        }
    }

    /**
     * The model of a run that is still training, for evaluation and captioning between training phases.
     * It borrows everything: closing it closes nothing (the training job owns the model, the text tower,
     * the tokenizer and the manager behind {@code inference}).
     *
     * @param runDir the run's directory
     */
    public static CocaRun training(Path runDir, Recipe recipe, Modality modality, CocaInference inference) {
        return new CocaRun(runDir, recipe, modality, inference, inference.model(), inference.vocabulary(), -1);
    }

    /** The run directory. */
    public Path runDir() {
        return runDir;
    }

    @Override
    public Path directory() {
        return runDir;
    }

    @Override
    public String runtime() {
        return "djl";
    }

    /** The recipe the run was trained with. */
    @Override
    public Recipe recipe() {
        return recipe;
    }

    /** The configured modality. */
    @Override
    public Modality modality() {
        return modality;
    }

    @Override
    public float[][] embedModality(List<FloatTensor> items, int batchSize) {
        return inference.embedModality(items, batchSize);
    }

    @Override
    public float[][] embed(List<String> texts) throws ListkitException {
        return inference.embed(texts);
    }

    @Override
    public List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy) {
        return inference.captions(items, batchSize, strategy);
    }

    @Override
    public EmbeddedCaptions embedAndCaption(List<FloatTensor> items, int batchSize, CaptionStrategy strategy) {
        return inference.embedAndCaption(items, batchSize, strategy);
    }

    /** The trained model (parameters owned by this run, or by the training job for a training view). */
    public CocaModel model() {
        return model;
    }

    /** The caption vocabulary. */
    public CaptionVocabulary vocabulary() {
        return vocabulary;
    }

    /** The training step of the loaded checkpoint; -1 for a training view (its weights change as it trains). */
    public long step() {
        return step;
    }

    @Override
    public void close() throws ListkitException {
        ListkitException first = null;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (ListkitException e) {
                first = first == null ? e : first;
            } catch (Exception e) {
                first = first == null ? new ListkitException(runDir + ": closing: " + e.getMessage(), e) : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
