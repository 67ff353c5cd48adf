package dev.listkit.core.list;

import java.util.List;
import java.util.Map;

/**
 * One evaluated round of one (arm, seed) of a self-training run; {@code report.json} of the round directory.
 *
 * @param arm            {@code paired}, {@code list} or {@code oracle}
 * @param seed           experiment seed
 * @param round          round number (0 = paired training only)
 * @param steps          optimiser steps of the round
 * @param trainSeconds   wall time of the round's training
 * @param engineSeconds  wall time of the round's data engine (0 without one)
 * @param pairedSamples  paired samples trained on
 * @param syntheticPairs synthetic pairs trained on (accepted by this round's engine)
 * @param poolSize       unpaired pool samples
 * @param metrics        evaluation metrics by name ({@link RunEvaluation.Outcome#metrics}), and for a round with a
 *                       data engine its pseudo-label counts and precision ({@code engine/...}, {@link LabelPrecision})
 * @param notes          what a reader must know about the round, e.g. that its engine accepted no pair and it
 *                       trained on paired data only (empty by default)
 * @param evalSeconds    wall time of the round's evaluation (0 when not measured)
 * @param captionerSeconds wall time spent training (or loading) a separate captioner for this round's engine (0
 *                       without one); not part of {@code engineSeconds}
 */
public record RoundReport(String arm, long seed, int round, long steps, double trainSeconds, double engineSeconds,
                          int pairedSamples, int syntheticPairs, int poolSize, Map<String, Double> metrics,
                          List<String> notes, double evalSeconds, double captionerSeconds) {
    public RoundReport {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A round with notes, without the evaluation and captioner times. */
    public RoundReport(String arm, long seed, int round, long steps, double trainSeconds, double engineSeconds,
            int pairedSamples, int syntheticPairs, int poolSize, Map<String, Double> metrics, List<String> notes) {
        this(arm, seed, round, steps, trainSeconds, engineSeconds, pairedSamples, syntheticPairs, poolSize, metrics,
                notes, 0, 0);
    }

    /** A round without notes. */
    public RoundReport(String arm, long seed, int round, long steps, double trainSeconds, double engineSeconds,
            int pairedSamples, int syntheticPairs, int poolSize, Map<String, Double> metrics) {
        this(arm, seed, round, steps, trainSeconds, engineSeconds, pairedSamples, syntheticPairs, poolSize, metrics,
                List.of());
    }
}
