package dev.listkit.benchmarks.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.listkit.audio.encoder.CnnEncoder;
import dev.listkit.audio.encoder.CnnEncoderConfig;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaConfig;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.tower.CachedTowerReader;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.StepLoss;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import dev.listkit.core.train.coca.CocaStepFunction;
import dev.listkit.core.train.coca.ContrastiveLoss;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Throughput of locked-tower training: one training step of the {@code *-pretrained} recipes on cached
 * frozen-tower outputs, exactly as {@code listkit train} runs it — the real {@link CocaStepFunction} (batch
 * assembly from in-memory samples, a random cached view) and listkit's {@link Trainer} (backward, clipping,
 * AdamW) over a {@link CocaModel} whose encoder is the parameterless {@link CachedTowerReader}: projection
 * heads D → E and MiniLM 384 → E, InfoNCE, a caption decoder over the T cached tokens with label-smoothed CE.
 * Inputs are random (no data loading: the cache is in memory when training runs).
 *
 * <p>Modes ({@code name:T:B:decoderDim:maxCaption}): {@code scratch-b32} is the reference measured in the
 * same run, the scratch {@code audio-paired-baseline} step (CNN encoder, embed 128, decoder 128, batch 32);
 * {@code t8-b128} is what the recipes ship (mn04's map
 * pooled to 8 tokens, batch 128, decoder width 96) with captions of 3–18 content tokens (the decoder length 20
 * is nearly always used); {@code t8-b128-label} the same with label-like captions of ≤ 6 tokens ("the sound
 * of a dog"), where the step cuts the padding columns; {@code t64-b128} feeds the unpooled 4 × 16 map of a 5-s
 * clip (64 tokens); {@code t8-b32} the scratch recipes' batch; {@code t8-b128-d128} the scratch recipes' decoder
 * width 128. Rounds interleave the modes; the median of each is printed.
 *
 * <pre>
 * scripts/bench_locked.sh [rounds]
 * </pre>
 */
public final class LockedTowerBench {
    private static final int TOWER_DIM = 384; // mn04 features / feature_map width
    private static final int TEXT_DIM = 384; // MiniLM
    private static final int EMBED = 256;
    private static final int VOCAB = 406; // the audio baseline's caption vocabulary
    private static final int LENGTH = 20;
    private static final int SAMPLES = 2048;
    /** Process CPU time: with one intra-op thread the step runs on the calling thread, so CPU seconds are the
     * time the step would take on a core of its own (other processes on a busy machine do not count). */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final Map<String, List<Double>> cpuRates = new HashMap<>();

    private LockedTowerBench() {
    }

    /**
     * One configuration: T cached tokens, batch B, decoder width, longest caption in content tokens; T = 0 is
     * the reference, the scratch recipe's whole CoCa step (its CNN encoder on (1, 64, 250) log-mels, embed and
     * decoder width 128).
     */
    private record Mode(String name, int tokens, int batch, int decoderDim, int maxCaption) {
        boolean scratch() {
            return tokens == 0;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int warmup = 3;
        int iters = 10;
        List<Mode> modes = new ArrayList<>(List.of(new Mode("scratch-b32", 0, 32, 128, LENGTH - 2),
                new Mode("t8-b128", 8, 128, 96, LENGTH - 2),
                new Mode("t8-b128-label", 8, 128, 96, 6), new Mode("t64-b128", 64, 128, 96, LENGTH - 2),
                new Mode("t8-b32", 8, 32, 96, LENGTH - 2), new Mode("t8-b128-d128", 8, 128, 128, LENGTH - 2)));
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--iters" -> iters = Integer.parseInt(args[i + 1]);
                case "--modes" -> {
                    modes.clear();
                    for (String m : args[i + 1].split(",")) {
                        String[] p = m.split(":");
                        modes.add(new Mode(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                                p.length > 3 ? Integer.parseInt(p[3]) : 96,
                                p.length > 4 ? Integer.parseInt(p[4]) : LENGTH - 2));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rounds N --iters N --modes name:T:B[:decoderDim[:maxCaption]],...");
            }
        }
        Map<String, List<Double>> rates = new HashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Mode m : modes) {
                double s = run(m, warmup, iters);
                rates.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(s);
                System.out.printf("round %d %s: %.1f samples/s%n", r + 1, m.name(), s);
            }
        }
        System.out.println(dev.listkit.benchmarks.BenchEnvironment.torch());
        String reference = modes.get(0).name();
        for (Mode m : modes) {
            double[] v = rates.get(m.name()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] c = cpuRates.get(m.name()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%s tokens=%d batch=%d decoder=%d caption<=%d median samples/s=%.1f [%.1f-%.1f] "
                    + "median samples/CPU-s=%.1f [%.1f-%.1f] rounds=%s threads=%d/%d%s%n", m.name(), m.tokens(),
                    m.batch(), m.decoderDim(), m.maxCaption(), v[v.length / 2], v[0], v[v.length - 1],
                    c[c.length / 2], c[0], c[c.length - 1], rates.get(m.name()), JniUtils.getNumThreads(),
                    JniUtils.getNumInteropThreads(), m.name().equals(reference) ? ""
                            : " vs " + reference + " wall " + ratio(rates.get(m.name()), rates.get(reference))
                            + " CPU " + ratio(cpuRates.get(m.name()), cpuRates.get(reference)));
        }
    }

    /** Per-round ratios a[r] / b[r] (the two measured in the same round) as {@code median [min-max]}. */
    private static String ratio(List<Double> a, List<Double> b) {
        double[] q = new double[a.size()];
        for (int r = 0; r < q.length; r++) {
            q[r] = a.get(r) / b.get(r);
        }
        Arrays.sort(q);
        return String.format("%.2f [%.2f-%.2f]", q[q.length / 2], q[0], q[q.length - 1]);
    }

    private static double run(Mode mode, int warmup, int iters) throws Exception {
        SplittableRandom rng = new SplittableRandom(1);
        List<PairedSample> samples = new ArrayList<>();
        Map<String, float[]> text = new HashMap<>();
        Map<String, long[]> tokens = new HashMap<>();
        long[] shape = mode.scratch() ? new long[] {1, 64, 250} : new long[] {1, 1 + mode.tokens(), TOWER_DIM};
        int per = (int) (shape[0] * shape[1] * shape[2]);
        for (int i = 0; i < SAMPLES; i++) {
            float[] f = new float[per];
            for (int k = 0; k < per; k++) {
                f[k] = (float) rng.nextGaussian();
            }
            String caption = "caption " + i;
            samples.add(new PairedSample("s" + i, new FloatTensor(f, shape), List.of(caption)));
            float[] t = new float[TEXT_DIM];
            for (int k = 0; k < TEXT_DIM; k++) {
                t[k] = (float) rng.nextGaussian();
            }
            text.put(caption, t);
            long[] ids = new long[LENGTH];
            int n = rng.nextInt(Math.min(3, mode.maxCaption()), mode.maxCaption() + 1); // content tokens
            ids[0] = CaptionVocabulary.BOS;
            for (int j = 1; j <= n; j++) {
                ids[j] = rng.nextInt(4, VOCAB);
            }
            ids[n + 1] = CaptionVocabulary.EOS;
            tokens.put(caption, ids);
        }
        CocaConfig coca = new CocaConfig(mode.scratch() ? 128 : EMBED, Json.parse("{\"type\":\"onnx\"}"),
                new CocaConfig.DecoderSpec(mode.decoderDim(), 2, 4, 2f, LENGTH));
        ai.djl.nn.Block encoder = mode.scratch() ? new CnnEncoder(new CnnEncoderConfig(List.of(16, 32, 64, 128)))
                : new CachedTowerReader(TOWER_DIM, mode.tokens());
        int encoderDim = mode.scratch() ? 128 : TOWER_DIM;
        CocaModel model = new CocaModel(encoder, encoderDim, TEXT_DIM, coca, new CaptionVocabulary(new long[VOCAB]),
                false);
        TrainConfig cfg = new TrainConfig(100_000, mode.batch(), 1e-3, 1e-5, 0.05, 0.9, 0.98, 1e-6, 10, 1.0, 1, 7,
                0, 100_000);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            long[] probe = new long[shape.length + 1];
            probe[0] = 1;
            System.arraycopy(shape, 0, probe, 1, shape.length);
            model.initialize(m, DataType.FLOAT32, new Shape(probe), new Shape(1, TEXT_DIM), new Shape(1, LENGTH - 1));
            CocaStepFunction step = new CocaStepFunction(model, new Cached(shape), samples, text, tokens,
                    ContrastiveLoss.infoNce(), new CaptionLoss(CaptionVocabulary.PAD, 0.1), 1, 1, mode.batch(), 0,
                    true);
            long[] marks = new long[2]; // start and end of the step function of the current step
            List<Double> fwd = new ArrayList<>();
            List<Double> rest = new ArrayList<>();
            StepFunction timed = ctx -> {
                marks[0] = System.nanoTime();
                StepLoss loss = step.compute(ctx);
                marks[1] = System.nanoTime();
                return loss;
            };
            try (Trainer trainer = Trainer.builder().setBlock(model).setConfig(cfg).setStepFunction(timed)
                    .addListener(r -> {
                        if (r.step() > warmup) {
                            fwd.add((marks[1] - marks[0]) / 1e6);
                            rest.add((System.nanoTime() - marks[1]) / 1e6);
                        }
                    }).build()) {
                trainer.runUntil(warmup);
                long t0 = System.nanoTime();
                long cpu0 = CPU.getProcessCpuTime();
                trainer.runUntil(warmup + iters);
                double rate = mode.batch() * (double) iters / ((System.nanoTime() - t0) / 1e9);
                double cpuRate = mode.batch() * (double) iters / ((CPU.getProcessCpuTime() - cpu0) / 1e9);
                System.out.printf("  %s: %.1f samples per CPU second; step function (batch + forward + losses) %.1f ms,"
                        + " trainer (backward, clip, AdamW) %.1f ms per step (wall, medians)%n", mode.name(), cpuRate,
                        median(fwd), median(rest));
                cpuRates.computeIfAbsent(mode.name(), k -> new ArrayList<>()).add(cpuRate);
                return rate;
            }
        }
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : a[a.length / 2];
    }

    /**
     * Stands in for the modality in the step (only {@code augment} is called): a one-view locked-tower
     * modality, or a scratch modality with its augmentation off (the reference times the model, not SpecAugment).
     */
    private record Cached(long[] shape) implements Modality {
        @Override
        public String id() {
            return "cached";
        }

        @Override
        public String fingerprint() {
            return "cached";
        }

        @Override
        public long[] sampleShape() {
            return shape.clone();
        }

        @Override
        public Set<String> fileExtensions() {
            return Set.of();
        }

        @Override
        public FloatTensor load(Path media) {
            throw new UnsupportedOperationException("benchmark inputs are in memory");
        }

        @Override
        public FloatTensor augment(FloatTensor features, SplittableRandom rng) {
            return features; // one cached view, as LockedTowerModality with views = 1
        }

        @Override
        public List<String> zeroShotTemplates() {
            return List.of("{}");
        }
    }
}
