package dev.listkit.core.train;

import dev.listkit.core.ConfigException;

/**
 * What the {@link Trainer} does, independent of what it trains. Immutable; read from JSON with
 * {@code Json.bind(node, TrainConfig.class, "train config")} and then {@link #validate()}d.
 *
 * @param totalSteps optimiser updates in the whole run (the cosine schedule ends here)
 * @param batchSize samples per micro-batch (used for samples/s; the step function builds batches)
 * @param learningRate peak learning rate, reached after {@code warmupSteps}
 * @param minLearningRate learning rate at {@code totalSteps} (cosine floor)
 * @param weightDecay decoupled (AdamW) decay; applied to parameters with two or more dimensions only
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param eps added to the bias-corrected second-moment root
 * @param warmupSteps linear warm-up from 0 to {@code learningRate}
 * @param gradClipNorm global L2 norm clip; 0 disables clipping
 * @param gradAccumulationSteps micro-batches per optimiser update (losses are averaged)
 * @param seed seeds data order and engine randomness per step, so a resumed run repeats exactly
 * @param checkpointEvery write a checkpoint every this many updates; 0 disables periodic checkpoints
 * @param logEvery append a metrics line every this many updates
 */
public record TrainConfig(long totalSteps, int batchSize, double learningRate, double minLearningRate,
        double weightDecay, double beta1, double beta2, double eps, long warmupSteps, double gradClipNorm,
        int gradAccumulationSteps, long seed, long checkpointEvery, long logEvery) {

    /** A config with common defaults (AdamW 0.9/0.98, eps 1e-6, wd 0.1, clip 1.0) for {@code totalSteps}. */
    public static TrainConfig defaults(long totalSteps, int batchSize, double learningRate) {
        return new TrainConfig(totalSteps, batchSize, learningRate, 0.0, 0.1, 0.9, 0.98, 1e-6,
                Math.min(totalSteps / 10, 1000), 1.0, 1, 0, 0, 10);
    }

    /** Checks ranges; the message names the key and the accepted range. */
    public TrainConfig validate() throws ConfigException {
        require(totalSteps > 0, "totalSteps must be > 0, got " + totalSteps);
        require(batchSize > 0, "batchSize must be > 0, got " + batchSize);
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be finite and > 0");
        require(minLearningRate >= 0 && minLearningRate <= learningRate,
                "minLearningRate must be in [0, learningRate], got " + minLearningRate);
        require(weightDecay >= 0, "weightDecay must be >= 0, got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
        require(eps > 0, "eps must be > 0, got " + eps);
        require(warmupSteps >= 0 && warmupSteps <= totalSteps, "warmupSteps must be in [0, totalSteps]");
        require(gradClipNorm >= 0, "gradClipNorm must be >= 0 (0 = off), got " + gradClipNorm);
        require(gradAccumulationSteps >= 1, "gradAccumulationSteps must be >= 1, got " + gradAccumulationSteps);
        require(checkpointEvery >= 0, "checkpointEvery must be >= 0 (0 = off), got " + checkpointEvery);
        require(logEvery >= 1, "logEvery must be >= 1, got " + logEvery);
        return this;
    }

    /** Copy with another step budget. */
    public TrainConfig withTotalSteps(long steps) {
        return new TrainConfig(steps, batchSize, learningRate, minLearningRate, weightDecay, beta1, beta2, eps,
                warmupSteps, gradClipNorm, gradAccumulationSteps, seed, checkpointEvery, logEvery);
    }

    /** Copy with another checkpoint interval. */
    public TrainConfig withCheckpointEvery(long every) {
        return new TrainConfig(totalSteps, batchSize, learningRate, minLearningRate, weightDecay, beta1, beta2, eps,
                warmupSteps, gradClipNorm, gradAccumulationSteps, seed, every, logEvery);
    }

    /** Copy with other warm-up and clipping. */
    public TrainConfig withSchedule(long warmup, double minLr, double clipNorm) {
        return new TrainConfig(totalSteps, batchSize, learningRate, minLr, weightDecay, beta1, beta2, eps,
                warmup, clipNorm, gradAccumulationSteps, seed, checkpointEvery, logEvery);
    }

    /** Copy with another accumulation count and seed. */
    public TrainConfig withAccumulation(int microBatches, long newSeed) {
        return new TrainConfig(totalSteps, batchSize, learningRate, minLearningRate, weightDecay, beta1, beta2, eps,
                warmupSteps, gradClipNorm, microBatches, newSeed, checkpointEvery, logEvery);
    }

    private static void require(boolean ok, String message) throws ConfigException {
        if (!ok) {
            throw new ConfigException("train config: " + message);
        }
    }
}
