package dev.listkit.core.train;

/** Called by the {@link Trainer} after every optimiser update, on the training thread. */
@FunctionalInterface
public interface StepListener {
    void afterStep(StepReport report);
}
