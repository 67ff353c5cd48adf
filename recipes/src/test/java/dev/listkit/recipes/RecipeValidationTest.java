package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.recipes.cli.Listkit;
import dev.listkit.recipes.cli.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every recipe key is checked when the recipe is loaded ({@link Recipes#load}, what {@code listkit train} and
 * {@code listkit engine} call first), before any data is read or any step trained: each bad recipe here
 * was accepted at load before and failed only after the paired arm had trained (or was silently coerced).
 */
class RecipeValidationTest {
    @TempDir
    Path tmp;

    /** The message of the {@link ConfigException} that loading the recipe with these overrides throws. */
    private static String error(String recipe, String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> Recipes.load(recipe, List.of(overrides)),
                "accepted: " + List.of(overrides));
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' not in: " + message);
        }
    }

    @Test
    void unknownRefinerAndFilterIdsAndKeysFailAtLoad() {
        assertMentions(error("esc50-list", "selfTraining.engine.refiners=[{\"id\": \"alttxt\"}]"),
                "selfTraining.engine.refiners[0]", "unknown refiner 'alttxt'", "alttext", "llm", "wordnet");
        assertMentions(error("esc50-list", "selfTraining.engine.refiners=[{\"id\": \"alttext\", \"templat\": \"x {}\"}]"),
                "selfTraining.engine.refiners[0] (alttext)", "unknown key 'templat'", "template");
        assertMentions(error("esc50-list", "selfTraining.engine.refiners=[{\"id\": \"llm\", \"modle\": \"qwen\"}]"),
                "selfTraining.engine.refiners[0] (llm)", "unknown key 'modle'", "model");
        assertMentions(error("esc50-list", "selfTraining.engine.refiners=[{\"id\": \"llm\", \"maxConcurrent\": 0}]"),
                "refiners[0] (llm)", "maxConcurrent must be >= 1");
        assertMentions(error("esc50-list", "selfTraining.engine.refiners=[{\"id\": \"wordnet\", \"rate\": 2}]"),
                "refiners[0] (wordnet)");
        assertMentions(error("esc50-list", "selfTraining.engine.filters=[{\"id\": \"alignment\", \"topFrac\": 0.5}]"),
                "selfTraining.engine.filters[0] (alignment)", "unknown key 'topFrac'", "topFraction");
        assertMentions(error("esc50-list", "selfTraining.engine.filters=[{\"id\": \"dedup\"}]"),
                "selfTraining.engine.filters[0]", "unknown filter 'dedup'", "dedupe");
        assertMentions(error("esc50-list", "selfTraining.engine.filters=[{\"id\": 3}]"),
                "selfTraining.engine.filters[0]", "'id' must be a string");
        assertMentions(error("esc50-list", "selfTraining.engine.runner=sparky"), "selfTraining.engine.runner",
                "unknown engine runner 'sparky'", "local");
    }

    @Test
    void encoderModalityDatasetAndTemplateKeysFailAtLoad() throws Exception {
        assertMentions(error("audio-paired-baseline", "model.encoder={\"type\": \"cnn\", \"widthz\": [8, 16]}"),
                "model.encoder", "unknown key 'widthz'", "widths");
        assertMentions(error("audio-paired-baseline", "model.encoder.type=lstm"), "model.encoder", "lstm", "cnn",
                "transformer");
        assertMentions(error("flickr8k-paired-baseline", "model.encoder={\"type\": \"vit\", \"patchSize\": 8}"),
                "model.encoder", "unknown key 'patchSize'", "patch");
        assertMentions(error("flickr8k-paired-baseline", "model.encoder={\"type\": \"vit\", \"patch\": 7}"),
                "model.encoder");
        assertMentions(error("audio-paired-baseline", "modality.config.clipSecondz=5"), "modality",
                "clipSecondz");
        assertMentions(error("audio-paired-baseline", "modality.config.preset=laion"), "modality", "laion");
        assertMentions(error("audio-paired-baseline", "data.train=[{\"dataset\": \"esc-50\"}]"),
                "data.train[0].dataset", "esc-50", "esc50");
        assertMentions(error("audio-paired-baseline",
                "eval.zeroShot=[{\"dataset\": \"esc50\", \"templates\": [\"ms-clap\", \"msclap\"]}]"),
                "eval.zeroShot[0].templates[1]", "msclap", "ms-clap");
        // No template set named: the modality's own templates (the set "default"), not an error.
        assertTrue(Recipes.load("audio-paired-baseline", List.of("eval.zeroShot=[{\"dataset\": \"esc50\"}]")).eval()
                .zeroShot().get(0).templates().isEmpty());
    }

    @Test
    void constraintsBetweenSectionsFailAtLoad() {
        assertMentions(error("esc50-list", "selfTraining.engine.captioner.maxTokens=40"),
                "selfTraining.engine.captioner.maxTokens", "40", "model.decoder.maxLength 20", "maxTokens <= 19");
        assertMentions(error("esc50-list", "selfTraining.engine.captioner.kind=beam"),
                "captioner.candidates is 4", "'beam'");
        assertMentions(error("esc50-list", "data.hiddenKeys=[\"category\"]"), "data.hiddenKeys must contain 'label'",
                "data.pool[0]");
        assertMentions(error("esc50-list", "selfTraining.seeds=[1, 2, 1]"), "selfTraining.seeds", "twice");
        assertMentions(error("audio-paired-baseline", "data.captionHoldout=0"), "eval.captions",
                "data.captionHoldout");
        assertMentions(error("audio-paired-baseline", "data.captionHoldout=0", "eval.captions=false",
                "eval.compositionality=true"), "eval.compositionality", "data.captionHoldout");
        assertMentions(error("audio-paired-baseline", "eval.compositionality=\"yes\""), "eval.compositionality");
        assertMentions(error("audio-paired-baseline", "data.pool=[{\"dataset\": \"esc50\"}]"), "data.pool",
                "selfTraining");
        // The shipped recipes satisfy all of it.
        for (String name : Recipes.BUILT_IN) {
            try {
                Recipes.load(name, List.of());
            } catch (ConfigException e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void scalarsAreNotCoerced() throws Exception {
        assertMentions(error("audio-paired-baseline", "train.batchSize=\"8\""), "train.batchSize",
                "expected a whole number", "\"8\" (string)");
        assertMentions(error("audio-paired-baseline", "train.batchSize=2.5"), "train.batchSize", "2.5");
        assertMentions(error("audio-paired-baseline", "train.batchSize=8.0"), "train.batchSize", "8.0");
        assertMentions(error("audio-paired-baseline", "train.learningRate=\"0.001\""), "train.learningRate",
                "a number without quotes");
        assertMentions(error("audio-paired-baseline", "eval.captions=\"true\""), "eval.captions",
                "true or false without quotes");
        assertMentions(error("audio-paired-baseline", "eval.captions=1"), "eval.captions");
        assertMentions(error("esc50-list", "selfTraining.rounds=1.5"), "selfTraining.rounds", "1.5");
        assertMentions(error("audio-paired-baseline", "modality.config.clipSeconds=\"5\""), "modality", "clipSeconds");
        assertMentions(error("esc50-list", "selfTraining.engine.refiners=[{\"id\": \"llm\", \"maxRetries\": \"3\"}]"),
                "refiners[0] (llm)", "maxRetries");
        // What loses nothing still binds: an integer for a float, a number for a string option.
        Recipe r = Recipes.load("audio-paired-baseline", List.of("train.learningRate=1", "name=42"));
        assertEquals(1.0, r.train().learningRate());
        assertEquals("42", r.name());
    }

    @Test
    void aRecipeFileIsCheckedTheSameWay() throws Exception {
        Path file = tmp.resolve("mine.json");
        Files.writeString(file, Recipes.text("esc50-list").replace("\"id\": \"balance\"", "\"id\": \"balanse\""));
        ConfigException e = assertThrows(ConfigException.class, () -> Recipes.load(file.toString(), List.of()));
        assertMentions(e.getMessage(), file.toString(), "selfTraining.engine.filters[3]", "unknown filter 'balanse'");
    }

    @Test
    void trainRefusesABadRecipeBeforeAnyWork() {
        Path runDir = tmp.resolve("run");
        Path cache = tmp.resolve("cache");
        StringBuilder log = new StringBuilder();
        List<String> overrides = new ArrayList<>(List.of("selfTraining.engine.filters=[{\"id\": \"dedupe\","
                + " \"treshold\": 0.9}]"));
        int status = TinyTrain.run("esc50-list", runDir, cache, overrides, List.of(), log);
        assertNotEquals(Listkit.OK, status, log.toString());
        assertMentions(log.toString(), "selfTraining.engine.filters[0] (dedupe)", "unknown key 'treshold'", "threshold");
        assertFalse(Files.exists(runDir), "the run directory was created before the recipe was checked");
        assertFalse(Files.exists(cache), "features were cached before the recipe was checked");
    }
}
