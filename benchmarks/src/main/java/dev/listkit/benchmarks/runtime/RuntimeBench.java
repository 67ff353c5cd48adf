package dev.listkit.benchmarks.runtime;

import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.inference.ort.OrtOptions;
import dev.listkit.core.inference.runtime.InferenceModels;
import dev.listkit.core.io.DataRoot;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Inference throughput of one trained model on DJL (the run directory) and ONNX Runtime (its export), on
 * the same real inputs in one process, rounds interleaved so both see the same machine load. Prints
 * items/s medians, their ratio and the agreement (max |embedding difference|, identical captions).
 *
 * <p>Usage: {@code RuntimeBench RUN_DIR MODEL_DIR [items=96] [rounds=3] [threads=1] [batch=16]}; data:
 * ESC-50 fold 4 under the data root. PyTorch threads follow {@code -Dai.djl.pytorch.num_threads}; pass the
 * same number as {@code threads} (ONNX Runtime intra-op threads).
 */
public final class RuntimeBench {
    private RuntimeBench() {
    }

    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        Path model = Path.of(args[1]);
        int items = args.length > 2 ? Integer.parseInt(args[2]) : 96;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        Path cache = Path.of("cache");
        OrtOptions ort = new OrtOptions(threads, "all", true).validate();
        try (InferenceModel djl = InferenceModels.open(run, "djl", cache, ort);
                InferenceModel onnx = InferenceModels.open(model, "onnx", cache, ort)) {
            SampleSets.Loaded l = SampleSets.load("esc50", null, Map.of("folds", "4"), DataRoot.get(), djl.modality(),
                    cache.resolve("features"), 2);
            List<FloatTensor> x = l.features().subList(0, Math.min(items, l.features().size()));
            int maxTokens = djl.recipe().model().decoder().maxLength() - 1;
            CaptionStrategy greedy = CaptionStrategy.greedy(maxTokens);
            CaptionStrategy beam = new CaptionStrategy("beam", 3, 1f, 1f, 1f, 1, 0, maxTokens);
            List<String> tasks = List.of("embed", "greedy", "beam3");
            InferenceModel[] models = {djl, onnx};
            double[][][] rates = new double[tasks.size()][2][rounds];
            Object[][] outputs = new Object[tasks.size()][2];
            for (int r = -1; r < rounds; r++) { // round -1 warms up
                for (int t = 0; t < tasks.size(); t++) {
                    for (int m = 0; m < 2; m++) {
                        long t0 = System.nanoTime();
                        Object out = switch (tasks.get(t)) {
                            case "embed" -> models[m].embedModality(x, batch);
                            case "greedy" -> models[m].captions(x, batch, greedy);
                            default -> models[m].captions(x, batch, beam);
                        };
                        double s = (System.nanoTime() - t0) / 1e9;
                        if (r >= 0) {
                            rates[t][m][r] = x.size() / s;
                        }
                        outputs[t][m] = out;
                    }
                }
            }
            System.out.println(dev.listkit.benchmarks.BenchEnvironment.torchAndOrt());
            System.out.printf("%d ESC-50 clips of shape %s, batch %d, %d thread(s), %d rounds; ONNX Runtime provider %s%n",
                    x.size(), Arrays.toString(x.get(0).shape()), batch, threads, rounds,
                    ((dev.listkit.core.inference.ort.OnnxModel) onnx).provider());
            System.out.println("| task | DJL items/s | ONNX Runtime items/s | ORT / DJL | agreement |");
            System.out.println("|---|---:|---:|---:|---|");
            for (int t = 0; t < tasks.size(); t++) {
                double d = median(rates[t][0]);
                double o = median(rates[t][1]);
                System.out.printf("| %s | %.1f | %.1f | %.2f | %s |%n", tasks.get(t), d, o, o / d,
                        agreement(outputs[t][0], outputs[t][1]));
            }
        }
    }

    private static String agreement(Object a, Object b) {
        if (a instanceof float[][] ea) {
            float[][] eb = (float[][]) b;
            double worst = 0;
            for (int i = 0; i < ea.length; i++) {
                for (int k = 0; k < ea[i].length; k++) {
                    worst = Math.max(worst, Math.abs(ea[i][k] - eb[i][k]));
                }
            }
            return String.format("max abs diff %.2e", worst);
        }
        List<?> ca = (List<?>) a;
        List<?> cb = (List<?>) b;
        int same = 0;
        for (int i = 0; i < ca.size(); i++) {
            same += ca.get(i).equals(cb.get(i)) ? 1 : 0;
        }
        return same + "/" + ca.size() + " captions identical";
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
