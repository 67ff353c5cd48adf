package dev.listkit.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.eval.PromptTemplates;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import java.util.List;

/**
 * The checks of a recipe that need the installed plugins, run when a recipe is loaded and before any work:
 * {@link Recipe#parse} checks the recipe's own keys, types, ranges and the constraints between its
 * sections; this checks what only a plugin knows: the modality's config and its encoder spec
 * ({@code model.encoder}), the dataset ids, the zero-shot template set names, the engine runner, and every
 * refiner and filter entry of the data engine through {@link RefinerProvider#validate} and
 * {@link FilterProvider#validate}. Every error is a {@link ConfigException} that starts with the recipe's
 * source and the key, e.g. {@code recipe x.json: selfTraining.engine.refiners[0] (llm): llm refiner config:
 * unknown key 'modle'; accepted: [...]}.
 *
 * <pre>{@code
 * Recipe r = RecipeChecks.check(Recipe.load(file, overrides), file.toString());
 * }</pre>
 *
 * <p>It sits in the engine layer because it is the lowest layer that sees every plugin registry (modality,
 * dataset, evaluation templates, refiners and filters); nothing here builds a model or reads a dataset.
 */
public final class RecipeChecks {
    private RecipeChecks() {
    }

    /**
     * Checks {@code recipe} against the installed plugins.
     *
     * @param source names the recipe in error messages (its file or built-in name)
     * @return the recipe, for chaining
     * @throws ConfigException naming the key and what is accepted
     */
    public static Recipe check(Recipe recipe, String source) throws ConfigException {
        Modality modality = at(source, "modality", () -> {
            JsonNode config = recipe.modality().config() == null ? Json.object() : recipe.modality().config();
            return ModalityRegistry.create(recipe.modality().id(), config);
        });
        // The encoder width comes from parsing the spec as the modality will when it builds the encoder.
        at(source, "model.encoder", () -> modality.encoderDim(recipe.model().encoder()));
        List<Recipe.Source> train = recipe.data().train();
        for (int i = 0; i < train.size(); i++) {
            String id = train.get(i).dataset();
            at(source, "data.train[" + i + "].dataset", () -> DatasetRegistry.provider(id));
        }
        List<Recipe.Source> pool = recipe.data().pool();
        for (int i = 0; i < pool.size(); i++) {
            String id = pool.get(i).dataset();
            at(source, "data.pool[" + i + "].dataset", () -> DatasetRegistry.provider(id));
        }
        List<Recipe.ZeroShotSpec> zeroShot = recipe.eval().zeroShot();
        for (int i = 0; i < zeroShot.size(); i++) {
            Recipe.ZeroShotSpec z = zeroShot.get(i);
            at(source, "eval.zeroShot[" + i + "].dataset", () -> DatasetRegistry.provider(z.dataset()));
            for (int t = 0; t < z.templates().size(); t++) {
                String name = z.templates().get(t);
                at(source, "eval.zeroShot[" + i + "].templates[" + t + "]", () -> PromptTemplates.builtIn(name));
            }
        }
        if (recipe.selfTraining() != null && recipe.selfTraining().engine() != null) {
            String runner = recipe.selfTraining().engine().runner();
            at(source, "selfTraining.engine.runner", () -> EngineRunners.find(runner));
            List<JsonNode> refiners = recipe.selfTraining().engine().refiners();
            for (int i = 0; i < refiners.size(); i++) {
                JsonNode entry = refiners.get(i);
                at(source, "selfTraining.engine.refiners[" + i + "]" + idOf(entry), () -> {
                    EngineRegistry.validateRefiner(entry);
                    return null;
                });
            }
            List<JsonNode> filters = recipe.selfTraining().engine().filters();
            for (int i = 0; i < filters.size(); i++) {
                JsonNode entry = filters.get(i);
                at(source, "selfTraining.engine.filters[" + i + "]" + idOf(entry), () -> {
                    EngineRegistry.validateFilter(entry);
                    return null;
                });
            }
        }
        return recipe;
    }

    /** A check that may fail with a {@link ConfigException}. */
    private interface Check<T> {
        T run() throws ConfigException;
    }

    /** Runs {@code check}; a failure (or a plugin's runtime error) is rethrown with the source and the key. */
    private static <T> T at(String source, String key, Check<T> check) throws ConfigException {
        try {
            return check.run();
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) { // a plugin that fails on bad input with an unchecked exception
            throw new ConfigException(source + ": " + key + ": " + e, e);
        }
    }

    private static String idOf(JsonNode entry) {
        return entry != null && entry.path("id").isTextual() ? " (" + entry.get("id").asText() + ")" : "";
    }
}
