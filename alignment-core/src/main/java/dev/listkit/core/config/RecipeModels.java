package dev.listkit.core.config;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.tower.LockedTowers;
import dev.listkit.core.util.Json;

/**
 * What a recipe builds: its modality (through the plugin registry) and its CoCa model. The one place
 * for both, shared by training, inference and the data engine.
 *
 * <pre>{@code
 * Modality modality = RecipeModels.modality(recipe);
 * try (NDManager m = NDManager.newBaseManager()) {
 *     CocaModel model = RecipeModels.buildModel(recipe, modality, vocab, m, modality.sampleShape());
 * }
 * }</pre>
 */
public final class RecipeModels {
    private RecipeModels() {
    }

    /**
     * The recipe's modality (how media files become features), from the installed plugins. When the
     * recipe's encoder is frozen (e.g. {@code "type": "onnx"}), the samples are the tower's cached outputs
     * ({@link LockedTowers}): the returned modality then owns the tower; release it with
     * {@link LockedTowers#close(Modality)}.
     *
     * @throws ConfigException an unknown modality, or a frozen encoder that cannot be opened (missing models
     *     root or file, not ONNX, wrong input, missing output, wrong label count; each named)
     */
    public static Modality modality(Recipe recipe) throws ConfigException {
        JsonNode config = recipe.modality().config() == null ? Json.object() : recipe.modality().config();
        return LockedTowers.wrap(ModalityRegistry.create(recipe.modality().id(), config), recipe.model().encoder());
    }

    /**
     * Builds and initialises the recipe's model; parameters live in {@code manager} (owned by the caller).
     * The engine's random seed is set to the recipe's training seed first, so the initial weights are a
     * function of the recipe.
     *
     * @param sampleShape one sample's shape without the batch axis; its last axis is cropped to the
     *                    recipe's {@code trainCropLastAxis} for the initialisation probe
     */
    public static CocaModel buildModel(Recipe recipe, Modality modality, CaptionVocabulary vocab, NDManager manager,
            long[] sampleShape) throws ListkitException {
        Block encoder = modality.encoder(recipe.model().encoder());
        int encoderDim = modality.encoderDim(recipe.model().encoder());
        CocaModel model = new CocaModel(encoder, encoderDim, MiniLmResources.DIM, recipe.model(), vocab,
                recipe.loss().sigmoid());
        long[] probe = new long[sampleShape.length + 1];
        probe[0] = 1;
        System.arraycopy(sampleShape, 0, probe, 1, sampleShape.length);
        int crop = recipe.data().trainCropLastAxis();
        if (crop > 0 && probe[probe.length - 1] > crop) {
            probe[probe.length - 1] = crop;
        }
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) recipe.train().seed());
        model.initialize(manager, DataType.FLOAT32, new Shape(probe), new Shape(1, MiniLmResources.DIM),
                new Shape(1, recipe.model().decoder().maxLength() - 1));
        return model;
    }
}
