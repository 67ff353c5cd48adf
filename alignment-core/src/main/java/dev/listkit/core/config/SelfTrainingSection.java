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
 */
public record SelfTrainingSection(List<String> arms, List<Long> seeds, int rounds, long stepsPerRound,
                                  Long warmupStepsPerRound, Integer syntheticBatchEvery, EngineSection engine) {
    /** Arms a recipe may name. */
    public static final List<String> ARMS = List.of("paired", "list", "oracle");

    public SelfTrainingSection {
        arms = arms == null ? ARMS : List.copyOf(arms);
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        warmupStepsPerRound = warmupStepsPerRound == null ? 0L : warmupStepsPerRound;
        syntheticBatchEvery = syntheticBatchEvery == null ? 2 : syntheticBatchEvery;
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
     */
    public record EngineSection(CaptionStrategy captioner, Integer batchSize, Integer shardSize, List<JsonNode> refiners,
                                List<JsonNode> filters, Boolean recaptionPaired, String runner) {
        public EngineSection {
            runner = runner == null ? "local" : runner;
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
        if (arms.contains("list")) {
            if (engine == null || engine.captioner() == null) {
                throw new ConfigException(source + ": the list arm needs selfTraining.engine.captioner");
            }
            engine.captioner().validate();
            if (engine.batchSize() < 1 || engine.shardSize() < 1) {
                throw new ConfigException(source + ": selfTraining.engine batchSize and shardSize must be >= 1");
            }
        }
    }
}
