package dev.listkit.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.listkit.core.ListkitException;
import dev.listkit.core.nn.Scalars;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.JsonDiff;
import dev.listkit.core.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generic training loop for any initialised DJL {@link Block}: the {@link StepFunction} gives the
 * loss of a micro-batch, the trainer does backward, gradient accumulation, global-norm clipping,
 * AdamW ({@link AdamW}), warm-up + cosine schedule, JSONL metrics, a progress bar and atomic,
 * hash-checked checkpoints that resume exactly.
 *
 * <p>Ownership: the block's parameters stay owned by whoever initialised the block (e.g. a
 * {@code Model}). The trainer owns one base manager for optimiser state and per-step scopes, and
 * closes it in {@link #close()}; every micro-step's arrays are freed when the micro-step ends.
 *
 * <pre>
 * try (Trainer t = Trainer.builder().setBlock(block).setConfig(cfg).setStepFunction(fn)
 *         .optRunDir(Path.of("runs/x")).build()) {
 *     t.resumeLatest();   // no-op when there is no checkpoint yet
 *     t.run();
 * }
 * </pre>
 */
public final class Trainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private static final String CKPT_DIR = "checkpoints";
    private static final String LATEST = "latest";

    private final Block block;
    private final TrainConfig config;
    private final StepFunction stepFunction;
    private final Path runDir;
    private final boolean progress;
    private final List<StepListener> listeners;
    private final NDManager manager;
    private final ParameterStore store;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private MetricsLog metrics;
    private long step;
    private long skippedUpdates;

    private Trainer(Builder b) {
        block = b.block;
        config = b.config;
        stepFunction = b.stepFunction;
        runDir = b.runDir;
        progress = b.progress;
        listeners = List.copyOf(b.listeners);
        manager = NDManager.newBaseManager();
        store = new ParameterStore(manager, false);
        optimizer = new AdamW(manager, config.beta1(), config.beta2(), config.eps(), config.weightDecay());
        schedule = new LearningRateSchedule(config);
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.put(p.getKey(), p.getValue());
            if (p.getValue().requiresGradient() && !p.getValue().getArray().hasGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /** A builder; {@code setBlock}, {@code setConfig} and {@code setStepFunction} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Completed optimiser updates. */
    public long step() {
        return step;
    }

    /** Updates skipped in this process because the gradient norm was NaN or infinite. */
    public long skippedUpdates() {
        return skippedUpdates;
    }

    /** The config this trainer runs. */
    public TrainConfig config() {
        return config;
    }

    /** Trains until {@code config.totalSteps()} updates are done. */
    public void run() throws ListkitException {
        runUntil(config.totalSteps());
    }

    /** Trains until {@code target} updates are done (at most {@code totalSteps}). */
    public void runUntil(long target) throws ListkitException {
        long end = Math.min(target, config.totalSteps());
        long startNanos = System.nanoTime();
        long lastNanos = startNanos;
        long lastStep = step;
        try (Progress bar = progress ? Progress.start("train", end, "steps", Math.min(step, end)) : null) {
            if (runDir != null) {
                metricsLog(); // opened at the resumed step, so lines of a crashed later run are dropped
            }
            while (step < end) {
                StepReport partial = update();
                long now = System.nanoTime();
                boolean log = step % config.logEvery() == 0 || step == end;
                double rate = config.batchSize() * (double) config.gradAccumulationSteps() * (step - lastStep)
                        / Math.max(1e-9, (now - lastNanos) / 1e9);
                StepReport report = new StepReport(step, partial.loss(), partial.parts(), partial.lr(),
                        partial.gradNorm(), rate, (now - startNanos) / 1e9);
                if (log) {
                    lastNanos = now;
                    lastStep = step;
                    if (runDir != null) {
                        metricsLog().append(report);
                    }
                }
                if (bar != null) {
                    bar.step();
                    bar.extra(String.format(Locale.ROOT, "loss=%.4f, %.1f samples/s", report.loss(), rate));
                }
                for (StepListener l : listeners) {
                    l.afterStep(report);
                }
                if (runDir != null && config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) {
                    saveCheckpoint();
                }
            }
        } catch (IOException e) {
            throw new ListkitException("training run in " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** One optimiser update: micro-batches, backward, clip, AdamW, zero gradients. */
    private StepReport update() throws ListkitException {
        int micro = config.gradAccumulationSteps();
        double lossSum = 0;
        Map<String, Double> partSums = new LinkedHashMap<>();
        // Engine randomness (dropout, random crops on the engine) depends on the step only.
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step));
        for (int i = 0; i < micro; i++) {
            try (NDManager scope = manager.newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                StepLoss loss = stepFunction.compute(new StepContext(step, i, micro, config.seed(), scope, store));
                NDArray total = micro > 1 ? Scalars.div(loss.total(), micro) : loss.total();
                gc.backward(total);
                lossSum += loss.total().getFloat();
                for (Map.Entry<String, NDArray> e : loss.parts().entrySet()) {
                    partSums.merge(e.getKey(), (double) e.getValue().getFloat(), Double::sum);
                }
            }
        }
        double lr = schedule.at(step);
        double norm;
        try (NDManager scope = manager.newSubManager()) {
            List<String> names = new ArrayList<>();
            List<NDArray> grads = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray w = e.getValue().getArray();
                if (!e.getValue().requiresGradient() || !w.hasGradient()) {
                    continue;
                }
                NDArray g = w.getGradient(); // a new handle on w's grad buffer: freed with the scope
                if (g == null) {
                    continue; // unused in this step's graph
                }
                g.attach(scope);
                names.add(e.getKey());
                grads.add(g);
            }
            norm = Gradients.clipGlobalNorm(grads, config.gradClipNorm());
            boolean finite = Double.isFinite(norm);
            if (!finite) {
                // One bad batch must not turn every weight into NaN: skip the update, as AMP's grad scaler does.
                skippedUpdates++;
                LOG.warn("step {}: gradient norm {}, update skipped ({} so far)", step, norm, skippedUpdates);
            }
            for (int i = 0; i < grads.size(); i++) {
                Parameter p = parameters.get(names.get(i));
                if (finite) {
                    optimizer.update(names.get(i), p.getArray(), grads.get(i), lr);
                }
                Gradients.zero(p.getArray());
            }
            if (finite) {
                optimizer.finishStep();
            }
        }
        step++;
        Map<String, Double> parts = new LinkedHashMap<>();
        partSums.forEach((k, v) -> parts.put(k, v / micro));
        return new StepReport(step, lossSum / micro, parts, lr, norm, 0, 0);
    }

    /** Writes a checkpoint of the current state under {@code runDir/checkpoints} and returns its path. */
    public Path saveCheckpoint() throws IOException {
        Objects.requireNonNull(runDir, "saveCheckpoint needs optRunDir");
        Map<String, TensorBlob> tensors = new LinkedHashMap<>();
        parameters.forEach((name, p) -> tensors.put(Checkpoint.PARAM + name, TensorBlob.of(p.getArray())));
        optimizer.firstMoments().forEach((n, a) -> tensors.put(Checkpoint.FIRST_MOMENT + n, TensorBlob.of(a)));
        optimizer.secondMoments().forEach((n, a) -> tensors.put(Checkpoint.SECOND_MOMENT + n, TensorBlob.of(a)));
        Path dir = runDir.resolve(CKPT_DIR);
        Path file = dir.resolve(String.format("step-%08d.lkckpt", step));
        CheckpointFile.write(file, new Checkpoint(step, config, stepFunction.state(), tensors));
        dev.listkit.core.io.AtomicFiles.writeString(dir.resolve(LATEST), file.getFileName() + "\n");
        return file;
    }

    /** Resumes from {@code runDir/checkpoints/latest} if present; returns whether it did. */
    public boolean resumeLatest() throws ListkitException {
        if (runDir == null) {
            return false;
        }
        Path latest = runDir.resolve(CKPT_DIR).resolve(LATEST);
        if (!Files.exists(latest)) {
            return false;
        }
        try {
            resume(latest.resolveSibling(Files.readString(latest, StandardCharsets.UTF_8).strip()));
        } catch (IOException e) {
            throw new CheckpointException(latest, "cannot read: " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * Restores parameters, optimiser moments and step count, and the step function's data state. The
     * file is verified (hash, architecture, config) before anything is changed.
     *
     * @throws CheckpointException corrupt file, other architecture (names the parameter and shapes),
     *     or a config that differs in anything but {@code checkpointEvery} / {@code logEvery} and a
     *     {@code totalSteps} at or beyond the saved step (named as {@code train.KEY: old → new})
     */
    public void resume(Path file) throws ListkitException {
        Checkpoint ckpt = CheckpointFile.read(file);
        // A longer run continues from the saved step: the schedule is a pure function of (step, config),
        // so the new totalSteps recomputes the cosine for the remaining updates.
        TrainConfig theirs = ckpt.config().withCheckpointEvery(config.checkpointEvery());
        if (config.totalSteps() >= ckpt.step()) {
            theirs = theirs.withTotalSteps(config.totalSteps());
        }
        if (!normalised(theirs).equals(normalised(config))) {
            List<JsonDiff.Change> changes = JsonDiff.diff(Json.MAPPER.valueToTree(normalised(theirs)),
                    Json.MAPPER.valueToTree(normalised(config)));
            throw new CheckpointException(file, "written at step " + ckpt.step() + " with another train config: "
                    + JsonDiff.describe(changes.stream().map(c -> new JsonDiff.Change("train." + c.path(), c.before(),
                            c.after())).toList())
                    + (config.totalSteps() < ckpt.step() ? " (totalSteps may grow, not end before the saved step)"
                            : ""));
        }
        new ArchitectureCheck(file).verify(parameters, ckpt.tensors());
        NoGrad noGrad = new NoGrad();
        try {
            parameters.forEach((name, p) -> ckpt.tensors().get(Checkpoint.PARAM + name).copyInto(p.getArray()));
        } finally {
            noGrad.close();
        }
        Map<String, NDArray> m = new LinkedHashMap<>();
        Map<String, NDArray> v = new LinkedHashMap<>();
        ckpt.tensors().forEach((k, t) -> {
            if (k.startsWith(Checkpoint.FIRST_MOMENT)) {
                m.put(k.substring(Checkpoint.FIRST_MOMENT.length()), t.toArray(manager));
            } else if (k.startsWith(Checkpoint.SECOND_MOMENT)) {
                v.put(k.substring(Checkpoint.SECOND_MOMENT.length()), t.toArray(manager));
            }
        });
        optimizer.restore(m, v, ckpt.step());
        stepFunction.restore(ckpt.dataState());
        step = ckpt.step();
        if (metrics != null) {
            try {
                metrics.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            metrics = null;
        }
    }

    private static TrainConfig normalised(TrainConfig c) {
        return new TrainConfig(c.totalSteps(), c.batchSize(), c.learningRate(), c.minLearningRate(), c.weightDecay(),
                c.beta1(), c.beta2(), c.eps(), c.warmupSteps(), c.gradClipNorm(), c.gradAccumulationSteps(),
                c.seed(), 0, 1);
    }

    private MetricsLog metricsLog() throws IOException {
        if (metrics == null) {
            metrics = new MetricsLog(runDir.resolve("metrics.jsonl"), step);
        }
        return metrics;
    }

    /** Frees optimiser state and scopes; the block's parameters are left to their owner. */
    @Override
    public void close() {
        try {
            if (metrics != null) {
                metrics.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            manager.close();
        }
    }

    /** Builder in DJL style: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private Block block;
        private TrainConfig config;
        private StepFunction stepFunction;
        private Path runDir;
        private boolean progress;
        private final List<StepListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The block to train; it must already be initialised (its parameters have arrays). */
        public Builder setBlock(Block value) {
            block = value;
            return this;
        }

        public Builder setConfig(TrainConfig value) {
            config = value;
            return this;
        }

        public Builder setStepFunction(StepFunction value) {
            stepFunction = value;
            return this;
        }

        /** Where {@code metrics.jsonl} and {@code checkpoints/} go; without it nothing is written. */
        public Builder optRunDir(Path value) {
            runDir = value;
            return this;
        }

        /** Shows a progress bar on stderr (loss, samples/s, ETA); off by default. */
        public Builder optProgress(boolean value) {
            progress = value;
            return this;
        }

        public Builder addListener(StepListener value) {
            listeners.add(value);
            return this;
        }

        /** Validates and builds; throws {@link dev.listkit.core.ConfigException} for a bad config. */
        public Trainer build() throws dev.listkit.core.ConfigException {
            if (block == null || config == null || stepFunction == null) {
                throw new IllegalStateException("Trainer.builder(): setBlock, setConfig and setStepFunction are required");
            }
            config.validate();
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!p.getValue().isInitialized()) {
                    throw new IllegalStateException("block parameter " + p.getKey()
                            + " is not initialised: call block.initialize(manager, dataType, inputShapes) first");
                }
            }
            return new Trainer(this);
        }
    }
}
