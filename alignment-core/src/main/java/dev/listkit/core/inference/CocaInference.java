package dev.listkit.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.nn.BeamSearch;
import dev.listkit.core.nn.BeamSearchConfig;
import dev.listkit.core.nn.GreedySearch;
import dev.listkit.core.nn.Hypothesis;
import dev.listkit.core.nn.NucleusConfig;
import dev.listkit.core.nn.NucleusSampler;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TokenizedBatch;
import dev.listkit.core.util.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL computation behind {@link CocaRun}: normalised modality and text embeddings and captions of a
 * {@link CocaModel} on the JVM, batched. Does not own the model, the text tower or the tokenizer; every array it makes
 * lives in a per-batch scope under {@code manager} and is freed before the method returns.
 */
public final class CocaInference {
    private final CocaModel model;
    private final FrozenMiniLmTower textTower;
    private final CaptionTokenizer tokenizer;
    private final CaptionVocabulary vocabulary;
    private final NDManager manager;

    /**
     * @param manager the manager holding the model's parameters; batch scopes are opened under it
     */
    public CocaInference(CocaModel model, FrozenMiniLmTower textTower, CaptionTokenizer tokenizer,
            CaptionVocabulary vocabulary, NDManager manager) {
        this.model = model;
        this.textTower = textTower;
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.manager = manager;
    }

    /** The model it runs (not owned). */
    public CocaModel model() {
        return model;
    }

    /** The caption vocabulary of the model. */
    public CaptionVocabulary vocabulary() {
        return vocabulary;
    }

    /** L2-normalised joint-space embeddings of modality tensors, in input order: (N, E). */
    public float[][] embedModality(List<FloatTensor> items, int batchSize) {
        float[][] out = new float[items.size()][];
        forEachBatch(items, batchSize, (scope, x, idx) -> {
            NDArray a = model.encodeModality(new ParameterStore(scope, false), x, false).get(0); // (B, E)
            float[][] rows = rows(a);
            for (int k = 0; k < idx.length; k++) {
                out[idx[k]] = Vectors.normalized(rows[k]);
            }
        });
        return out;
    }

    /** L2-normalised joint-space embeddings of texts. */
    public float[][] embed(List<String> texts) throws ListkitException {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input;
            if (model.textFromTokens()) {
                int length = model.decoder().config().maxLength();
                TokenizedBatch tok = tokenizer.encode(texts);
                long[][] ids = new long[texts.size()][];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = vocabulary.encode(tok.ids()[i], tok.attentionMask()[i], MiniLmResources.CLS_ID,
                            MiniLmResources.SEP_ID, length);
                }
                input = scope.create(ids); // (N, L) compact ids
            } else {
                input = scope.create(textTower.encode(texts)); // (N, Dt) frozen features
            }
            NDArray b = model.embedText(new ParameterStore(scope, false), input, false); // (N, E)
            float[][] rows = rows(b);
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Vectors.normalized(rows[i]);
            }
            return rows;
        }
    }

    /** Greedy captions, {@code maxTokens} new tokens at most. */
    public List<String> caption(List<FloatTensor> items, int batchSize, int maxTokens) {
        return captions(items, batchSize, CaptionStrategy.greedy(maxTokens)).stream().map(c -> c.get(0)).toList();
    }

    /**
     * Captions by {@code strategy}: one per input for greedy and beam, {@code candidates} for nucleus. The encoder
     * runs in batches of {@code batchSize}; the decoder runs whole {@link ShapeBatches#groups}, each input keeping
     * the random streams of its place in its batch.
     */
    public List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy) {
        return captions(items, batchSize, strategy, null);
    }

    /** {@link #embedModality} and {@link #captions} from one encoder forward per batch. */
    public EmbeddedCaptions embedAndCaption(List<FloatTensor> items, int batchSize, CaptionStrategy strategy) {
        float[][] embeddings = new float[items.size()][];
        List<List<String>> captions = captions(items, batchSize, strategy, embeddings);
        return new EmbeddedCaptions(embeddings, captions);
    }

    /** Captions; when {@code embeddings} is not null, the normalised embeddings of the same forward fill it. */
    private List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy,
            float[][] embeddings) {
        List<List<String>> out = new ArrayList<>(java.util.Collections.nCopies(items.size(), List.<String>of()));
        for (ShapeBatches.Group g : ShapeBatches.groups(items, batchSize, ShapeBatches.decodeInputs(strategy,
                batchSize))) {
            List<List<long[]>> ids = new ArrayList<>();
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDList parts = new NDList();
                for (int[] idx : g.batches()) {
                    NDArray x = scope.create(ShapeBatches.stack(items, idx), new Shape(ShapeBatches.shape(items, idx)));
                    NDList enc = model.encodeModality(ps, x, false); // embedding (B, E), tokens (B, T, Dm)
                    if (embeddings != null) {
                        float[][] rows = rows(enc.get(0));
                        for (int k = 0; k < idx.length; k++) {
                            embeddings[idx[k]] = Vectors.normalized(rows[k]);
                        }
                    }
                    parts.add(enc.get(1));
                }
                NDArray memory = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0); // (G, T, Dm)
                switch (strategy.kind()) {
                    case "beam" -> BeamSearch.generate(model.decoder(), ps, memory, null,
                            new BeamSearchConfig(strategy.beamSize(), strategy.lengthPenalty(), strategy.maxTokens()))
                            .forEach(h -> ids.add(List.of(h.tokens())));
                    case "nucleus" -> NucleusSampler.generate(model.decoder(), ps, memory, null,
                            new NucleusConfig(strategy.topP(), strategy.temperature(), strategy.candidates(),
                                    strategy.seed(), strategy.maxTokens()), g.streams())
                            .forEach(hs -> ids.add(hs.stream().map(Hypothesis::tokens).toList()));
                    default -> GreedySearch.generate(model.decoder(), ps, memory, null, strategy.maxTokens(), true)
                            .forEach(t -> ids.add(List.of(t)));
                }
            }
            for (int k = 0; k < g.items().length; k++) {
                out.set(g.items()[k], ids.get(k).stream().map(t -> tokenizer.decode(vocabulary.decode(t)).strip())
                        .toList());
            }
        }
        return out;
    }

    private interface BatchBody {
        void run(NDManager scope, NDArray x, int[] indices);
    }

    /** Runs {@code body} on batches of items that share a shape (lengths may differ between batches). */
    private void forEachBatch(List<FloatTensor> items, int batchSize, BatchBody body) {
        for (int[] idx : ShapeBatches.of(items, batchSize)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(ShapeBatches.stack(items, idx), new Shape(ShapeBatches.shape(items, idx)));
                body.run(scope, x, idx); // (B, ...)
            }
        }
    }

    private static float[][] rows(NDArray a) {
        int n = (int) a.getShape().get(0);
        int d = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

}
