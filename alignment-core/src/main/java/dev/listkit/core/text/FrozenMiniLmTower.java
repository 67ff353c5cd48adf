package dev.listkit.core.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import dev.listkit.core.onnx.graph.OnnxGraphException;
import dev.listkit.core.onnx.graph.PerSampleQuantization;
import dev.listkit.core.util.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frozen all-MiniLM-L6-v2 sentence embeddings with ONNX Runtime on the CPU: tokenise, run the encoder in
 * batches, mean-pool the last hidden state over the attention mask, L2-normalise → 384-d unit vectors.
 * An optional {@link TextEmbeddingCache} means a repeated text is never recomputed; it is flushed after every
 * batch, so a long run that is killed keeps what it embedded.
 *
 * <p>A text's vector depends on that text alone, however texts are batched: the shipped model is dynamically
 * quantised, and {@code DynamicQuantizeLinear} takes one activation scale over its whole input, so in a plain
 * batch the other texts and the padding move each vector (by up to 0.033 per component on Flickr8k captions,
 * {@code FrozenMiniLmTowerTest}; equal-length batches alone do not help). The tower therefore runs the graph rewritten by {@link PerSampleQuantization} (one scale
 * per text, as it would get alone) and batches only texts of equal token length (no padding): the vectors are
 * bit-identical to those of one text per run. Long sets show a progress bar (rate, ETA) on stderr.
 *
 * <p>The model and tokenizer are loaded when the first text that is not in the cache comes (about 0.3
 * CPU-seconds), so a caller whose texts are all cached (a data-engine round over familiar captions) never pays for
 * them. Owns its {@link OrtSession} and tokenizer; close it. Thread-safe for concurrent {@link #encode}
 * calls (ORT sessions are). As a {@link TextTower} it has no trainable parameters: wrap it in
 * {@link ProjectedTextTower} for a trainable head.
 */
public final class FrozenMiniLmTower implements TextTower, AutoCloseable {
    /** Texts to embed (after cache hits) from which a progress bar is shown. */
    static final int PROGRESS_MIN_TEXTS = 512;
    /** Texts tokenised at a time (bounds the padded id arrays of very long sets). */
    private static final int TOKENIZE_CHUNK = 4096;

    private final OrtEnvironment env;
    private final TextEmbeddingCache cache;
    private final int batchSize;
    private final int threads;
    private final int intraOpThreads;
    private final int maxLength;
    private final AtomicLong computed = new AtomicLong();
    private final Object lock = new Object();
    private volatile Loaded loaded; // the session and tokenizer, made when a text is first missing from the cache
    private boolean closed;

    /** What running the model needs; about 0.3 CPU-seconds to make (the graph rewrite and the ORT session). */
    private record Loaded(OrtSession session, Set<String> inputNames, CaptionTokenizer tokenizer) {
    }

    private FrozenMiniLmTower(Builder b) {
        env = OrtEnvironment.getEnvironment();
        cache = b.cache;
        batchSize = b.batchSize;
        threads = b.threads;
        intraOpThreads = b.intraOpThreads;
        maxLength = b.maxLength;
    }

    /** True once the model has been loaded (a text missing from the cache came). */
    boolean modelLoaded() {
        return loaded != null;
    }

    /** The session and tokenizer, made on first use (a caller whose texts are all cached never needs them). */
    private Loaded loaded() throws TextException {
        Loaded l = loaded;
        if (l != null) {
            return l;
        }
        synchronized (lock) {
            if (closed) {
                throw new TextException("the MiniLM tower is closed");
            }
            if (loaded == null) {
                loaded = load();
            }
            return loaded;
        }
    }

    private Loaded load() throws TextException {
        byte[] model;
        try {
            model = PerSampleQuantization.rewrite(MiniLmResources.modelBytes()).model();
        } catch (OnnxGraphException e) {
            throw new TextException(MiniLmResources.MODEL_RESOURCE + ": " + e.getMessage(), e);
        }
        OrtSession session;
        Set<String> inputNames;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(intraOpThreads);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model, opts);
            inputNames = session.getInputNames();
        } catch (OrtException e) {
            throw new TextException("cannot create the MiniLM ONNX session: " + e.getMessage(), e);
        }
        try {
            return new Loaded(session, inputNames, CaptionTokenizer.miniLm(maxLength));
        } catch (TextException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // the tokenizer's failure is what the caller needs
            }
            throw e;
        }
    }

    /** A builder; every setting is optional. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dim() {
        return MiniLmResources.DIM;
    }

    /** The id under which this tower's vectors are cached ({@link MiniLmResources#MODEL_ID}). */
    public String modelId() {
        return MiniLmResources.MODEL_ID;
    }

    /** Captions truncated to the maximum length so far. */
    public long truncatedTotal() {
        Loaded l = loaded;
        return l == null ? 0 : l.tokenizer().truncatedTotal();
    }

    /** Texts run through the model so far (cache hits and repeats within a call excluded). */
    public long computedTotal() {
        return computed.get();
    }

    /** The cache, if one was given. */
    public Optional<TextEmbeddingCache> cache() {
        return Optional.ofNullable(cache);
    }

    /**
     * Unit-norm 384-d embeddings, one per text, cached when a cache was given (and the cache flushed after
     * every batch). If the thread is interrupted, the batches already done stay cached and a
     * {@link TextException} says how far it got.
     *
     * @throws TextException on a blank text, an ONNX Runtime failure or an interrupt
     */
    public float[][] encode(List<String> texts) throws TextException {
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new TextException("text " + i + " of the batch is blank; drop or fill it before embedding");
            }
            float[] hit = cache == null ? null : cache.get(modelId(), text);
            if (hit != null) {
                out[i] = hit;
            } else {
                missing.computeIfAbsent(text, k -> new ArrayList<>()).add(i);
            }
        }
        List<String> todo = new ArrayList<>(missing.keySet());
        if (todo.isEmpty()) {
            return out;
        }
        List<List<Sequence>> batches = equalLengthBatches(todo);
        BatchSink sink = (chunk, vectors) -> {
            for (int j = 0; j < chunk.size(); j++) {
                String text = todo.get(chunk.get(j).text());
                if (cache != null) {
                    cache.put(modelId(), text, vectors[j]);
                }
                for (int i : missing.get(text)) {
                    out[i] = vectors[j].clone();
                }
            }
            if (cache != null) {
                cache.flush();
            }
        };
        try (Progress progress = todo.size() >= PROGRESS_MIN_TEXTS
                ? Progress.start("MiniLM text embeddings", todo.size(), "texts") : null) {
            if (threads == 1 || batches.size() == 1) {
                runSequentially(batches, sink, progress, todo.size());
            } else {
                runInParallel(batches, sink, progress, todo.size());
            }
        }
        return out;
    }

    /** One tokenised text: its index in the list being embedded and its ids (special tokens included). */
    private record Sequence(int text, long[] ids) {
    }

    /** Receives a finished batch (called under a lock: one batch at a time). */
    private interface BatchSink {
        void accept(List<Sequence> batch, float[][] vectors) throws TextException;
    }

    /** Tokenises {@code texts} and groups them by token length into batches of at most {@code batchSize}. */
    private List<List<Sequence>> equalLengthBatches(List<String> texts) throws TextException {
        Map<Integer, List<Sequence>> byLength = new TreeMap<>();
        for (int start = 0; start < texts.size(); start += TOKENIZE_CHUNK) {
            TokenizedBatch tok = loaded().tokenizer().encode(texts.subList(start, Math.min(texts.size(), start + TOKENIZE_CHUNK)));
            for (int r = 0; r < tok.size(); r++) {
                int len = 0;
                while (len < tok.length() && tok.attentionMask()[r][len] != 0) {
                    len++;
                }
                byLength.computeIfAbsent(len, k -> new ArrayList<>())
                        .add(new Sequence(start + r, Arrays.copyOf(tok.ids()[r], len)));
            }
        }
        List<List<Sequence>> batches = new ArrayList<>();
        for (List<Sequence> group : byLength.values()) {
            for (int i = 0; i < group.size(); i += batchSize) {
                batches.add(group.subList(i, Math.min(group.size(), i + batchSize)));
            }
        }
        return batches;
    }

    private void runSequentially(List<List<Sequence>> batches, BatchSink sink, Progress progress, int total)
            throws TextException {
        int done = 0;
        for (List<Sequence> batch : batches) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(done, total);
            }
            sink.accept(batch, run(batch));
            done += batch.size();
            if (progress != null) {
                progress.step(batch.size());
            }
        }
    }

    private void runInParallel(List<List<Sequence>> batches, BatchSink sink, Progress progress, int total)
            throws TextException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, batches.size()), r -> {
            Thread t = new Thread(r, "minilm-text");
            t.setDaemon(true);
            return t;
        });
        Object lock = new Object();
        int[] done = {0};
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Sequence> batch : batches) {
                futures.add(pool.submit(() -> {
                    float[][] vectors = run(batch);
                    synchronized (lock) {
                        sink.accept(batch, vectors);
                        done[0] += batch.size();
                    }
                    if (progress != null) {
                        progress.step(batch.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TextException te) {
                        throw te;
                    }
                    throw new TextException("MiniLM embedding failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (lock) {
                throw interrupted(done[0], total);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static TextException interrupted(int done, int total) {
        return new TextException("interrupted after embedding " + done + " of " + total
                + " texts (those are cached when a cache was given)");
    }

    /** Frozen embeddings as (B, 384) in {@code manager}; {@code ps} and {@code training} are unused. */
    @Override
    public NDArray embed(ParameterStore ps, NDManager manager, List<String> texts, boolean training)
            throws TextException {
        return manager.create(encode(texts)); // (B, 384)
    }

    /** Runs one batch of equal-length sequences → (B, 384) unit vectors. */
    private float[][] run(List<Sequence> batch) throws TextException {
        int b = batch.size();
        int t = batch.get(0).ids().length;
        long[][] ids = new long[b][]; // (B, T), no padding
        long[][] mask = new long[b][t];
        for (int i = 0; i < b; i++) {
            ids[i] = batch.get(i).ids();
            Arrays.fill(mask[i], 1L);
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            Loaded l = loaded();
            if (l.inputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[b][t]));
            }
            try (OrtSession.Result result = l.session().run(inputs)) {
                OnnxValue hidden = result.get("last_hidden_state").orElse(result.get(0));
                computed.addAndGet(b);
                return meanPoolNormalised((float[][][]) hidden.getValue(), mask); // (B, 384)
            }
        } catch (OrtException e) {
            throw new TextException("MiniLM inference failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Mean over real tokens of hidden (B, T, D), then L2 normalisation → (B, D). */
    static float[][] meanPoolNormalised(float[][][] hidden, long[][] mask) {
        float[][] out = new float[hidden.length][];
        for (int b = 0; b < hidden.length; b++) {
            int d = hidden[b][0].length;
            double[] sum = new double[d];
            int count = 0;
            for (int t = 0; t < hidden[b].length; t++) {
                if (mask[b][t] != 0) {
                    count++;
                    for (int j = 0; j < d; j++) {
                        sum[j] += hidden[b][t][j];
                    }
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                sum[j] /= Math.max(count, 1);
                norm += sum[j] * sum[j];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            float[] v = new float[d];
            for (int j = 0; j < d; j++) {
                v[j] = (float) (sum[j] / norm);
            }
            out[b] = v;
        }
        return out;
    }

    /** Closes the session and tokenizer (when they were made); {@link #encode} has flushed the cache already. */
    @Override
    public void close() throws TextException {
        Loaded l;
        synchronized (lock) {
            closed = true;
            l = loaded;
            loaded = null;
        }
        if (l == null) {
            return;
        }
        l.tokenizer().close();
        try {
            l.session().close();
        } catch (OrtException e) {
            throw new TextException("cannot close the MiniLM session: " + e.getMessage(), e);
        }
    }

    /** Builder for {@link FrozenMiniLmTower}. */
    public static final class Builder {
        private int intraOpThreads = 1;
        private int threads = 1;
        private int batchSize = 64;
        private int maxLength = MiniLmResources.MAX_LENGTH;
        private TextEmbeddingCache cache;

        private Builder() {
        }

        /** ONNX Runtime intra-op threads (default 1). */
        public Builder optIntraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * Concurrent ONNX runs, each on its own thread (default 1); with {@code optIntraOpThreads(1)} this is
         * how the tower uses several cores (no spinning thread pool, which loses on a busy machine).
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Most texts per ONNX run (default 64); a run holds texts of one token length only. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Truncation length in tokens, at most 128 (default 128). */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Cache of 384-d vectors; repeated texts are looked up, not recomputed. */
        public Builder optCache(TextEmbeddingCache cache) {
            this.cache = cache;
            return this;
        }

        /** Validates and builds; the model and tokenizer are loaded when a text first needs them. */
        public FrozenMiniLmTower build() throws TextException {
            if (intraOpThreads < 1 || threads < 1 || batchSize < 1) {
                throw new TextException("intraOpThreads, threads and batchSize must be >= 1: " + intraOpThreads
                        + ", " + threads + ", " + batchSize);
            }
            if (maxLength < 2 || maxLength > MiniLmResources.MAX_LENGTH) {
                throw new TextException("maxLength must be in [2, " + MiniLmResources.MAX_LENGTH + "]: "
                        + maxLength);
            }
            if (cache != null && cache.dim() != MiniLmResources.DIM) {
                throw new TextException("the cache holds " + cache.dim() + "-d vectors; MiniLM gives "
                        + MiniLmResources.DIM);
            }
            return new FrozenMiniLmTower(this);
        }
    }
}
