package dev.listkit.core.train.coca;

import dev.listkit.core.ListkitException;
import dev.listkit.core.train.StepContext;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.StepLoss;

/**
 * Alternates two data sources by optimiser step: a share {@code s} of the updates uses {@code second} (the
 * synthetic pairs), spread evenly (update t uses it when ⌊(t+1)·s⌋ > ⌊t·s⌋: s = 1/2 alternates, s = 1/3 takes
 * every third), the others {@code first} (the paired data). Each source sees its own dense step counter, so
 * its epoch permutation is walked without gaps, and the schedule is a pure function of the step, so a
 * resumed run sees the same batches.
 */
public final class AlternatingStepFunction implements StepFunction {
    private final StepFunction first;
    private final StepFunction second;
    private final double share;

    /** @param every every {@code every}-th update uses {@code second}; must be at least 1 */
    public AlternatingStepFunction(StepFunction first, StepFunction second, int every) {
        this(first, second, check(every));
    }

    /** @param share the share of updates that use {@code second}, in (0, 1] */
    public AlternatingStepFunction(StepFunction first, StepFunction second, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], got " + share);
        }
        this.first = first;
        this.second = second;
        this.share = share;
    }

    private static double check(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1");
        }
        return 1.0 / every;
    }

    /** Updates of {@code second} among the first {@code t} updates: ⌊t·share⌋ (exact for share = 1/n). */
    private long secondBefore(long t) {
        return (long) Math.floor(t * share + 1e-9);
    }

    @Override
    public StepLoss compute(StepContext ctx) throws ListkitException {
        long t = ctx.step();
        long secondSteps = secondBefore(t); // updates of `second` before this one
        boolean useSecond = secondBefore(t + 1) > secondSteps;
        long local = useSecond ? secondSteps : t - secondSteps;
        StepContext c = new StepContext(local, ctx.microStep(), ctx.microSteps(),
                ctx.seed() + (useSecond ? 0x5DEECE66DL : 0), ctx.manager(), ctx.parameters());
        return (useSecond ? second : first).compute(c);
    }
}
