package dev.listkit.core.list;

import ai.djl.ndarray.NDManager;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.RecipeModels;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.engine.RecipeChecks;
import dev.listkit.core.eval.RetrievalResult;
import dev.listkit.core.eval.report.Plots;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.CocaInference;
import dev.listkit.core.inference.CocaRun;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.tower.LockedTowers;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TextEmbeddingCache;
import dev.listkit.core.text.TokenizedBatch;
import dev.listkit.core.train.Trainer;
import dev.listkit.core.train.coca.CocaStepFunction;
import dev.listkit.core.train.coca.ContrastiveLoss;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.JsonDiff;
import dev.listkit.core.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a paired-training {@link Recipe} end to end: load and preprocess the datasets (feature cache),
 * embed captions with the frozen text tower (text cache), build the caption vocabulary, train the CoCa
 * model, then evaluate zero-shot classification and caption quality and write a report.
 *
 * <p>Run directory ({@link RunLayout}): {@code recipe.json}, {@code provenance.json}, {@code vocabulary.json},
 * {@code metrics.jsonl}, {@code checkpoints/}, {@code eval/} (JSON + PNG), {@code report.json}.
 */
public final class PairedTrainingJob {
    private static final Logger LOG = LoggerFactory.getLogger(PairedTrainingJob.class);

    private PairedTrainingJob() {
    }

    /**
     * Where and how to run.
     *
     * @param dataRoot root of the datasets
     * @param runDir   output directory
     * @param cacheDir feature and text-embedding caches (shared between runs)
     * @param threads  preprocessing threads
     * @param resume   continue from the run directory's latest checkpoint
     * @param progress show progress bars
     */
    public record Options(Path dataRoot, Path runDir, Path cacheDir, int threads, boolean resume, boolean progress) {
    }

    /**
     * What a run produced.
     *
     * @param trainSamples  paired samples trained on
     * @param heldOut       paired samples held out for caption scoring
     * @param vocabulary    decoder vocabulary size
     * @param truncated     captions cut to the decoder length
     * @param steps         optimiser steps done in the run
     * @param newSteps      of which this invocation did (less than {@code steps} after a resume; 0 when the
     *                      resumed run had already reached {@code totalSteps})
     * @param trainSeconds  wall time of training
     * @param zeroShot      zero-shot results keyed by {@code dataset/templates}
     * @param captions      caption scores on the held-out samples (null when not evaluated)
     * @param provenance    recipe hash, git revision, seeds, data fingerprints
     * @param retrieval     retrieval among the held-out samples (null when not evaluated)
     * @param inputSeconds  seconds of training spent building batches on the training thread (the trainer's
     *                      wait on its input; divide by {@code trainSeconds} for the wait fraction)
     * @param compositionality the hard-negative benchmark of the held-out samples (null when not evaluated)
     */
    public record Report(int trainSamples, int heldOut, int vocabulary, int truncated, long steps, long newSteps,
                         double trainSeconds, Map<String, Evaluations.ZeroShotSummary> zeroShot,
                         Evaluations.CaptionReport captions,
                         Map<String, String> provenance, RetrievalResult retrieval, double inputSeconds,
                         dev.listkit.core.eval.compositional.CompositionalityResult compositionality) {
    }

    /** Runs the recipe. */
    public static Report run(Recipe recipe, Options o) throws ListkitException, IOException {
        RecipeChecks.check(recipe, "recipe " + recipe.name()); // before the run directory exists
        // Before anything is written: another run here needs --resume, and a resume may only extend it.
        List<JsonDiff.Change> extensions = RunDirectory.check(o.runDir(), recipe, o.resume());
        if (!extensions.isEmpty()) {
            LOG.info("resume extends the run: {}", JsonDiff.describe(extensions));
        }
        Files.createDirectories(o.runDir());
        String recipeJson = Json.writePretty(recipe);
        Modality modality = RecipeModels.modality(recipe);
        try {
            return run(recipe, o, modality, recipeJson, extensions);
        } finally {
            LockedTowers.close(modality);
        }
    }

    private static Report run(Recipe recipe, Options o, Modality modality, String recipeJson,
            List<JsonDiff.Change> extensions)
            throws ListkitException, IOException {
        Map<String, String> provenance = Provenance.start(recipe, recipeJson, "seed",
                Long.toString(recipe.train().seed()), modality, o.threads());
        provenance.putAll(Provenance.dataRoots(recipe, o.dataRoot()));
        if (!extensions.isEmpty()) {
            provenance.put("extendedOnResume", JsonDiff.describe(extensions));
        }

        // 1. Paired samples with their features and captions.
        List<PairedSample> train = new ArrayList<>();
        List<PairedSample> heldOut = new ArrayList<>();
        for (Recipe.Source src : recipe.data().train()) {
            SampleSets.Loaded l = SampleSets.load(src.dataset(), src.directory(), src.options(), o.dataRoot(), modality,
                    o.cacheDir().resolve("features"), o.threads());
            SampleSets.Split split = SampleSets.split(src, l, recipe.data().maxCaptionsPerSample(),
                    recipe.train().seed(), recipe.data().captionHoldout());
            train.addAll(split.train());
            heldOut.addAll(split.heldOut());
            int used = split.ids().size();
            int noCaption = split.noCaption();
            StringBuilder ids = new StringBuilder();
            split.ids().forEach(id -> ids.append(id).append('\n'));
            provenance.put("data." + src.dataset(), used + " samples, ids sha256 " + Hashing.sha256(ids.toString()));
            LOG.info("{}: {} paired samples ({} without a caption, {} failed to load)", src.dataset(), used, noCaption,
                    l.failures().size());
        }
        if (train.isEmpty()) {
            throw new ListkitException(recipe.name() + ": no paired training samples");
        }
        LOG.info("training on {} samples, {} held out for caption scoring", train.size(), heldOut.size());

        int length = recipe.model().decoder().maxLength();
        try (CaptionTokenizer tokenizer = CaptionTokenizer.miniLm(Math.max(length, 64));
                FrozenMiniLmTower text = FrozenMiniLmTower.builder()
                        .optBatchSize(64).optThreads(Math.max(1, o.threads()))
                        .optCache(TextEmbeddingCache.open(o.cacheDir().resolve("text").resolve("minilm.lkte"),
                                MiniLmResources.DIM))
                        .build();
                NDManager manager = NDManager.newBaseManager()) {
            // 2. Frozen text features and the caption vocabulary (from training captions only).
            List<String> captions = new ArrayList<>(new LinkedHashSet<>(
                    train.stream().flatMap(s -> s.captions().stream()).toList()));
            // The trainable text tower reads token ids; only the frozen one needs MiniLM features.
            float[][] vectors = recipe.model().text().trainable() ? new float[0][] : text.encode(captions);
            text.cache().get().flush();
            Map<String, float[]> textFeatures = new LinkedHashMap<>();
            for (int i = 0; i < vectors.length; i++) {
                textFeatures.put(captions.get(i), vectors[i]);
            }
            TokenizedBatch tok = tokenizer.encode(captions);
            CaptionVocabulary vocab = CaptionVocabulary.build(tok, MiniLmResources.CLS_ID, MiniLmResources.SEP_ID,
                    MiniLmResources.PAD_ID);
            AtomicFiles.writeString(o.runDir().resolve(RunLayout.VOCABULARY), Json.writePretty(vocab));
            Map<String, long[]> tokens = new LinkedHashMap<>();
            int truncated = 0;
            for (int i = 0; i < captions.size(); i++) {
                long pieces = java.util.Arrays.stream(tok.attentionMask()[i]).sum() - 2; // without CLS and SEP
                if (pieces > length - 2) {
                    truncated++;
                }
                tokens.put(captions.get(i), vocab.encode(tok.ids()[i], tok.attentionMask()[i],
                        MiniLmResources.CLS_ID, MiniLmResources.SEP_ID, length));
            }
            LOG.info("{} distinct captions, vocabulary {} pieces, {} captions cut to {} tokens", captions.size(),
                    vocab.size(), truncated, length);

            // 3. Model and training.
            CocaModel model = RecipeModels.buildModel(recipe, modality, vocab, manager, train.get(0).features().shape());
            CocaStepFunction step = new CocaStepFunction(model, modality, train, textFeatures, tokens,
                    recipe.loss().sigmoid() ? ContrastiveLoss.sigLip() : ContrastiveLoss.infoNce(),
                    new CaptionLoss(CaptionVocabulary.PAD, recipe.loss().labelSmoothing()),
                    recipe.loss().contrastiveWeight(), recipe.loss().captionWeight(), recipe.train().batchSize(),
                    recipe.data().trainCropLastAxis(), true);
            long t0 = System.nanoTime();
            long steps;
            long startStep;
            try (Trainer trainer = Trainer.builder().setBlock(model).setConfig(recipe.train()).setStepFunction(step)
                    .optRunDir(o.runDir()).optProgress(o.progress()).build()) {
                if (o.resume() && trainer.resumeLatest()) {
                    LOG.info("resumed at step {} of {}", trainer.step(), recipe.train().totalSteps());
                } else if (o.resume()) {
                    LOG.info("nothing to resume in {}: starting a new run", o.runDir());
                }
                startStep = trainer.step();
                // Written only once the run is known to fit this directory: a refused resume keeps the old one.
                AtomicFiles.writeString(o.runDir().resolve(RunLayout.RECIPE), recipeJson);
                // Written now as well as at the end, so that a report of a running or killed run shows it.
                AtomicFiles.writeString(o.runDir().resolve("provenance.json"), Json.writePretty(provenance));
                trainer.run();
                trainer.saveCheckpoint();
                steps = trainer.step();
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double inputFraction = trainSeconds > 0 ? step.inputSeconds() / trainSeconds : 0;
            LOG.info(String.format(Locale.ROOT, "input pipeline: %.1f s of %.1f s training (%.1f %%): the trainer's"
                    + " wait on its input", step.inputSeconds(), trainSeconds, 100 * inputFraction));
            LOG.info("trained {} new steps (step {} → {}) in {}", steps - startStep, startStep, steps,
                    Progress.duration(trainSeconds));
            Plots.line(o.runDir().resolve("training-loss.png"), recipe.name() + ": training loss", "step", "loss",
                    MetricsCurves.read(o.runDir().resolve("metrics.jsonl")), 900, 500);

            // 4. Evaluation.
            InferenceModel view = CocaRun.training(o.runDir(), recipe, modality,
                    new CocaInference(model, text, tokenizer, vocab, manager));
            Evaluations.Context ctx = new Evaluations.Context(o.dataRoot(), o.cacheDir(), o.runDir().resolve("eval"),
                    o.threads());
            RunEvaluation.Outcome e = RunEvaluation.run(recipe, view, heldOut, recipe.train().seed(), ctx);
            Report report = new Report(train.size(), heldOut.size(), vocab.size(), truncated, steps, steps - startStep,
                    trainSeconds, e.zeroShot(), e.captions(), provenance, e.retrieval(),
                    Math.round(step.inputSeconds() * 1000) / 1000.0, e.compositionality());
            AtomicFiles.writeString(o.runDir().resolve(RunLayout.PROVENANCE), Json.writePretty(provenance));
            AtomicFiles.writeString(o.runDir().resolve(RunLayout.REPORT), Json.writePretty(report));
            return report;
        }
    }
}
