package dev.listkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import java.util.List;

/**
 * The LIST self-training loop of a recipe: which arms to run, over which seeds, for how many rounds,
 * and the data engine of each round.
 *
 * <p>Every arm trains round 0 for {@code train.totalSteps} and then {@code stepsPerRound} more steps per
 * round from the previous round's weights (fresh optimiser, short warm-up), so all arms get the same
 * number of updates and differ only in their data:
 * <ul>
 *   <li>{@code paired}: the paired sources and the paired fraction of the pool;
 *   <li>{@code list}: the same, plus the synthetic pairs the data engine makes from the unpaired pool with
 *       the current model; batches alternate between paired and synthetic data;
 *   <li>{@code oracle}: the paired sources and the whole pool with its true (label) captions.
 * </ul>
 *
 * @param arms              arms to run, from {@code paired}, {@code list}, {@code oracle}
 * @param seeds             seeds; each (arm, seed) is a separate run (paired and list share round 0)
 * @param rounds            self-training rounds after round 0
 * @param stepsPerRound     optimiser steps per round after round 0
 * @param warmupStepsPerRound warm-up steps of each later round
 * @param syntheticBatchEvery every n-th batch of a {@code list} round is synthetic (2 = alternate)
 * @param engine            the data engine (captioner, refiners, filters)
 * @param syntheticShare    the share of a {@code list} round's batches that are synthetic, one value per round
 *                          from round 1 (the last repeats), each in (0, 1]: a schedule such as {@code [0.25, 0.5]};
 *                          null: {@code 1 / syntheticBatchEvery} every round
 * @param syntheticWeights  weights of the synthetic pairs in each loss, multiplying {@code loss.*Weight}
 *                          (default 1 and 1)
 * @param captioner         {@code joint} (default): one CoCa model captions and aligns, trained with both losses;
 *                          {@code separate}: as the LIST paper, every arm's alignment model trains the contrastive
 *                          loss only, and the {@code list} arm has its own captioner (caption loss only, the same
 *                          data and rounds) that the data engine captions with
 */
public record SelfTrainingSection(List<String> arms, List<Long> seeds, int rounds, long stepsPerRound,
                                  Long warmupStepsPerRound, Integer syntheticBatchEvery, EngineSection engine,
                                  List<Double> syntheticShare, SyntheticWeights syntheticWeights, String captioner) {
    /** Arms a recipe may name. */
    public static final List<String> ARMS = List.of("paired", "list", "oracle");
    /** Values of {@code captioner}. */
    public static final List<String> CAPTIONERS = List.of("joint", "separate");

    public SelfTrainingSection {
        arms = arms == null ? ARMS : List.copyOf(arms);
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        warmupStepsPerRound = warmupStepsPerRound == null ? 0L : warmupStepsPerRound;
        syntheticBatchEvery = syntheticBatchEvery == null ? 2 : syntheticBatchEvery;
        syntheticShare = syntheticShare == null ? null : List.copyOf(syntheticShare);
        syntheticWeights = syntheticWeights == null ? new SyntheticWeights(null, null) : syntheticWeights;
        captioner = captioner == null ? "joint" : captioner;
    }

    /**
     * Weights of the synthetic pairs, multiplying the recipe's loss weights on synthetic batches.
     *
     * @param contrastive weight in the contrastive loss (default 1)
     * @param caption     weight in the caption loss (default 1; 0 keeps the captioner off its own captions)
     */
    public record SyntheticWeights(Double contrastive, Double caption) {
        public SyntheticWeights {
            contrastive = contrastive == null ? 1.0 : contrastive;
            caption = caption == null ? 1.0 : caption;
        }
    }

    /** The share of synthetic batches in round {@code round} >= 1. */
    public double syntheticShareAt(int round) {
        if (syntheticShare == null || syntheticShare.isEmpty()) {
            return 1.0 / syntheticBatchEvery;
        }
        return syntheticShare.get(Math.min(round, syntheticShare.size()) - 1);
    }

    /** True when the captioner is a model of its own ({@code captioner: separate}). */
    public boolean separateCaptioner() {
        return captioner.equals("separate");
    }

    /**
     * @param captioner       how candidates are generated (usually nucleus with several candidates)
     * @param batchSize       samples per captioning batch
     * @param shardSize       samples per shard (a finished shard is never recomputed)
     * @param refiners        refiner chain: each entry has an {@code id} and that refiner's keys
     * @param filters         filter chain: each entry has an {@code id} and that filter's keys
     * @param recaptionPaired also caption the paired samples; accepted captions are added to their own
     * @param runner          the engine runner of each round ({@code local}, default, or {@code spark} with the
     *                        engine-spark module on the class path); {@code listkit train --runner} sets it
     * @param scorer          the model that reranks, refines and scores the captions (CapFilt's filter):
     *                        {@code current} (default: the alignment model being self-trained, the round before),
     *                        {@code paired} (the paired arm's model of the round before, same seed: never trained on
     *                        synthetic pairs) or {@code round0} (the model after round 0, frozen)
     */
    public record EngineSection(CaptionStrategy captioner, Integer batchSize, Integer shardSize, List<JsonNode> refiners,
                                List<JsonNode> filters, Boolean recaptionPaired, String runner, String scorer) {
        /** Values of {@code scorer}. */
        public static final List<String> SCORERS = List.of("current", "paired", "round0");

        public EngineSection {
            runner = runner == null ? "local" : runner;
            scorer = scorer == null ? "current" : scorer;
            batchSize = batchSize == null ? 32 : batchSize;
            shardSize = shardSize == null ? 256 : shardSize;
            refiners = refiners == null ? List.of() : List.copyOf(refiners);
            filters = filters == null ? List.of() : List.copyOf(filters);
            recaptionPaired = recaptionPaired != null && recaptionPaired;
        }
    }

    void validate(String source) throws ConfigException {
        for (String a : arms) {
            if (!ARMS.contains(a)) {
                throw new ConfigException(source + ": selfTraining.arms: unknown arm '" + a + "'; accepted: " + ARMS);
            }
        }
        if (seeds.isEmpty()) {
            throw new ConfigException(source + ": selfTraining.seeds needs at least one seed");
        }
        if (rounds < 0 || (rounds > 0 && stepsPerRound < 1)) {
            throw new ConfigException(source + ": selfTraining.rounds must be >= 0 and stepsPerRound >= 1");
        }
        if (warmupStepsPerRound < 0 || warmupStepsPerRound > stepsPerRound || syntheticBatchEvery < 1) {
            throw new ConfigException(source + ": selfTraining.warmupStepsPerRound must be in [0, stepsPerRound]"
                    + " and syntheticBatchEvery >= 1");
        }
        if (syntheticShare != null) {
            if (syntheticShare.isEmpty() || syntheticShare.stream().anyMatch(v -> v == null || !(v > 0 && v <= 1))) {
                throw new ConfigException(source + ": selfTraining.syntheticShare needs one value in (0, 1] per round,"
                        + " got " + syntheticShare);
            }
        }
        if (!(syntheticWeights.contrastive() >= 0 && syntheticWeights.caption() >= 0
                && syntheticWeights.contrastive() + syntheticWeights.caption() > 0)) {
            throw new ConfigException(source + ": selfTraining.syntheticWeights must be >= 0 and not both 0, got "
                    + syntheticWeights);
        }
        if (!CAPTIONERS.contains(captioner)) {
            throw new ConfigException(source + ": selfTraining.captioner must be one of " + CAPTIONERS + ", got '"
                    + captioner + "'");
        }
        if (arms.contains("list")) {
            if (engine == null || engine.captioner() == null) {
                throw new ConfigException(source + ": the list arm needs selfTraining.engine.captioner");
            }
            engine.captioner().validate();
            if (!EngineSection.SCORERS.contains(engine.scorer())) {
                throw new ConfigException(source + ": selfTraining.engine.scorer must be one of " + EngineSection.SCORERS
                        + ", got '" + engine.scorer() + "'");
            }
            if (engine.scorer().equals("paired") && !arms.contains("paired")) {
                throw new ConfigException(source + ": selfTraining.engine.scorer 'paired' needs the paired arm in"
                        + " selfTraining.arms " + arms);
            }
            if (engine.batchSize() < 1 || engine.shardSize() < 1) {
                throw new ConfigException(source + ": selfTraining.engine batchSize and shardSize must be >= 1");
            }
        }
    }
}
