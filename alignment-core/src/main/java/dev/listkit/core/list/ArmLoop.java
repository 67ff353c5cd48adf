package dev.listkit.core.list;

import ai.djl.ndarray.NDManager;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.RecipeModels;
import dev.listkit.core.config.SelfTrainingSection;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.inference.CocaInference;
import dev.listkit.core.inference.CocaRun;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.train.CheckpointWeights;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import dev.listkit.core.train.coca.AlternatingStepFunction;
import dev.listkit.core.train.coca.CocaStepFunction;
import dev.listkit.core.train.coca.ContrastiveLoss;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rounds of one (arm, seed) of a self-training run: round 0 trains on the arm's paired data; each later
 * round of the {@code list} arm runs the data engine ({@link RoundEngine}) with the model of the round before
 * and continues training with batches mixing paired and synthetic pairs (share {@code syntheticShare}, synthetic
 * loss weights {@code syntheticWeights}); the other arms continue on their paired data. Every round is evaluated
 * ({@link RunEvaluation}) and is itself a training-run directory ({@link RoundFiles}). When the run is resumed, a
 * finished round (its {@code report.json} and checkpoint exist) is reused and an unfinished one continues from its
 * latest checkpoint.
 *
 * <p>With {@code captioner: separate} every arm's model trains the contrastive loss only and the list arm's
 * engine captions with a {@link SeparateCaptioner}; the engine's scorer is {@code selfTraining.engine.scorer}.
 * After each engine round the pseudo-label precision ({@link LabelPrecision}) goes into the round's metrics and
 * {@code engine/label-precision.json}; a round whose engine accepted nothing trains on paired data only and says
 * so in its {@code notes}.
 */
final class ArmLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ArmLoop.class);

    /**
     * What every (arm, seed) of a run shares.
     *
     * @param recipe    the recipe (overrides applied)
     * @param modality  its modality
     * @param tokenizer the caption tokenizer (borrowed)
     * @param text      the frozen text tower (borrowed)
     * @param options   where and how the run goes
     * @param provenance the run's provenance, which every round directory carries with its arm, seed and round
     */
    record Shared(Recipe recipe, Modality modality, CaptionTokenizer tokenizer, FrozenMiniLmTower text,
                  PairedTrainingJob.Options options, Map<String, String> provenance) {
    }

    private ArmLoop() {
    }

    /** Runs (or reuses) every round of {@code arm} for {@code seed}; returns their reports in round order. */
    static List<RoundReport> run(Shared s, String arm, long seed, PoolSplit.SeedData data)
            throws ListkitException, IOException {
        Recipe recipe = s.recipe();
        SelfTrainingSection st = recipe.selfTraining();
        Path armDir = RunLayout.armDir(s.options().runDir(), arm, seed);
        List<PairedSample> paired = new ArrayList<>(data.train());
        paired.addAll(arm.equals("oracle") ? data.oraclePool() : data.pairedPool());
        TextTable table = new TextTable(s.tokenizer(), s.text(), !recipe.model().text().trainable(),
                recipe.model().decoder().maxLength());
        CaptionVocabulary vocab = table.vocabulary(paired);
        String vocabJson = Json.writePretty(vocab);
        AtomicFiles.writeString(Files.createDirectories(armDir).resolve(RunLayout.VOCABULARY), vocabJson);
        table.add(paired);
        List<RoundReport> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            CocaModel model = RecipeModels.buildModel(recipe, s.modality(), vocab, manager,
                    paired.get(0).features().shape());
            InferenceModel inference = CocaRun.training(armDir, recipe, s.modality(),
                    new CocaInference(model, s.text(), s.tokenizer(), vocab, manager));
            boolean separate = st.separateCaptioner();
            SeparateCaptioner captioner = separate && arm.equals("list")
                    ? new SeparateCaptioner(s, armDir, seed, vocab, vocabJson, paired, table, manager) : null;
            List<PairedSample> synthetic = List.of();
            for (int round = 0; round <= st.rounds(); round++) {
                Path roundDir = RunLayout.roundDir(armDir, round);
                Path reportFile = roundDir.resolve(RunLayout.REPORT);
                double engineSeconds = 0;
                double captionerSeconds = 0;
                Map<String, Double> engineMetrics = new LinkedHashMap<>();
                List<String> notes = new ArrayList<>();
                if (round > 0 && arm.equals("list")) {
                    long e0 = System.nanoTime();
                    Path previous = RoundFiles.modelDir(RunLayout.roundDir(armDir, round - 1));
                    RoundFiles.write(previous, recipe, roundConfig(recipe, seed, round - 1), vocabJson,
                            s.provenance(), s.options().runDir(), arm, seed, round - 1);
                    // The captioner: the model itself (joint), or the separate one trained through the round before.
                    long c0 = System.nanoTime();
                    Path captionerDir = captioner == null ? previous : captioner.ensure(round - 1, synthetic);
                    captionerSeconds = (System.nanoTime() - c0) / 1e9;
                    e0 = System.nanoTime();
                    Path scorerDir = scorerDir(s, seed, round, previous, captionerDir);
                    synthetic = RoundEngine.run(recipe, seed, round, data, captionerDir, scorerDir, roundDir,
                            s.options());
                    engineSeconds = (System.nanoTime() - e0) / 1e9;
                    List<ManifestRecord> manifest = ManifestRecord.read(
                            RunLayout.engineDir(roundDir).resolve("manifest.jsonl"));
                    engineMetrics.putAll(LabelPrecision.metrics(manifest, data.truth(), s.modality().captionStopWords(),
                            LabelPrecision.nearestLabel(manifest, data.truth(), s.text()::encode)));
                    AtomicFiles.writeString(RunLayout.engineDir(roundDir).resolve("label-precision.json"),
                            Json.writePretty(engineMetrics));
                    LOG.info("list seed {} round {}: engine {}", seed, round, engineMetrics);
                    if (synthetic.isEmpty()) {
                        String note = "engine round " + round + " accepted no synthetic pair (pool of "
                                + data.unpaired().size() + "): this round trains on paired data only";
                        notes.add(note);
                        LOG.warn("list seed {} round {}: {}", seed, round, note);
                    }
                    table.add(synthetic);
                }
                boolean resume = s.options().resume();
                if (resume && Files.exists(reportFile) && RoundFiles.checkpoint(roundDir) != null) {
                    CheckpointWeights.loadInto(model, RoundFiles.checkpoint(roundDir));
                    LOG.info("{} seed {} round {}: finished earlier, reused", arm, seed, round);
                    out.add(Json.MAPPER.readValue(reportFile.toFile(), RoundReport.class));
                    continue;
                }
                Path shared = RunLayout.roundDir(RunLayout.armDir(s.options().runDir(), "paired", seed), 0);
                if (round == 0 && arm.equals("list") && st.arms().contains("paired")
                        && Files.exists(shared.resolve(RunLayout.REPORT))) {
                    // Same data, seed and vocabulary as the paired arm's round 0: reuse its weights.
                    CheckpointWeights.loadInto(model, CheckpointWeights.latest(shared));
                    RoundFiles.share(shared, roundDir);
                    RoundFiles.write(roundDir, recipe, roundConfig(recipe, seed, 0), vocabJson, s.provenance(),
                            s.options().runDir(), arm, seed, 0);
                    LOG.info("list seed {} round 0: reusing the paired arm's round 0", seed);
                    RoundReport r0 = Json.MAPPER.readValue(shared.resolve(RunLayout.REPORT).toFile(),
                            RoundReport.class);
                    RoundReport mine = new RoundReport("list", seed, 0, r0.steps(), 0, 0, r0.pairedSamples(), 0,
                            data.unpaired().size(), r0.metrics());
                    AtomicFiles.writeString(reportFile, Json.writePretty(mine));
                    out.add(mine);
                    continue;
                }
                TrainConfig cfg = roundConfig(recipe, seed, round);
                RoundFiles.write(roundDir, recipe, cfg, vocabJson, s.provenance(), s.options().runDir(), arm, seed,
                        round);
                double captionWeight = separate ? 0 : recipe.loss().captionWeight(); // separate: contrastive only
                StepFunction fn = step(recipe, model, s.modality(), paired, table, recipe.loss().contrastiveWeight(),
                        captionWeight);
                if (round > 0 && arm.equals("list") && !synthetic.isEmpty()) {
                    fn = syntheticMix(recipe, round, fn, step(recipe, model, s.modality(), synthetic, table,
                            recipe.loss().contrastiveWeight() * st.syntheticWeights().contrastive(),
                            captionWeight * st.syntheticWeights().caption()));
                }
                long t0 = System.nanoTime();
                long steps;
                try (Trainer trainer = Trainer.builder().setBlock(model).setConfig(cfg).setStepFunction(fn)
                        .optRunDir(roundDir).optProgress(s.options().progress()).build()) {
                    if (resume && trainer.resumeLatest()) {
                        LOG.info("{} seed {} round {}: resumed at step {}", arm, seed, round, trainer.step());
                    }
                    trainer.run();
                    trainer.saveCheckpoint();
                    steps = trainer.step();
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                PairedTrainingJob.Options o = s.options();
                Evaluations.Context ctx = new Evaluations.Context(o.dataRoot(), o.cacheDir(), roundDir.resolve("eval"),
                        o.threads());
                long v0 = System.nanoTime();
                Map<String, Double> metrics = new LinkedHashMap<>(
                        RunEvaluation.run(recipe, inference, data.heldOut(), seed, ctx, !separate).metrics());
                double evalSeconds = (System.nanoTime() - v0) / 1e9;
                metrics.putAll(engineMetrics);
                RoundReport rr = new RoundReport(arm, seed, round, steps, round6(trainSeconds), round6(engineSeconds),
                        paired.size(), synthetic.size(), data.unpaired().size(), metrics, notes, round6(evalSeconds),
                        round6(captionerSeconds));
                AtomicFiles.writeString(reportFile, Json.writePretty(rr));
                LOG.info("{} seed {} round {}: {}", arm, seed, round, metrics);
                out.add(rr);
            }
        }
        return out;
    }

    /** Round 0 uses the recipe's trainer settings; later rounds continue for stepsPerRound with a new seed. */
    static TrainConfig roundConfig(Recipe recipe, long seed, int round) {
        TrainConfig t = recipe.train();
        SelfTrainingSection st = recipe.selfTraining();
        long steps = round == 0 ? t.totalSteps() : st.stepsPerRound();
        long warmup = round == 0 ? t.warmupSteps() : st.warmupStepsPerRound();
        long checkpointEvery = Math.min(t.checkpointEvery(), steps);
        return new TrainConfig(steps, t.batchSize(), t.learningRate(), t.minLearningRate(), t.weightDecay(), t.beta1(),
                t.beta2(), t.eps(), warmup, t.gradClipNorm(), t.gradAccumulationSteps(), seed * 1000 + round,
                checkpointEvery, t.logEvery());
    }

    /** A CoCa step over {@code samples} with these loss weights (a weight of 0 skips that loss). */
    static StepFunction step(Recipe recipe, CocaModel model, Modality modality, List<PairedSample> samples,
            TextTable table, double contrastiveWeight, double captionWeight) {
        return new CocaStepFunction(model, modality, samples, table.features(), table.tokens(),
                recipe.loss().sigmoid() ? ContrastiveLoss.sigLip() : ContrastiveLoss.infoNce(),
                new CaptionLoss(CaptionVocabulary.PAD, recipe.loss().labelSmoothing()),
                contrastiveWeight, captionWeight, recipe.train().batchSize(),
                recipe.data().trainCropLastAxis(), true);
    }

    /** Paired and synthetic batches mixed by the round's share ({@code selfTraining.syntheticShare}). */
    static StepFunction syntheticMix(Recipe recipe, int round, StepFunction paired, StepFunction synthetic) {
        return new AlternatingStepFunction(paired, synthetic, recipe.selfTraining().syntheticShareAt(round));
    }

    /**
     * The directory of the model that scores round {@code round}'s captions, or null when the captioning model
     * itself scores ({@code selfTraining.engine.scorer}: {@code current} is the alignment model of the round
     * before, {@code paired} the paired arm's model of the round before, {@code round0} the model after round 0).
     */
    private static Path scorerDir(Shared s, long seed, int round, Path previous, Path captionerDir)
            throws IOException {
        Path runDir = s.options().runDir();
        Path dir = switch (s.recipe().selfTraining().engine().scorer()) {
            case "paired" -> RoundFiles.modelDir(RunLayout.roundDir(RunLayout.armDir(runDir, "paired", seed), round - 1));
            case "round0" -> RoundFiles.modelDir(RunLayout.roundDir(RunLayout.armDir(runDir, "list", seed), 0));
            default -> previous;
        };
        return dir.toAbsolutePath().normalize().equals(captionerDir.toAbsolutePath().normalize()) ? null : dir;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
