package dev.listkit.core.list;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.eval.RetrievalResult;
import dev.listkit.core.eval.compositional.CompositionalityResult;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.inference.InferenceModel;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipe's evaluations of a trained model, the same for a paired run and every self-training round:
 * zero-shot classification per {@code eval.zeroShot} entry, then (with held-out pairs) greedy captions scored
 * against their references, text↔item retrieval among them and the compositionality benchmark made from their
 * captions. Files go to {@code ctx.outDir()}.
 */
final class RunEvaluation {
    private RunEvaluation() {
    }

    /**
     * What the evaluations found.
     *
     * @param zeroShot  per {@code dataset/templates}
     * @param captions  caption scores on the held-out pairs (null when not evaluated)
     * @param retrieval retrieval among the held-out pairs (null when not evaluated)
     * @param compositionality the hard-negative benchmark of the held-out pairs (null when not evaluated)
     */
    record Outcome(Map<String, Evaluations.ZeroShotSummary> zeroShot, Evaluations.CaptionReport captions,
                   RetrievalResult retrieval, CompositionalityResult compositionality) {
        /** The outcome as named numbers, the columns of a self-training run's results. */
        Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            zeroShot.forEach((k, v) -> {
                metrics.put("zeroshot/" + k + "/top1", v.top1());
                metrics.put("zeroshot/" + k + "/top5", v.top5());
            });
            if (captions != null) {
                metrics.put("captions/bleu4", captions.overall().bleu().bleu4());
                metrics.put("captions/ciderD", captions.overall().ciderD());
            }
            if (retrieval != null) {
                metrics.put("retrieval/itemToText/R@1", retrieval.itemToText().r1());
                metrics.put("retrieval/itemToText/R@5", retrieval.itemToText().r5());
                metrics.put("retrieval/itemToText/R@10", retrieval.itemToText().r10());
                metrics.put("retrieval/textToItem/R@1", retrieval.textToItem().r1());
                metrics.put("retrieval/textToItem/R@5", retrieval.textToItem().r5());
                metrics.put("retrieval/textToItem/R@10", retrieval.textToItem().r10());
            }
            if (compositionality != null) {
                if (compositionality.mean() != null) {
                    metrics.put("compositionality/mean", compositionality.mean());
                }
                compositionality.kinds().forEach((k, a) -> {
                    if (a.accuracy() != null) {
                        metrics.put("compositionality/" + k, a.accuracy());
                    }
                });
            }
            return metrics;
        }
    }

    /**
     * Runs every evaluation of {@code recipe} on {@code model}; {@code heldOut} are the held-out pairs;
     * {@code seed} (the run's or the self-training seed) seeds the compositionality benchmark, so every arm and
     * round of a seed answers the same pairs.
     */
    static Outcome run(Recipe recipe, InferenceModel model, List<PairedSample> heldOut, long seed,
            Evaluations.Context ctx) throws ListkitException, IOException {
        return run(recipe, model, heldOut, seed, ctx, true);
    }

    /**
     * As {@link #run(Recipe, InferenceModel, List, long, Evaluations.Context)}; {@code scoreCaptions} false skips
     * the caption scores even when the recipe asks for them (a contrastive-only model has no trained decoder).
     */
    static Outcome run(Recipe recipe, InferenceModel model, List<PairedSample> heldOut, long seed,
            Evaluations.Context ctx, boolean scoreCaptions) throws ListkitException, IOException {
        Map<String, Evaluations.ZeroShotSummary> zeroShot = new LinkedHashMap<>();
        for (Recipe.ZeroShotSpec spec : recipe.eval().zeroShot()) {
            zeroShot.putAll(Evaluations.zeroShot(spec, model, ctx));
        }
        Evaluations.CaptionReport captions = null;
        if (scoreCaptions && recipe.eval().captions() && !heldOut.isEmpty()) {
            captions = Evaluations.captions(heldOut.stream().map(PairedSample::id).toList(),
                    heldOut.stream().map(PairedSample::features).toList(),
                    heldOut.stream().map(PairedSample::captions).toList(), model,
                    CaptionStrategy.greedy(recipe.model().decoder().maxLength() - 1), ctx, "heldout");
        }
        RetrievalResult retrieval = null;
        if (recipe.eval().retrieval() && !heldOut.isEmpty()) {
            retrieval = Evaluations.retrieval("heldout", heldOut.stream().map(PairedSample::features).toList(),
                    heldOut.stream().map(PairedSample::captions).toList(), model, ctx);
        }
        CompositionalityResult compositionality = null;
        if (recipe.eval().compositionality() && !heldOut.isEmpty()) {
            compositionality = Evaluations.compositionality("heldout", heldOut.stream().map(PairedSample::id).toList(),
                    heldOut.stream().map(PairedSample::features).toList(),
                    heldOut.stream().map(PairedSample::captions).toList(), seed, model, ctx);
        }
        return new Outcome(zeroShot, captions, retrieval, compositionality);
    }
}
