package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.config.Recipe;
import dev.listkit.core.eval.PromptTemplates;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Recipes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zero-shot prompts follow the modality when none are named: never the sound prompts for pictures. */
class ZeroShotTemplatesTest {
    @Test
    void withoutNamesEachModalityGetsItsOwnTemplates() throws Exception {
        Map<String, PromptTemplates> audio = Evaluations.templateSets(List.of(),
                ModalityRegistry.create("audio", Json.object()));
        Map<String, PromptTemplates> vision = Evaluations.templateSets(List.of(),
                ModalityRegistry.create("vision", Json.object()));
        assertEquals(List.of(Evaluations.MODALITY_TEMPLATES), List.copyOf(audio.keySet()));
        assertTrue(audio.get("default").templates().contains("this is a sound of {}."), audio.toString());
        assertTrue(vision.get("default").templates().contains("a photo of a {}."), vision.toString());
        assertTrue(vision.get("default").templates().stream().noneMatch(t -> t.contains("sound")), vision.toString());

        Map<String, PromptTemplates> named = Evaluations.templateSets(List.of("ms-clap", "esc50"),
                ModalityRegistry.create("vision", Json.object()));
        assertEquals(List.of("ms-clap", "esc50"), List.copyOf(named.keySet()), "named sets only, in order");
    }

    @Test
    void aRecipeMayLeaveOutTheTemplates() throws Exception {
        Recipe r = Recipes.load("flickr8k-paired-baseline",
                List.of("eval.zeroShot=[{\"dataset\": \"cifar10\"}]"));
        assertEquals(List.of(), r.eval().zeroShot().get(0).templates());
    }
}
