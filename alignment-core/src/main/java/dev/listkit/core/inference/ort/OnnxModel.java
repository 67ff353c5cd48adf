package dev.listkit.core.inference.ort;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.RecipeModels;
import dev.listkit.core.model.CocaConfig;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.inference.EmbeddedCaptions;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TextEmbeddingCache;
import dev.listkit.core.tower.LockedTowerModality;
import dev.listkit.core.tower.LockedTowers;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * An exported model directory opened on ONNX Runtime: {@code model.json}, the recipe and vocabulary, the
 * modality plugin (for preprocessing), and an {@link OnnxInference}. Owns the sessions, the MiniLM tower
 * (frozen-feature models only) and the tokenizer; close it.
 *
 * <pre>{@code
 * try (OnnxModel m = OnnxModel.open(Path.of("model-dir"), Path.of("cache"), OrtOptions.defaults())) {
 *     float[][] e = m.embed(List.of("a dog barks"));
 * }
 * }</pre>
 */
public final class OnnxModel implements InferenceModel {
    private final Path dir;
    private final Recipe recipe;
    private final Modality modality;
    private final OnnxModelManifest manifest;
    private final FrozenMiniLmTower text;
    private final CaptionTokenizer tokenizer;
    private final OnnxInference inference;

    private OnnxModel(Path dir, Recipe recipe, Modality modality, OnnxModelManifest manifest, FrozenMiniLmTower text,
            CaptionTokenizer tokenizer, OnnxInference inference) {
        this.dir = dir;
        this.recipe = recipe;
        this.modality = modality;
        this.manifest = manifest;
        this.text = text;
        this.tokenizer = tokenizer;
        this.inference = inference;
    }

    /** True when {@code dir} holds a {@code model.json} (an exported model directory). */
    public static boolean isModelDir(Path dir) {
        return Files.isRegularFile(dir.resolve(OnnxModelManifest.FILE));
    }

    /**
     * Opens {@code dir}.
     *
     * @param cacheDir where the text-embedding cache lives (frozen-feature models)
     * @throws ConfigException a missing or unreadable file, a graph that is not ONNX or does not match
     *     {@code model.json}, a modality whose sample shape differs from the exported one (each named)
     */
    public static OnnxModel open(Path dir, Path cacheDir, OrtOptions options) throws ListkitException {
        OnnxModelManifest manifest = OnnxModelManifest.read(dir);
        Path recipeFile = dir.resolve("recipe.json");
        Path vocabFile = dir.resolve("vocabulary.json");
        for (Path f : List.of(recipeFile, vocabFile)) {
            if (!Files.isRegularFile(f)) {
                throw new ConfigException(f + ": missing; 'listkit export' writes it next to " + OnnxModelManifest.FILE);
            }
        }
        Recipe recipe = Recipe.load(recipeFile, List.of());
        CaptionVocabulary vocab;
        try {
            vocab = Json.MAPPER.readValue(vocabFile.toFile(), CaptionVocabulary.class);
        } catch (IOException e) {
            throw new ConfigException(vocabFile + ": not a caption vocabulary: " + e.getMessage(), e);
        }
        if (vocab.size() != manifest.decoder().vocabSize()) {
            throw new ConfigException(vocabFile + ": " + vocab.size() + " tokens, but model.json's decoder expects "
                    + manifest.decoder().vocabSize());
        }
        Modality modality = modality(dir, manifest, recipe);
        long[] exported = manifest.sampleShape().stream().mapToLong(Long::longValue).toArray();
        if (!Arrays.equals(exported, modality.sampleShape())) {
            LockedTowers.close(modality);
            throw new ConfigException(dir.resolve(OnnxModelManifest.FILE) + ": exported for sample shape "
                    + Arrays.toString(exported) + ", but the recipe's modality now gives "
                    + Arrays.toString(modality.sampleShape()));
        }
        FrozenMiniLmTower text = null;
        CaptionTokenizer tokenizer = null;
        try {
            tokenizer = CaptionTokenizer.miniLm(Math.max(recipe.model().decoder().maxLength(), 64));
            if (manifest.textInput().equals("features")) {
                text = FrozenMiniLmTower.builder().optBatchSize(64)
                        .optThreads(options.threads() > 0 ? options.threads()
                                : Runtime.getRuntime().availableProcessors())
                        .optCache(TextEmbeddingCache.open(cacheDir.resolve("text").resolve("minilm.lkte"),
                                MiniLmResources.DIM)).build();
            }
            OnnxInference inference = new OnnxInference(dir, manifest, options, text, tokenizer, vocab);
            return new OnnxModel(dir, recipe, modality, manifest, text, tokenizer, inference);
        } catch (ListkitException | RuntimeException e) {
            if (text != null) {
                text.close();
            }
            if (tokenizer != null) {
                tokenizer.close();
            }
            LockedTowers.close(modality);
            throw e;
        }
    }

    /**
     * The recipe's modality; for a model trained on a frozen tower's outputs, that tower is the copy in the
     * model directory (not the models root), and its hash must be the one {@code model.json} recorded.
     */
    private static Modality modality(Path dir, OnnxModelManifest manifest, Recipe recipe) throws ConfigException {
        if (manifest.tower() == null) {
            return RecipeModels.modality(recipe);
        }
        ObjectNode spec = manifest.tower().spec().deepCopy();
        for (String key : List.of("model", "labels")) {
            if (spec.hasNonNull(key)) {
                spec.put(key, dir.resolve(spec.get(key).asText()).toAbsolutePath().normalize().toString());
            }
        }
        CocaConfig m = recipe.model();
        Recipe local = new Recipe(recipe.name(), recipe.description(), recipe.modality(), recipe.data(),
                new CocaConfig(m.embedDim(), spec, m.decoder(), m.text()), recipe.loss(), recipe.train(), recipe.eval(),
                recipe.selfTraining());
        Modality modality = RecipeModels.modality(local);
        String found = modality instanceof LockedTowerModality l ? l.tower().hash() : "no frozen tower";
        if (!found.equals(manifest.tower().sha256())) {
            LockedTowers.close(modality);
            throw new ConfigException(dir.resolve(spec.get("model").asText()) + ": the tower differs from the exported "
                    + "one (its files or settings changed): expected hash " + manifest.tower().sha256()
                    + " (model.json), found " + found);
        }
        return modality;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public Recipe recipe() {
        return recipe;
    }

    @Override
    public Modality modality() {
        return modality;
    }

    @Override
    public float[][] embedModality(List<FloatTensor> items, int batchSize) throws ListkitException {
        return inference.embedModality(items, batchSize);
    }

    @Override
    public float[][] embed(List<String> texts) throws ListkitException {
        return inference.embed(texts);
    }

    @Override
    public List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException {
        return inference.captions(items, batchSize, strategy);
    }

    @Override
    public EmbeddedCaptions embedAndCaption(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException {
        return inference.embedAndCaption(items, batchSize, strategy);
    }

    /** The execution provider the sessions run on: "CUDA" or "CPU". */
    public String provider() {
        return inference.provider();
    }

    @Override
    public String runtime() {
        return "onnx";
    }

    /** The model's {@code model.json}. */
    public OnnxModelManifest manifest() {
        return manifest;
    }

    @Override
    public void close() throws ListkitException {
        try {
            inference.close();
        } finally {
            try {
                if (text != null) {
                    text.cache().ifPresent(c -> {
                        try {
                            c.flush();
                        } catch (ListkitException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    text.close();
                }
            } finally {
                tokenizer.close();
                LockedTowers.close(modality);
            }
        }
    }
}
