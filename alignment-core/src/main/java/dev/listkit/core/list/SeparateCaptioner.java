package dev.listkit.core.list;

import ai.djl.ndarray.NDManager;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.RecipeModels;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.train.CheckpointWeights;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The captioner of a {@code list} arm when it is a model of its own ({@code selfTraining.captioner: separate},
 * as the LIST paper trains it): the same architecture, trained with the caption loss only — round 0 on the paired
 * data for {@code train.totalSteps}, each later round {@code stepsPerRound} more on paired and that round's
 * synthetic pairs (mixed as the alignment model's). The data engine captions with it; the alignment model, which
 * trains the contrastive loss only, scores. Round r's captioner lives in {@code round-<r>/captioner/} (a
 * training-run directory) and is trained when the engine of round r + 1 first needs it; a finished one (its
 * {@value #DONE} marker and checkpoint exist) is reused.
 */
final class SeparateCaptioner {
    private static final Logger LOG = LoggerFactory.getLogger(SeparateCaptioner.class);

    /** Marker written after a captioner round finished training. */
    static final String DONE = "captioner-done.txt";

    private final ArmLoop.Shared shared;
    private final Path armDir;
    private final long seed;
    private final String vocabJson;
    private final List<PairedSample> paired;
    private final TextTable table;
    private final CocaModel model;
    private int trainedThrough = -1;

    /**
     * @param paired the arm's paired data; @param table its text table (synthetic captions are added by the loop)
     * @param manager owns the captioner's parameters (the arm's manager)
     */
    SeparateCaptioner(ArmLoop.Shared shared, Path armDir, long seed, CaptionVocabulary vocab, String vocabJson,
            List<PairedSample> paired, TextTable table, NDManager manager) throws ListkitException {
        this.shared = shared;
        this.armDir = armDir;
        this.seed = seed;
        this.vocabJson = vocabJson;
        this.paired = paired;
        this.table = table;
        this.model = RecipeModels.buildModel(shared.recipe(), shared.modality(), vocab, manager,
                paired.get(0).features().shape());
    }

    /**
     * The directory of the captioner after round {@code round}, trained (or reused) through it.
     *
     * @param synthetic the synthetic pairs of round {@code round} (empty for round 0)
     */
    Path ensure(int round, List<PairedSample> synthetic) throws ListkitException, IOException {
        if (round <= trainedThrough) {
            throw new IllegalStateException("captioner round " + round + " already trained");
        }
        Recipe recipe = shared.recipe();
        Path dir = RunLayout.captionerDir(RunLayout.roundDir(armDir, round));
        TrainConfig cfg = ArmLoop.roundConfig(recipe, seed, round);
        RoundFiles.write(dir, recipe, cfg, vocabJson, shared.provenance(), shared.options().runDir(), "list-captioner",
                seed, round);
        if (Files.exists(dir.resolve(DONE)) && Files.exists(dir.resolve("checkpoints").resolve("latest"))) {
            CheckpointWeights.loadInto(model, CheckpointWeights.latest(dir));
            LOG.info("list seed {} captioner round {}: finished earlier, reused", seed, round);
        } else {
            double w = recipe.loss().captionWeight();
            StepFunction fn = ArmLoop.step(recipe, model, shared.modality(), paired, table, 0, w);
            if (round > 0 && !synthetic.isEmpty() && recipe.selfTraining().syntheticWeights().caption() > 0) {
                fn = ArmLoop.syntheticMix(recipe, round, fn, ArmLoop.step(recipe, model, shared.modality(), synthetic,
                        table, 0, w * recipe.selfTraining().syntheticWeights().caption()));
            }
            long t0 = System.nanoTime();
            try (Trainer trainer = Trainer.builder().setBlock(model).setConfig(cfg).setStepFunction(fn)
                    .optRunDir(dir).optProgress(shared.options().progress()).build()) {
                if (trainer.resumeLatest()) {
                    LOG.info("list seed {} captioner round {}: resumed at step {}", seed, round, trainer.step());
                }
                trainer.run();
                trainer.saveCheckpoint();
            }
            AtomicFiles.writeString(dir.resolve(DONE), String.format("trained %.1f s%n",
                    (System.nanoTime() - t0) / 1e9));
            LOG.info(String.format(Locale.ROOT, "list seed %d captioner round %d: trained in %.1f s", seed, round,
                    (System.nanoTime() - t0) / 1e9));
        }
        trainedThrough = round;
        return dir;
    }
}
