package dev.listkit.core.list;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.SelfTrainingSection;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.engine.EngineJob;
import dev.listkit.core.engine.EngineRunners;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.engine.PoolSample;
import dev.listkit.core.engine.PoolSource;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data engine of one list-arm round, on the same road as {@code listkit engine}: an {@link EngineJob}
 * (the model of the round before, opened from its directory; the round seed; the round's {@code engine/}
 * directory) run by the recipe's {@link dev.listkit.core.engine.EngineRunner} ({@code selfTraining.engine.runner},
 * {@code local} or {@code spark}) over the seed's pool held in memory. The accepted pairs are read back from
 * the round's {@code manifest.jsonl}.
 *
 * <p>The same round by hand: {@code listkit engine --pool <run>/arms/list/seed-<s>/pool.jsonl --model
 * <the round before> --recipe <run>/recipe.json --seed <s> --round <r> --out <round>/engine}
 * (with {@code recaptionPaired}, the loop's pool also holds the paired pool).
 */
final class RoundEngine {
    private RoundEngine() {
    }

    /**
     * Runs the engine of {@code round} and returns the accepted synthetic pairs, in manifest order.
     *
     * @param modelDir  the training-run directory of the captioning model (the previous round's weights)
     * @param scorerDir the training-run directory of a separate scorer, or null: the captioning model scores
     * @param roundDir  this round's directory; the engine writes into its {@code engine/}
     */
    static List<PairedSample> run(Recipe recipe, long seed, int round, PoolSplit.SeedData data, Path modelDir,
            Path scorerDir, Path roundDir, PairedTrainingJob.Options o) throws ListkitException, IOException {
        SelfTrainingSection.EngineSection es = recipe.selfTraining().engine();
        List<PoolSample> pool = new ArrayList<>(data.unpaired());
        if (es.recaptionPaired()) {
            for (PairedSample p : data.pairedPool()) {
                pool.add(new PoolSample(p.id(), p.id().split(":", 2)[0], p.id(), Map.of(), p.features(), null));
            }
        }
        Path out = RunLayout.engineDir(roundDir).toAbsolutePath();
        EngineJob job = new EngineJob(RunLayout.poolFile(o.runDir(), seed).toAbsolutePath().toString(),
                modelDir.toAbsolutePath().toString(), "djl", 0, "all", false, Json.write(recipe), seed, round,
                out.toString(), o.dataRoot().toAbsolutePath().toString(), o.cacheDir().toAbsolutePath().toString(),
                null, o.progress(), o.threads(), scorerDir == null ? null : scorerDir.toAbsolutePath().toString());
        EngineRunners.find(es.runner()).run(job, PoolSource.inMemory(pool));

        Map<String, PairedSample> features = new LinkedHashMap<>(data.byId());
        data.pairedPool().forEach(p -> features.put(p.id(), p));
        List<PairedSample> synthetic = new ArrayList<>();
        for (ManifestRecord r : ManifestRecord.read(out.resolve("manifest.jsonl"))) {
            if (!r.accepted()) {
                continue;
            }
            PairedSample source = features.get(r.id());
            if (source == null) { // a reused shard from another pool would be caught by the engine; never expected
                throw new ListkitException(out + ": accepted pair '" + r.id() + "' is not in this seed's pool");
            }
            synthetic.add(new PairedSample(r.id(), source.features(), r.captions())); // caption + alternatives
        }
        return synthetic;
    }
}
