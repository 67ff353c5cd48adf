package dev.listkit.benchmarks.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TokenizedBatch;
import dev.listkit.datasets.readers.Flickr8kProvider;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Captions per second of the frozen MiniLM text tower on Flickr8k's captions, against the reference measured in
 * the same run: the path every caller used before batching, i.e. the shipped quantised model with one caption per
 * ONNX run on one thread (tokenise, run, mean-pool, normalise). Cases run interleaved, one after the other in each
 * round, with no cache; each reports wall-clock captions/s, captions per CPU-second of the whole JVM, and the ratio
 * to the reference of the same round. Also prints the largest difference between each case's vectors and the
 * reference's (the batched tower must reproduce them within 1e-4).
 *
 * <pre>
 * java -cp "$(scripts/bench-classpath.sh)" dev.listkit.benchmarks.text.TextTowerBench \
 *     [--data ../shared/data] [--limit 6000] [--rounds 3] [--batch 64]
 * </pre>
 */
public final class TextTowerBench {
    private TextTowerBench() {
    }

    /** One configuration of the tower (the reference is {@code null}). */
    private record Case(String name, Integer threads, Integer intraOp) {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Path data = DataRoot.get();
        int limit = 6000;
        int rounds = 3;
        int batch = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: TextTowerBench [--data DIR] [--limit N]"
                            + " [--rounds R] [--batch B]");
                    System.exit(2);
                }
            }
        }
        List<String> captions = captions(data, limit);
        System.out.printf(Locale.ROOT, "%d distinct Flickr8k captions; %d cores; Java %s; load average %s%n",
                captions.size(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                loadAverage());
        List<Case> cases = List.of(new Case("reference: shipped model, 1 caption per run, 1 thread", null, null),
                new Case("tower, batch " + batch + ", 1 thread", 1, 1),
                new Case("tower, batch " + batch + ", 2 concurrent runs x 1 intra-op thread", 2, 1),
                new Case("tower, batch " + batch + ", 1 run x 2 intra-op threads", 1, 2));
        Map<Case, List<double[]>> results = new LinkedHashMap<>(); // per round: wall/s, per CPU-s, ratio
        Map<Case, Double> maxDiff = new HashMap<>();
        try (Reference reference = new Reference()) {
            List<FrozenMiniLmTower> towers = new ArrayList<>();
            for (Case c : cases.subList(1, cases.size())) {
                towers.add(FrozenMiniLmTower.builder().optBatchSize(batch).optThreads(c.threads())
                        .optIntraOpThreads(c.intraOp()).build());
            }
            reference.encode(captions.subList(0, 200)); // warm-up
            for (FrozenMiniLmTower t : towers) {
                t.encode(captions.subList(0, 200));
            }
            for (int round = 0; round < rounds; round++) {
                double referenceRate = 0;
                float[][] referenceVectors = null;
                for (int k = 0; k < cases.size(); k++) {
                    long wall0 = System.nanoTime();
                    long cpu0 = cpuNanos();
                    float[][] v = k == 0 ? reference.encode(captions) : towers.get(k - 1).encode(captions);
                    double wall = (System.nanoTime() - wall0) / 1e9;
                    double cpu = (cpuNanos() - cpu0) / 1e9;
                    double rate = captions.size() / wall;
                    if (k == 0) {
                        referenceRate = rate;
                        referenceVectors = v;
                    } else {
                        maxDiff.merge(cases.get(k), maxAbsDiff(referenceVectors, v), Math::max);
                    }
                    results.computeIfAbsent(cases.get(k), x -> new ArrayList<>())
                            .add(new double[] {rate, captions.size() / cpu, rate / referenceRate});
                    System.err.printf(Locale.ROOT, "round %d: %s: %.1f captions/s, %.1f per CPU-s (load %s)%n",
                            round + 1, cases.get(k).name(), rate, captions.size() / cpu, loadAverage());
                }
            }
            for (FrozenMiniLmTower t : towers) {
                t.close();
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end %s%n%n", loadAverage());
        System.out.println("| case | captions/s (median, min–max) | captions per CPU-s (median) | ratio to reference"
                + " (median, min–max) | max abs diff to reference |");
        System.out.println("|---|---|---|---|---|");
        for (Case c : cases) {
            List<double[]> r = results.get(c);
            System.out.printf(Locale.ROOT, "| %s | %.0f (%.0f–%.0f) | %.0f | %.2f (%.2f–%.2f) | %s |%n", c.name(),
                    median(r, 0), min(r, 0), max(r, 0), median(r, 1), median(r, 2), min(r, 2), max(r, 2),
                    c.threads() == null ? "—" : String.format(Locale.ROOT, "%.2g", maxDiff.get(c)));
        }
    }

    /** Distinct captions in file order, every k-th so that {@code limit} of them span the file (0: all). */
    private static List<String> captions(Path data, int limit) throws Exception {
        Dataset d = new Flickr8kProvider().load(data.resolve("flickr8k"), Map.of());
        List<String> all = new ArrayList<>(new LinkedHashSet<>(d.samples().stream()
                .flatMap((SampleRef s) -> s.captions().stream()).toList()));
        if (limit <= 0 || limit >= all.size()) {
            return all;
        }
        List<String> out = new ArrayList<>();
        double step = all.size() / (double) limit;
        for (int i = 0; i < limit; i++) {
            out.add(all.get((int) (i * step)));
        }
        return out;
    }

    /**
     * The pre-batching path of {@code FrozenMiniLmTower}: the shipped (not rewritten) quantised model, one
     * caption per run, one intra-op thread.
     */
    private static final class Reference implements AutoCloseable {
        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final CaptionTokenizer tokenizer;

        Reference() throws Exception {
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setIntraOpNumThreads(1);
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = env.createSession(MiniLmResources.modelBytes(), opts);
            }
            tokenizer = CaptionTokenizer.miniLm(MiniLmResources.MAX_LENGTH);
        }

        float[][] encode(List<String> texts) throws Exception {
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                TokenizedBatch b = tokenizer.encode(List.of(texts.get(i))); // (1, T)
                Map<String, OnnxTensor> in = new HashMap<>();
                try {
                    in.put("input_ids", OnnxTensor.createTensor(env, b.ids()));
                    in.put("attention_mask", OnnxTensor.createTensor(env, b.attentionMask()));
                    in.put("token_type_ids", OnnxTensor.createTensor(env, new long[1][b.length()]));
                    try (OrtSession.Result r = session.run(in)) {
                        out[i] = meanNormalised(((float[][][]) r.get(0).getValue())[0]); // (T, 384) -> (384)
                    }
                } finally {
                    in.values().forEach(OnnxTensor::close);
                }
            }
            return out;
        }

        private static float[] meanNormalised(float[][] hidden) {
            double[] sum = new double[hidden[0].length];
            for (float[] token : hidden) {
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += token[j];
                }
            }
            double norm = 0;
            for (int j = 0; j < sum.length; j++) {
                sum[j] /= hidden.length;
                norm += sum[j] * sum[j];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            float[] v = new float[sum.length];
            for (int j = 0; j < sum.length; j++) {
                v[j] = (float) (sum[j] / norm);
            }
            return v;
        }

        @Override
        public void close() throws Exception {
            tokenizer.close();
            session.close();
        }
    }

    private static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static double median(List<double[]> r, int col) {
        double[] v = r.stream().mapToDouble(x -> x[col]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<double[]> r, int col) {
        return r.stream().mapToDouble(x -> x[col]).min().orElse(Double.NaN);
    }

    private static double max(List<double[]> r, int col) {
        return r.stream().mapToDouble(x -> x[col]).max().orElse(Double.NaN);
    }
}
