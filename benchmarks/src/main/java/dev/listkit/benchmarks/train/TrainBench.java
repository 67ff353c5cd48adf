package dev.listkit.benchmarks.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.listkit.audio.encoder.CnnEncoder;
import dev.listkit.audio.encoder.CnnEncoderConfig;
import dev.listkit.core.ListkitException;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.StepLoss;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Training-step throughput of a classifier over the slim audio {@link CnnEncoder} (16-32-64-128; its pooled
 * {@code (B, D)} output, then a linear head: the network of {@code scripts/bench_train.py}) on random
 * {@code (B, 1, 64, 250)} inputs, the Java half of {@code scripts/bench_train.sh}. Prints {@code <mode> samples/s=<median> per-rep=[...]}.
 *
 * <pre>
 * java -cp ... dev.listkit.benchmarks.train.TrainBench --mode djl --reps 3
 * </pre>
 */
public final class TrainBench {
    private TrainBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = "djl";
        int batch = 32, mels = 64, frames = 250, classes = 50, warmup = 3, iters = 5, reps = 1;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--mode" -> mode = v;
                case "--batch" -> batch = Integer.parseInt(v);
                case "--mels" -> mels = Integer.parseInt(v);
                case "--frames" -> frames = Integer.parseInt(v);
                case "--classes" -> classes = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--iters" -> iters = Integer.parseInt(v);
                case "--reps" -> reps = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        double[] rates = switch (mode) {
            case "djl" -> stockDjl(batch, mels, frames, classes, warmup, iters, reps, true);
            case "djl-leaky" -> stockDjl(batch, mels, frames, classes, warmup, iters, reps, false);
            case "listkit" -> listkit(batch, mels, frames, classes, warmup, iters, reps);
            default -> throw new IllegalArgumentException("unknown mode " + mode + "; modes: djl, djl-leaky, listkit");
        };
        System.out.println(dev.listkit.benchmarks.BenchEnvironment.torch());
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        List<String> per = new ArrayList<>();
        for (double r : rates) {
            per.add(String.format("%.2f", r));
        }
        System.out.printf("%s samples/s=%.2f per-rep=%s threads=%d/%d%n", mode, sorted[sorted.length / 2], per,
                ai.djl.pytorch.jni.JniUtils.getNumThreads(), ai.djl.pytorch.jni.JniUtils.getNumInteropThreads());
    }

    /**
     * DJL's own Trainer + Optimizer.adamW, the way the DJL examples train. With {@code scoped} false the
     * batch stays in the trainer's manager, so every intermediate of every step stays alive until the
     * trainer closes (the easy mistake that grows native memory; mode {@code djl-leaky}).
     */
    private static double[] stockDjl(int batch, int mels, int frames, int classes, int warmup, int iters, int reps,
            boolean scoped) {
        double[] rates = new double[reps];
        try (Model model = Model.newInstance("bench")) {
            model.setBlock(network(classes));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-3f))
                            .optWeightDecays(0.01f).build());
            try (ai.djl.training.Trainer trainer = model.newTrainer(cfg)) {
                NDManager m = trainer.getManager();
                trainer.initialize(new Shape(batch, 1, mels, frames));
                NDArray x = m.randomNormal(new Shape(batch, 1, mels, frames)); // (B, 1, F, T)
                NDArray y = m.randomInteger(0, classes, new Shape(batch), DataType.INT64); // (B)
                for (int i = 0; i < warmup; i++) {
                    stockStep(trainer, x, y, scoped);
                }
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < iters; i++) {
                        stockStep(trainer, x, y, scoped);
                    }
                    rates[r] = batch * (double) iters / ((System.nanoTime() - t0) / 1e9);
                }
            }
        }
        return rates;
    }

    /** The same network and batch through {@link Trainer} (fused in-place AdamW, step-scoped memory). */
    private static double[] listkit(int batch, int mels, int frames, int classes, int warmup, int iters, int reps)
            throws ListkitException {
        double[] rates = new double[reps];
        TrainConfig cfg = new TrainConfig(warmup + (long) iters * reps, batch, 1e-3, 1e-3, 0.01, 0.9, 0.999, 1e-8,
                0, 0, 1, 0, 0, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = network(classes);
            net.initialize(m, DataType.FLOAT32, new Shape(batch, 1, mels, frames));
            NDArray x = m.randomNormal(new Shape(batch, 1, mels, frames)); // (B, 1, F, T)
            NDArray y = m.randomInteger(0, classes, new Shape(batch), DataType.INT64); // (B)
            Loss ce = Loss.softmaxCrossEntropyLoss();
            StepFunction fn = ctx -> {
                x.tempAttach(ctx.manager());
                y.tempAttach(ctx.manager());
                NDList pred = net.forward(ctx.parameters(), new NDList(x), true); // (B, classes)
                return StepLoss.of(ce.evaluate(new NDList(y), pred));
            };
            try (Trainer trainer = Trainer.builder().setBlock(net).setConfig(cfg).setStepFunction(fn).build()) {
                trainer.runUntil(warmup);
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    trainer.runUntil(trainer.step() + iters);
                    rates[r] = batch * (double) iters / ((System.nanoTime() - t0) / 1e9);
                }
            }
        }
        return rates;
    }

    /** The slim CNN encoder, its pooled output {@code (B, D)}, and a linear head to {@code (B, classes)}. */
    private static Block network(int classes) {
        SequentialBlock net = new SequentialBlock();
        net.add(new CnnEncoder(CnnEncoderConfig.slim())); // NDList(pooled (B, D), tokens (B, T', D))
        net.add(new LambdaBlock(list -> new NDList(list.get(0)), "pooled")); // (B, D)
        net.add(Linear.builder().setUnits(classes).build()); // (B, classes)
        return net;
    }

    private static void stockStep(ai.djl.training.Trainer trainer, NDArray x, NDArray y, boolean scoped) {
        // Like EasyTrain.trainBatch: the batch lives in a per-step manager, so every intermediate
        // (outputs are created in their first input's manager) is freed when the step ends.
        try (NDManager step = trainer.getManager().newSubManager();
                GradientCollector gc = trainer.newGradientCollector()) {
            if (scoped) {
                x.tempAttach(step);
                y.tempAttach(step);
            }
            NDList pred = trainer.forward(new NDList(x));
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), pred);
            gc.backward(loss);
            loss.getFloat();
        }
        trainer.step();
    }
}
