package dev.listkit.benchmarks.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.listkit.audio.encoder.CnnEncoder;
import dev.listkit.audio.encoder.CnnEncoderConfig;
import dev.listkit.core.ListkitException;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.loss.ClipLoss;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaConfig;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.train.AdamW;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.StepLoss;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Time of one full CoCa training step of the recipe {@code audio-paired-baseline} through listkit's
 * {@link Trainer}: the real {@link CocaModel} with the real {@link CnnEncoder} (widths 16-32-64-128),
 * embed 128, frozen text features 384, decoder dim 128 / 2 layers / 4 heads / MLP ratio 2 / max length 20,
 * vocabulary 406; InfoNCE + caption CE (label smoothing 0.1, pad 0), weights 1 + 1; AdamW 0.9/0.98,
 * eps 1e-6, wd 0.05, clip 1.0, lr 1e-3 with the recipe's schedule (900 steps, 80 warm-up). Random batch (32, 1, 64, 250),
 * random text features (32, 384) and random captions (32, 20) created once (no data loading).
 *
 * <p>The step function is the model half of the (package-private) {@code CocaStepFunction}. The Java
 * half of {@code scripts/bench_coca.sh}; PyTorch's is {@code scripts/bench_coca.py}. Prints
 * {@code listkit samples/s=<median> per-rep=[...] threads=a/b fwd_ms=.. rest_ms=.. opt_ms=..} where
 * fwd is the step function (forward + losses), rest is the trainer's remainder (backward, loss read-back,
 * clip, AdamW, zeroing) and opt is a separate timing of clip-norm + AdamW over all parameters.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp ... \
 *     dev.listkit.benchmarks.audio.CocaBench --iters 5 [--variant contrastive]
 * </pre>
 */
public final class CocaBench {
    private static final int VOCAB = 406;
    private static final int LENGTH = 20;
    private static final int TEXT_DIM = 384;

    private CocaBench() {
    }

    public static void main(String[] args) throws Exception {
        int batch = 32, mels = 64, frames = 250, warmup = 3, iters = 5, reps = 1;
        String variant = "full";
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(v);
                case "--mels" -> mels = Integer.parseInt(v);
                case "--frames" -> frames = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--iters" -> iters = Integer.parseInt(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--variant" -> variant = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!variant.equals("full") && !variant.equals("contrastive")) {
            throw new IllegalArgumentException("unknown variant " + variant + "; variants: full, contrastive");
        }
        run(batch, mels, frames, warmup, iters, reps, variant.equals("full"));
    }

    private static void run(int batch, int mels, int frames, int warmup, int iters, int reps, boolean caption)
            throws ListkitException {
        TrainConfig cfg = new TrainConfig(Math.max(900, warmup + (long) iters * reps), batch, 1e-3, 1e-5, 0.05, 0.9, 0.98, 1e-6,
                80, 1.0, 1, 7, 0, 1000);
        CocaConfig coca = new CocaConfig(128, JsonNodeFactory.instance.objectNode().put("type", "cnn")
                .set("widths", JsonNodeFactory.instance.arrayNode().add(16).add(32).add(64).add(128)),
                new CocaConfig.DecoderSpec(128, 2, 4, 2f, LENGTH));
        CnnEncoder encoder = new CnnEncoder(new CnnEncoderConfig(List.of(16, 32, 64, 128)));
        CocaModel model = new CocaModel(encoder, encoder.config().dim(), TEXT_DIM, coca,
                new CaptionVocabulary(new long[VOCAB]), false);
        ClipLoss clip = ClipLoss.defaults();
        CaptionLoss captionLoss = new CaptionLoss(CaptionVocabulary.PAD, 0.1);
        double[] rates = new double[reps];
        List<Double> fwd = new ArrayList<>();
        List<Double> rest = new ArrayList<>();
        long[] marks = new long[2]; // start and end of the step function of the current step
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, new Shape(batch, 1, mels, frames), new Shape(batch, TEXT_DIM),
                    new Shape(batch, LENGTH - 1));
            NDArray x = m.randomNormal(new Shape(batch, 1, mels, frames)); // (B, 1, F, T)
            NDArray text = m.randomNormal(new Shape(batch, TEXT_DIM)); // (B, Dt) frozen text features
            NDArray tokens = m.create(randomTokens(batch), new Shape(batch, LENGTH)); // (B, L)
            StepFunction fn = ctx -> {
                marks[0] = System.nanoTime();
                x.tempAttach(ctx.manager());
                text.tempAttach(ctx.manager());
                tokens.tempAttach(ctx.manager());
                NDList enc = model.encodeModality(ctx.parameters(), x, true); // a (B, E), memory (B, T', Dm)
                NDArray textEmb = model.embedText(ctx.parameters(), text, true); // (B, E)
                NDArray contrastive = clip.compute(enc.get(0), textEmb,
                        model.logitScale(ctx.parameters(), enc.get(0), true)); // ()
                StepLoss out;
                if (caption) {
                    NDArray logits = model.captionLogits(ctx.parameters(), tokens.get(new NDIndex(":, :-1")),
                            enc.get(1), true); // (B, L-1, V)
                    NDArray cap = captionLoss.compute(logits, tokens.get(new NDIndex(":, 1:"))); // ()
                    NDArray total = contrastive.mul(1f).add(cap.mul(1f)); // () as CocaStepFunction (weights 1)
                    out = new StepLoss(total, Map.of("contrastive", contrastive, "caption", cap));
                } else {
                    out = new StepLoss(contrastive, Map.of("contrastive", contrastive));
                }
                marks[1] = System.nanoTime();
                return out;
            };
            try (Trainer trainer = Trainer.builder().setBlock(model).setConfig(cfg).setStepFunction(fn)
                    .addListener(r -> {
                        if (r.step() > warmup) {
                            long now = System.nanoTime();
                            fwd.add((marks[1] - marks[0]) / 1e6);
                            rest.add((now - marks[1]) / 1e6);
                        }
                    }).build()) {
                trainer.runUntil(warmup);
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    trainer.runUntil(trainer.step() + iters);
                    rates[r] = batch * (double) iters / ((System.nanoTime() - t0) / 1e9);
                }
            }
            double opt = optimizerMillis(model, m, iters);
            System.out.println(dev.listkit.benchmarks.BenchEnvironment.torch());
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            List<String> per = new ArrayList<>();
            for (double r : rates) {
                per.add(String.format("%.2f", r));
            }
            System.out.printf("listkit samples/s=%.2f per-rep=%s threads=%d/%d fwd_ms=%.1f rest_ms=%.1f opt_ms=%.1f%n",
                    sorted[sorted.length / 2], per, JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                    median(fwd), median(rest), opt);
        }
    }

    /**
     * Median time of the optimiser part of a step, done the way the Trainer does it (global norm of all
     * gradients with one read-back, in-place scale, AdamW per parameter) on random gradients of the
     * model's parameter shapes, with a fresh AdamW (runs after training; it moves the weights).
     */
    private static double optimizerMillis(CocaModel model, NDManager m, int iters) {
        List<Double> times = new ArrayList<>();
        try (NDManager scope = m.newSubManager()) {
            AdamW adam = new AdamW(scope, 0.9, 0.98, 1e-6, 0.05);
            List<String> names = new ArrayList<>();
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> grads = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getParameters()) {
                names.add(p.getKey());
                NDArray w = p.getValue().getArray();
                weights.add(w);
                grads.add(scope.randomNormal(w.getShape()).mul(1e-3f));
            }
            for (int i = 0; i < iters + 1; i++) {
                long t0 = System.nanoTime();
                NDArray total = null;
                for (NDArray g : grads) {
                    NDArray sq = g.square().sum();
                    total = total == null ? sq : total.add(sq);
                }
                double norm = Math.sqrt(total.getFloat());
                for (NDArray g : grads) {
                    g.muli(1.0 / Math.max(1.0, norm));
                }
                for (int k = 0; k < names.size(); k++) {
                    adam.update(names.get(k), weights.get(k), grads.get(k), 1e-3);
                }
                adam.finishStep();
                if (i > 0) { // the first pass allocates the moments
                    times.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        return median(times);
    }

    /** BOS, 3..L-2 random content ids, EOS, then padding (0), as {@link CaptionVocabulary#encode} gives. */
    private static long[] randomTokens(int batch) {
        SplittableRandom rng = new SplittableRandom(1);
        long[] out = new long[batch * LENGTH];
        for (int i = 0; i < batch; i++) {
            int n = rng.nextInt(3, LENGTH - 1);
            out[i * LENGTH] = CaptionVocabulary.BOS;
            for (int j = 1; j <= n; j++) {
                out[i * LENGTH + j] = rng.nextInt(4, VOCAB);
            }
            out[i * LENGTH + n + 1] = CaptionVocabulary.EOS;
        }
        return out;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
