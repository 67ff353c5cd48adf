package dev.listkit.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;

/**
 * What a {@link StepFunction} gets for one micro-batch. {@code manager} is a scope owned by the trainer
 * and closed after the micro-step; {@code parameters} is the store to pass to {@code Block.forward}.
 *
 * @param step optimiser update index (0-based)
 * @param microStep micro-batch index within the update, {@code 0 <= microStep < microSteps}
 * @param microSteps micro-batches per update (gradient accumulation)
 * @param seed run seed from the config
 */
public record StepContext(long step, int microStep, int microSteps, long seed, NDManager manager,
        ParameterStore parameters) {

    /**
     * A generator determined by (seed, step, microStep) only, so a resumed run draws the same batches;
     * a new instance on every call.
     */
    public SplittableRandom random() {
        long h = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + microStep * 0x94D049BB133111EBL;
        return new SplittableRandom(h);
    }
}
