package dev.listkit.core.train;

import java.util.Map;

/**
 * What one optimiser update did; also the JSONL metrics line.
 *
 * @param step number of completed updates (1-based: the first report has step 1)
 * @param loss mean total loss over the micro-batches
 * @param parts mean of each named loss part
 * @param lr learning rate used for this update
 * @param gradNorm global gradient norm before clipping
 * @param samplesPerSecond throughput since the previous report
 * @param elapsedSeconds wall time since {@link Trainer#run()} started (this process)
 */
public record StepReport(long step, double loss, Map<String, Double> parts, double lr, double gradNorm,
        double samplesPerSecond, double elapsedSeconds) {
    public StepReport {
        parts = Map.copyOf(parts);
    }
}
