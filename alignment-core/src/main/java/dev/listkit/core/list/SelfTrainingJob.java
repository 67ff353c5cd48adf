package dev.listkit.core.list;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.RecipeModels;
import dev.listkit.core.config.SelfTrainingSection;
import dev.listkit.core.engine.EngineRunners;
import dev.listkit.core.engine.PoolEntry;
import dev.listkit.core.engine.PoolSample;
import dev.listkit.core.engine.RecipeChecks;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.tower.LockedTowers;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TextEmbeddingCache;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.JsonDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LIST self-training loop of a recipe with a {@code selfTraining} section: for each seed, the data are
 * split ({@link PoolSplit}) and every arm runs its rounds ({@link ArmLoop}): round 0 trains on the arm's
 * paired data; each later round of the {@code list} arm runs the data engine ({@link RoundEngine}, through
 * the recipe's engine runner) with the current model over the unpaired pool and continues training with
 * batches alternating between paired and synthetic pairs; every round is evaluated. See
 * {@link SelfTrainingSection} for the arms and {@link RunLayout} for the run directory.
 *
 * <p>A directory that holds a run is used only with {@code resume} ({@link RunDirectory#check}); then
 * finished rounds (their report exists) are skipped, a round's training resumes from its latest
 * checkpoint, and finished engine shards of the same engine configuration, model and pool are reused.
 */
public final class SelfTrainingJob {
    private static final Logger LOG = LoggerFactory.getLogger(SelfTrainingJob.class);

    private SelfTrainingJob() {
    }

    /** Runs every (seed, arm) of the recipe; returns and writes the aggregated results. */
    public static SelfTrainingResults run(Recipe recipe, PairedTrainingJob.Options o)
            throws ListkitException, IOException {
        SelfTrainingSection st = recipe.selfTraining();
        RecipeChecks.check(recipe, "recipe " + recipe.name()); // every key, the plugins' own too, before any work
        if (st.arms().contains("list")) {
            EngineRunners.find(st.engine().runner()); // an unknown runner fails before any training
        }
        // Before anything is written: another run here needs --resume, and a resume may only extend it
        // (more rounds, seeds or arms); a refused resume leaves the run's recipe.json as it was.
        List<JsonDiff.Change> extensions = RunDirectory.check(o.runDir(), recipe, o.resume());
        if (!extensions.isEmpty()) {
            LOG.info("resume extends the run: {}", JsonDiff.describe(extensions));
        }
        Files.createDirectories(o.runDir());
        String recipeJson = Json.writePretty(recipe);
        AtomicFiles.writeString(o.runDir().resolve(RunLayout.RECIPE), recipeJson);
        Modality modality = RecipeModels.modality(recipe);
        try {
            return run(recipe, o, modality, recipeJson, extensions);
        } finally {
            LockedTowers.close(modality);
        }
    }

    private static SelfTrainingResults run(Recipe recipe, PairedTrainingJob.Options o, Modality modality,
            String recipeJson, List<JsonDiff.Change> extensions) throws ListkitException, IOException {
        SelfTrainingSection st = recipe.selfTraining();
        Map<String, String> provenance = Provenance.start(recipe, recipeJson, "seeds", st.seeds().toString(),
                modality, o.threads());
        provenance.putAll(Provenance.dataRoots(recipe, o.dataRoot()));
        if (!extensions.isEmpty()) {
            provenance.put("extendedOnResume", JsonDiff.describe(extensions));
        }

        List<LoadedSource> train = new ArrayList<>();
        for (Recipe.Source src : recipe.data().train()) {
            train.add(LoadedSource.load(src, o, modality));
        }
        List<LoadedSource> pool = new ArrayList<>();
        for (Recipe.Source src : recipe.data().pool()) {
            pool.add(LoadedSource.load(src, o, modality));
        }
        int length = recipe.model().decoder().maxLength();
        List<RoundReport> reports = new ArrayList<>();
        try (CaptionTokenizer tokenizer = CaptionTokenizer.miniLm(Math.max(length, 64));
                FrozenMiniLmTower text = FrozenMiniLmTower.builder()
                        .optBatchSize(64).optThreads(Math.max(1, o.threads()))
                        .optCache(TextEmbeddingCache.open(o.cacheDir().resolve("text").resolve("minilm.lkte"),
                                MiniLmResources.DIM))
                        .build()) {
            ArmLoop.Shared shared = new ArmLoop.Shared(recipe, modality, tokenizer, text, o, provenance);
            for (long seed : st.seeds()) {
                PoolSplit.SeedData data = PoolSplit.split(recipe, train, pool, seed);
                provenance.put("split.seed-" + seed, String.format(
                        "train %d, held out %d, paired pool %d, unpaired %d, ids sha256 %s", data.train().size(),
                        data.heldOut().size(), data.pairedPool().size(), data.unpaired().size(),
                        Hashing.sha256(String.join("\n", data.unpaired().stream().map(PoolSample::id).toList()))));
                if (st.arms().contains("list")) {
                    writePool(RunLayout.poolFile(o.runDir(), seed), data.unpaired());
                }
                for (String arm : order(st.arms())) {
                    reports.addAll(ArmLoop.run(shared, arm, seed, data));
                }
            }
        }
        SelfTrainingResults results = SelfTrainingResults.of(recipe.name(), st.seeds(), reports, provenance);
        AtomicFiles.writeString(o.runDir().resolve(RunLayout.PROVENANCE), Json.writePretty(provenance));
        AtomicFiles.writeString(o.runDir().resolve(RunLayout.RESULTS), Json.writePretty(results));
        ResultsPlots.write(o.runDir(), results);
        AtomicFiles.writeString(o.runDir().resolve("results.md"), results.markdown());
        return results;
    }

    /** The seed's unpaired pool as a pool manifest, for {@code listkit engine --pool} (engine jobs point at it). */
    private static void writePool(Path file, List<PoolSample> unpaired) throws IOException {
        StringBuilder jsonl = new StringBuilder();
        unpaired.forEach(p -> jsonl.append(Json.write(PoolEntry.of(p))).append('\n'));
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, jsonl.toString());
    }

    /** Paired first: the list arm reuses its round 0. */
    private static List<String> order(List<String> arms) {
        List<String> out = new ArrayList<>(arms);
        out.sort(Comparator.comparingInt(SelfTrainingSection.ARMS::indexOf));
        return out;
    }
}
