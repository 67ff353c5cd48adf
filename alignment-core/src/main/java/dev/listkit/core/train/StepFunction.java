package dev.listkit.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.listkit.core.ListkitException;

/**
 * The model-specific half of a training step: build the micro-batch for {@code ctx.step()} /
 * {@code ctx.microStep()}, run the forward pass and return the loss. The {@link Trainer} does the
 * rest (backward, accumulation, clipping, AdamW, schedule, logging, checkpoints).
 *
 * <p>Create every array in {@code ctx.manager()} (or from arrays that live there): that manager is
 * closed when the micro-step ends, which is what keeps native memory flat.
 *
 * <p>For exact resume, derive data order from {@code ctx.random()} / {@code ctx.step()}; a data source
 * with its own cursor returns it from {@link #state()} and takes it back in {@link #restore(JsonNode)}.
 *
 * <pre>
 * StepFunction fn = ctx -&gt; {
 *     NDList batch = data.batch(ctx.manager(), ctx.random());       // (B, ...)
 *     NDArray logits = block.forward(ctx.parameters(), batch, true).head();
 *     return StepLoss.of(loss(logits, labels));
 * };
 * </pre>
 */
@FunctionalInterface
public interface StepFunction {
    /** Computes the (scalar) loss of one micro-batch in training mode. */
    StepLoss compute(StepContext ctx) throws ListkitException;

    /** Data-order state stored in checkpoints; {@code null} node when the function is stateless. */
    default JsonNode state() {
        return NullNode.getInstance();
    }

    /** Restores what {@link #state()} returned when the checkpoint was written. */
    default void restore(JsonNode state) throws ListkitException {
    }
}
