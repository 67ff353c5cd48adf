package dev.listkit.core.train.coca;

import dev.listkit.core.ListkitException;
import dev.listkit.core.train.StepContext;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.StepLoss;

/**
 * Alternates two data sources by optimiser step: every {@code every}-th update uses {@code second}
 * (the synthetic pairs), the others {@code first} (the paired data). Each source sees its own dense
 * step counter, so its epoch permutation is walked without gaps, and the schedule is a pure function
 * of the step, so a resumed run sees the same batches.
 */
public final class AlternatingStepFunction implements StepFunction {
    private final StepFunction first;
    private final StepFunction second;
    private final int every;

    /** @param every every {@code every}-th update uses {@code second}; must be at least 1 */
    public AlternatingStepFunction(StepFunction first, StepFunction second, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1");
        }
        this.first = first;
        this.second = second;
        this.every = every;
    }

    @Override
    public StepLoss compute(StepContext ctx) throws ListkitException {
        long t = ctx.step();
        boolean useSecond = every == 1 || (t + 1) % every == 0;
        long secondSteps = every == 1 ? t : (t + 1) / every; // updates of `second` before this one
        long local = useSecond ? (every == 1 ? t : secondSteps - 1) : t - secondSteps;
        StepContext c = new StepContext(local, ctx.microStep(), ctx.microSteps(),
                ctx.seed() + (useSecond ? 0x5DEECE66DL : 0), ctx.manager(), ctx.parameters());
        return (useSecond ? second : first).compute(c);
    }
}
