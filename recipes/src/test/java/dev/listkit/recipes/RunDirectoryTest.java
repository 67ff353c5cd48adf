package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.list.RunDirectory;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.JsonDiff;
import dev.listkit.core.util.StderrCapture;
import dev.listkit.recipes.cli.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a training job may do with a run directory, on the built-in recipes: another run needs --resume or
 * --overwrite; a resume may only extend the run (named changes otherwise); --overwrite removes the run's
 * files and says so, keeping the rest.
 */
class RunDirectoryTest {
    @TempDir
    Path tmp;

    /** A built-in recipe with overrides, bound without the plugin checks (the spark runner is not on this path). */
    private static Recipe recipe(String name, List<String> overrides) throws Exception {
        return Recipe.parse(Recipes.text(name), "recipe " + name, overrides);
    }

    private Path runOf(Recipe recipe) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(recipe.name()));
        Files.writeString(dir.resolve("recipe.json"), Json.writePretty(recipe));
        return dir;
    }

    private static List<String> changes(Path dir, Recipe recipe) throws Exception {
        return RunDirectory.check(dir, recipe, true).stream().map(JsonDiff.Change::toString).toList();
    }

    private static String refusal(Path dir, Recipe recipe) {
        return assertThrows(ConfigException.class, () -> RunDirectory.check(dir, recipe, true)).getMessage();
    }

    @Test
    void aPairedRunMayOnlyGrowItsStepBudget() throws Exception {
        Recipe base = recipe("audio-paired-baseline", List.of());
        assertEquals(List.of(), RunDirectory.check(tmp.resolve("empty"), base, false), "nothing there: a new run");
        Path dir = runOf(base);
        Files.createDirectories(dir.resolve("checkpoints"));

        String another = assertThrows(ConfigException.class, () -> RunDirectory.check(dir, base, false)).getMessage();
        assertTrue(another.contains("already holds a run (recipe.json, checkpoints/)") && another.contains("--resume")
                && another.contains("--overwrite"), another);

        assertEquals(List.of(), changes(dir, base));
        assertEquals(List.of("train.totalSteps: 900 → 1200", "train.logEvery: 10 → 1"),
                changes(dir, recipe("audio-paired-baseline", List.of("train.totalSteps=1200", "train.logEvery=1"))));

        String lr = refusal(dir, recipe("audio-paired-baseline", List.of("train.learningRate=0.002",
                "model.embedDim=64")));
        assertTrue(lr.contains("train.learningRate: 0.001 → 0.002") && lr.contains("model.embedDim: 128 → 64"), lr);
        assertFalse(lr.contains("Recipe[") || lr.contains("TrainConfig["), "names fields, not records: " + lr);
        String shorter = refusal(dir, recipe("audio-paired-baseline", List.of("train.totalSteps=100")));
        assertTrue(shorter.contains("train.totalSteps: 900 → 100 (a run can only grow)"), shorter);
    }

    @Test
    void aSelfTrainingRunMayGainRoundsSeedsAndArms() throws Exception {
        Recipe base = recipe("esc50-list", List.of("selfTraining.arms=[\"paired\",\"list\"]"));
        Path dir = runOf(base);
        assertEquals(List.of("selfTraining.arms: [\"paired\",\"list\"] → [\"paired\",\"list\",\"oracle\"]",
                "selfTraining.seeds: [1,2,3] → [1,2,3,4]", "selfTraining.rounds: 2 → 3",
                "selfTraining.engine.runner: \"local\" → \"spark\""),
                changes(dir, recipe("esc50-list", List.of("selfTraining.rounds=3", "selfTraining.seeds=[1,2,3,4]",
                        "selfTraining.engine.runner=spark"))));

        String fewer = refusal(dir, recipe("esc50-list", List.of("selfTraining.arms=[\"paired\",\"list\"]",
                "selfTraining.seeds=[1,2]")));
        assertTrue(fewer.contains("selfTraining.seeds: [1,2,3] → [1,2] (entries may be added, not removed: 3 removed)"),
                fewer);
        String steps = refusal(dir, recipe("esc50-list", List.of("selfTraining.arms=[\"paired\",\"list\"]",
                "selfTraining.stepsPerRound=90", "train.totalSteps=300")));
        assertTrue(steps.contains("selfTraining.stepsPerRound: 80 → 90"), steps);
        assertTrue(steps.contains("train.totalSteps: 200 → 300 (round 0 of a self-training run"), steps);
        assertTrue(steps.contains("recipe.json was left as it was"), steps);
        String filter = refusal(dir, recipe("esc50-list", List.of("selfTraining.arms=[\"paired\",\"list\"]",
                "selfTraining.engine.filters=[{\"id\":\"heuristics\",\"minWords\":2,\"maxWords\":20,"
                        + "\"vocabulary\":\"wordnet\",\"minKnownFraction\":0.6},{\"id\":\"alignment\",\"topFraction\":0.5},"
                        + "{\"id\":\"dedupe\",\"threshold\":0.9,\"maxPerCaption\":8},{\"id\":\"balance\","
                        + "\"maxPerConcept\":30}]")));
        assertTrue(filter.contains("selfTraining.engine.filters[1].topFraction: 0.6 → 0.5"), filter);
    }

    @Test
    void aRunWithoutItsRecipeCannotBeResumed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("half"));
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"step\":1}\n");
        String e = refusal(dir, recipe("audio-paired-baseline", List.of()));
        assertTrue(e.contains("without recipe.json"), e);
    }

    @Test
    void overwriteRemovesTheRunsFilesAndSaysWhatItKept() throws Exception {
        Path dir = runOf(recipe("esc50-list", List.of()));
        for (String f : List.of("provenance.json", "results.json", "results.md", "results-zeroshot-top1.png",
                "arms/list/seed-1/round-0/checkpoints/step-00000002.lkckpt", "report/index.html", "notes.txt",
                "mine/data.csv", ".listkit.lock")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), "x");
        }
        List<String> removed;
        String said;
        try (StderrCapture log = new StderrCapture()) { // logged through SLF4J to stderr
            removed = RunDirectory.clear(dir);
            said = log.text();
        }
        assertEquals(List.of("recipe.json", "provenance.json", "arms/", "results.json", "results.md", "report/",
                "results-zeroshot-top1.png"), removed);
        assertTrue(said.contains("removed the previous run's recipe.json, provenance.json, arms/, results.json,"
                + " results.md, report/, results-zeroshot-top1.png (7 files)"), said);
        assertTrue(said.contains("kept mine, notes.txt (not written by a listkit training job)"), said);
        assertTrue(Files.exists(dir.resolve("notes.txt")) && Files.exists(dir.resolve("mine/data.csv"))
                && Files.exists(dir.resolve(".listkit.lock")));
        assertFalse(RunDirectory.holdsRun(dir));
    }
}
