package dev.listkit.core.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Frozen all-MiniLM-L6-v2 sentence embeddings with ONNX Runtime on the CPU: tokenise, run the encoder in
 * batches, mean-pool the last hidden state over the attention mask, L2-normalise → 384-d unit vectors.
 * An optional {@link TextEmbeddingCache} means a repeated text is never recomputed.
 *
 * <p>The shipped model is dynamically quantised: activation scales are computed per tensor, so the other
 * texts (and padding) of a batch nudge a text's vector (cosine to the batch-of-one vector &gt; 0.98 in
 * tests). Use {@code optBatchSize(1)} when vectors must depend on the text alone, e.g. when a cache is
 * shared across runs that batch differently.
 *
 * <p>Owns its {@link OrtSession} and tokenizer; close it. Thread-safe for concurrent {@link #encode}
 * calls (ORT sessions are). As a {@link TextTower} it has no trainable parameters: wrap it in
 * {@link ProjectedTextTower} for a trainable head.
 */
public final class FrozenMiniLmTower implements TextTower, AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final CaptionTokenizer tokenizer;
    private final TextEmbeddingCache cache;
    private final int batchSize;
    private final Set<String> inputNames;

    private FrozenMiniLmTower(Builder b) throws TextException {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(b.intraOpThreads);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(MiniLmResources.modelBytes(), opts);
            inputNames = session.getInputNames();
        } catch (OrtException e) {
            throw new TextException("cannot create the MiniLM ONNX session: " + e.getMessage(), e);
        }
        CaptionTokenizer tok;
        try {
            tok = CaptionTokenizer.miniLm(b.maxLength);
        } catch (TextException e) {
            closeQuietly();
            throw e;
        }
        tokenizer = tok;
        cache = b.cache;
        batchSize = b.batchSize;
    }

    /** A builder; every setting is optional. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dim() {
        return MiniLmResources.DIM;
    }

    /** Captions truncated to the maximum length so far. */
    public long truncatedTotal() {
        return tokenizer.truncatedTotal();
    }

    /** The cache, if one was given. */
    public Optional<TextEmbeddingCache> cache() {
        return Optional.ofNullable(cache);
    }

    /**
     * Unit-norm 384-d embeddings, one per text, cached when a cache was given.
     *
     * @throws TextException on a blank text or an ONNX Runtime failure
     */
    public float[][] encode(List<String> texts) throws TextException {
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new TextException("text " + i + " of the batch is blank; drop or fill it before embedding");
            }
            float[] hit = cache == null ? null : cache.get(MiniLmResources.MODEL_ID, text);
            if (hit != null) {
                out[i] = hit;
            } else {
                missing.computeIfAbsent(text, k -> new ArrayList<>()).add(i);
            }
        }
        List<String> todo = new ArrayList<>(missing.keySet());
        for (int start = 0; start < todo.size(); start += batchSize) {
            List<String> chunk = todo.subList(start, Math.min(todo.size(), start + batchSize));
            float[][] vectors = run(tokenizer.encode(chunk));
            for (int j = 0; j < chunk.size(); j++) {
                if (cache != null) {
                    cache.put(MiniLmResources.MODEL_ID, chunk.get(j), vectors[j]);
                }
                for (int i : missing.get(chunk.get(j))) {
                    out[i] = vectors[j].clone();
                }
            }
        }
        return out;
    }

    /** Frozen embeddings as (B, 384) in {@code manager}; {@code ps} and {@code training} are unused. */
    @Override
    public NDArray embed(ParameterStore ps, NDManager manager, List<String> texts, boolean training)
            throws TextException {
        return manager.create(encode(texts)); // (B, 384)
    }

    private float[][] run(TokenizedBatch batch) throws TextException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, batch.ids()));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, batch.attentionMask()));
            if (inputNames.contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[batch.size()][batch.length()]));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue hidden = result.get("last_hidden_state").orElse(result.get(0));
                return meanPoolNormalised((float[][][]) hidden.getValue(), batch.attentionMask());
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

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing more to free
        }
    }

    /** Closes the session and tokenizer; flushes nothing (call {@code cache.flush()} yourself). */
    @Override
    public void close() throws TextException {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new TextException("cannot close the MiniLM session: " + e.getMessage(), e);
        }
    }

    /** Builder for {@link FrozenMiniLmTower}. */
    public static final class Builder {
        private int intraOpThreads = 1;
        private int batchSize = 32;
        private int maxLength = MiniLmResources.MAX_LENGTH;
        private TextEmbeddingCache cache;

        private Builder() {
        }

        /** ONNX Runtime intra-op threads (default 1). */
        public Builder optIntraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /** Texts per ONNX run (default 32). */
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

        /** Validates, loads the model and tokenizer, and builds. */
        public FrozenMiniLmTower build() throws TextException {
            if (intraOpThreads < 1 || batchSize < 1) {
                throw new TextException("intraOpThreads and batchSize must be >= 1: " + intraOpThreads + ", "
                        + batchSize);
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
