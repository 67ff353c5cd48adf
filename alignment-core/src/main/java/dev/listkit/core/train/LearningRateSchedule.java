package dev.listkit.core.train;

/**
 * Linear warm-up to the peak rate, then cosine decay to the floor at {@code totalSteps}; a pure
 * function of the update index, so a resumed run needs no schedule state.
 */
public final class LearningRateSchedule {
    private final double peak;
    private final double floor;
    private final long warmup;
    private final long total;

    /** The schedule of {@code config} (peak, floor, warm-up, total steps). */
    public LearningRateSchedule(TrainConfig config) {
        this.peak = config.learningRate();
        this.floor = config.minLearningRate();
        this.warmup = config.warmupSteps();
        this.total = config.totalSteps();
    }

    /** Learning rate for update {@code step} (0-based): warm-up gives {@code peak * (step + 1) / warmup}. */
    public double at(long step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        long decaySteps = Math.max(1, total - warmup);
        double progress = Math.min(1.0, (double) (step - warmup) / decaySteps);
        return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    }
}
