package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.recipes.cli.Recipes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shipped recipe loads strictly and names a modality, encoder and templates that exist. */
class RecipeFilesTest {
    @Test
    void builtInRecipesLoadAndBuildTheirModality() throws Exception {
        for (String name : Recipes.BUILT_IN) {
            Recipe r = Recipes.load(name, List.of());
            assertEquals(name, r.name());
            Modality m = ModalityRegistry.create(r.modality().id(), r.modality().config());
            assertTrue(m.encoderDim(r.model().encoder()) > 0, name);
            for (Recipe.ZeroShotSpec z : r.eval().zeroShot()) {
                for (String t : z.templates()) {
                    assertTrue(dev.listkit.core.eval.PromptTemplates.builtIn(t).templates().size() > 0, t);
                }
            }
        }
    }

    @Test
    void overridesApplyBeforeValidation() throws Exception {
        Recipe r = Recipes.load("audio-paired-baseline", List.of("train.totalSteps=7", "train.warmupSteps=2"));
        assertEquals(7, r.train().totalSteps());
        ConfigException e = assertThrows(ConfigException.class,
                () -> Recipes.load("audio-paired-baseline", List.of("train.totalSteps=7")));
        assertTrue(e.getMessage().contains("warmupSteps"), e.getMessage());
    }

    @Test
    void unknownKeysAreErrorsThatListAcceptedKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Recipes.load("audio-paired-baseline", List.of("train.stepz=7")));
        assertTrue(e.getMessage().contains("stepz") && e.getMessage().contains("totalSteps"), e.getMessage());
    }

    @Test
    void unknownEncoderTypeIsNamedWhenTheRecipeIsLoaded() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Recipes.load("audio-paired-baseline", List.of("model.encoder.type=lstm")));
        assertTrue(e.getMessage().contains("model.encoder") && e.getMessage().contains("lstm")
                && e.getMessage().contains("cnn"), e.getMessage());
    }

    @Test
    void unknownRecipeListsBuiltIns() {
        ConfigException e = assertThrows(ConfigException.class, () -> Recipes.load("no-such-recipe", List.of()));
        assertTrue(e.getMessage().contains("audio-paired-baseline"), e.getMessage());
    }

    @Test
    void textTowerIsSelectable() throws Exception {
        Recipe r = Recipes.load("audio-paired-baseline",
                List.of("model.text={\"type\":\"transformer\",\"dim\":64,\"layers\":2,\"heads\":4,\"causal\":true}"));
        assertTrue(r.model().text().trainable());
        assertTrue(!Recipes.load("audio-paired-baseline", List.of()).model().text().trainable(), "default is frozen");
        ConfigException e = assertThrows(ConfigException.class,
                () -> Recipes.load("audio-paired-baseline", List.of("model.text={\"type\":\"bert\"}")));
        assertTrue(e.getMessage().contains("bert") && e.getMessage().contains("minilm-frozen"), e.getMessage());
    }
}
