package dev.listkit.core.recipe;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
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
 * A trained run opened for inference: its recipe, modality, vocabulary and the weights of its latest
 * checkpoint. Owns the parameter manager, the text tower and the tokenizer; close it.
 *
 * <pre>{@code
 * try (CocaRun run = CocaRun.open(Path.of("runs/audio-paired-baseline"), Path.of("cache"))) {
 *     float[][] e = run.inference().embed(List.of("a dog barks"));
 * }
 * }</pre>
 */
public final class CocaRun implements InferenceModel {
    private final Path runDir;
    private final Recipe recipe;
    private final Modality modality;
    private final NDManager manager;
    private final FrozenMiniLmTower text;
    private final CaptionTokenizer tokenizer;
    private final CocaInference inference;
    private final CocaModel model;
    private final CaptionVocabulary vocabulary;
    private final long step;

    private CocaRun(Path runDir, Recipe recipe, Modality modality, NDManager manager, FrozenMiniLmTower text,
            CaptionTokenizer tokenizer, CocaModel model, CaptionVocabulary vocabulary, long step) {
        this.runDir = runDir;
        this.recipe = recipe;
        this.modality = modality;
        this.manager = manager;
        this.text = text;
        this.tokenizer = tokenizer;
        this.model = model;
        this.vocabulary = vocabulary;
        this.inference = new CocaInference(model, text, tokenizer, vocabulary, manager);
        this.step = step;
    }

    /**
     * Opens {@code runDir} (written by {@link PairedTrainingJob}).
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
        JsonNode mc = recipe.modality().config() == null ? Json.object() : recipe.modality().config();
        Modality modality = LockedTowers.wrap(ModalityRegistry.create(recipe.modality().id(), mc),
                recipe.model().encoder());
        NDManager manager = NDManager.newBaseManager();
        FrozenMiniLmTower text = null;
        CaptionTokenizer tokenizer = null;
        try {
            CocaModel model = PairedTrainingJob.buildModel(recipe, modality, vocab, manager, modality.sampleShape());
            long step = CheckpointWeights.loadInto(model, CheckpointWeights.latest(runDir));
            tokenizer = CaptionTokenizer.miniLm(Math.max(recipe.model().decoder().maxLength(), 64));
            text = FrozenMiniLmTower.builder().optBatchSize(1)
                    .optCache(TextEmbeddingCache.open(cacheDir.resolve("text").resolve("minilm.lkte"),
                            MiniLmResources.DIM)).build();
            return new CocaRun(runDir, recipe, modality, manager, text, tokenizer, model, vocab, step);
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

    /** Inference on the loaded weights. */
    @Override
    public CocaInference inference() {
        return inference;
    }

    /** The trained model (parameters owned by this run). */
    public CocaModel model() {
        return model;
    }

    /** The caption vocabulary. */
    public CaptionVocabulary vocabulary() {
        return vocabulary;
    }

    /** The training step of the loaded checkpoint. */
    public long step() {
        return step;
    }

    @Override
    public void close() throws ListkitException {
        try {
            text.cache().ifPresent(c -> {
                try {
                    c.flush();
                } catch (ListkitException e) {
                    throw new IllegalStateException(e);
                }
            });
            text.close();
        } finally {
            tokenizer.close();
            manager.close();
            LockedTowers.close(modality);
        }
    }
}
