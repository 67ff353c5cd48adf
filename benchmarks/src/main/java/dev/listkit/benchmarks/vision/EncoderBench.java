package dev.listkit.benchmarks.vision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import java.util.Locale;

/**
 * Forward and forward+backward throughput (samples/s) of a vision encoder on random {@code (B, 3, S, S)}
 * batches, after warm-up steps; inference runs without a gradient collector ({@code training=false}).
 * Prints one Markdown table row per measurement.
 *
 * <pre>
 * java -cp ... dev.listkit.benchmarks.vision.EncoderBench --preset clip-64 \
 *     --encoder '{"type":"resnet","widths":[32,64,128],"stemStride":2}' [--batch 64] [--steps 10] [--warmup 2]
 * </pre>
 */
public final class EncoderBench {
    private EncoderBench() {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        String preset = "clip-64";
        String encoder = "{\"type\":\"resnet\",\"widths\":[32,64,128],\"blocks\":1,\"stemStride\":2}";
        int batch = 64;
        int steps = 10;
        int warmup = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--preset" -> preset = args[++i];
                case "--encoder" -> encoder = args[++i];
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; usage: EncoderBench [--preset P] [--encoder JSON] [--batch B] [--steps N] [--warmup W]");
                    System.exit(2);
                }
            }
        }
        Modality vision = ModalityRegistry.create("vision", Json.parse("{\"preset\":\"" + preset + "\"}"));
        long[] sample = vision.sampleShape(); // (3, S, S)
        Shape in = new Shape(batch, sample[0], sample[1], sample[2]);
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = vision.encoder(Json.parse(encoder));
            net.initialize(m, DataType.FLOAT32, in);
            long params = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            NDArray x = m.randomNormal(in); // (B, 3, S, S)
            double fwd = time(warmup, steps, () -> {
                try (NDManager step = m.newSubManager()) {
                    NDArray xs = x.duplicate();
                    xs.attach(step);
                    net.forward(new ParameterStore(step, false), new NDList(xs), false).get(0).toFloatArray();
                }
            });
            double train = time(warmup, steps, () -> {
                try (NDManager step = m.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray xs = x.duplicate();
                    xs.attach(step);
                    NDList out = net.forward(new ParameterStore(step, false), new NDList(xs), true);
                    gc.backward(out.get(0).mean().add(out.get(1).mean()));
                }
            });
            System.out.println("| encoder | S | batch | params | forward samples/s | forward+backward samples/s |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| `%s` | %d | %d | %,d | %.1f | %.1f |%n", encoder, sample[1], batch, params,
                    batch / fwd, batch / train);
        }
    }

    private static double time(int warmup, int steps, Runnable step) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        return (System.nanoTime() - t0) / 1e9 / steps; // seconds per batch
    }
}
