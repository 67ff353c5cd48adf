package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.onnx.graph.OnnxGraph.Attr;
import java.util.List;

/**
 * Multi-head scaled dot-product attention with separate query/key/value/output projections. Serves
 * as self-attention (optionally causal, with a key padding mask, with a {@link LayerCache} for
 * incremental decoding) and as cross-attention to a memory of another width ({@code optKeyValueDim}).
 *
 * <p>DJL's {@code ScaledDotProductAttentionBlock} has neither a causal mask nor a cache, hence this
 * block. As a plain {@link ai.djl.nn.Block} it does bidirectional self-attention on
 * {@code NDList(x (B, T, D)[, keep (B, T)])}. All returned arrays belong to the input's manager.
 */
public final class MultiHeadAttention extends AbstractBlock {
    private final int dim;
    private final int heads;
    private final int headDim;
    private final int kvDim;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    private MultiHeadAttention(Builder b) {
        this.dim = b.dim;
        this.heads = b.heads;
        this.headDim = b.dim / b.heads;
        this.kvDim = b.kvDim > 0 ? b.kvDim : b.dim;
        this.query = addChildBlock("query", Linear.builder().setUnits(dim).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(dim).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(dim).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(dim).build());
    }

    /** A builder: {@code setDim}, {@code setHeads} required; {@code optKeyValueDim} for cross-attention. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Self-attention.
     *
     * @param x (B, Tq, D)
     * @param causal whether query i may only see keys at positions up to its own
     * @param keep key keep-mask (B, Tk) or null; with a cache it must cover all cached positions
     * @param cache this layer's cache or null; when given, x holds only the new positions
     * @return (B, Tq, D)
     */
    public NDArray selfAttend(ParameterStore ps, NDArray x, boolean causal, NDArray keep, LayerCache cache,
            boolean training) {
        NDArray q = split(project(ps, query, x, training)); // (B, H, Tq, hd)
        NDArray k = split(project(ps, key, x, training)); // (B, H, Tq, hd)
        NDArray v = split(project(ps, value, x, training)); // (B, H, Tq, hd)
        long offset = 0;
        if (cache != null) {
            offset = cache.length();
            NDArray[] kv = cache.appendSelf(k, v); // (B, H, offset+Tq, hd)
            k = kv[0];
            v = kv[1];
        }
        NDArray mask = null;
        if (causal) {
            mask = Masks.causal(x.getManager(), offset, x.getShape().get(1)); // (Tq, Tk)
        }
        if (keep != null) {
            NDArray pad = Masks.keyPadding(keep); // (B, 1, 1, Tk)
            mask = mask == null ? pad : pad.add(mask);
        }
        return output.forward(ps, new NDList(merge(attend(q, k, v, mask))), training).singletonOrThrow();
    }

    /**
     * Cross-attention from x to a memory.
     *
     * @param x (B, Tq, D)
     * @param memory (B, Tm, Dm); ignored when the cache already holds the memory's keys/values
     * @param memoryKeep (B, Tm) keep-mask or null
     * @param cache this layer's cache or null
     * @return (B, Tq, D)
     */
    public NDArray crossAttend(ParameterStore ps, NDArray x, NDArray memory, NDArray memoryKeep, LayerCache cache,
            boolean training) {
        NDArray q = split(project(ps, query, x, training)); // (B, H, Tq, hd)
        NDArray k;
        NDArray v;
        if (cache != null && cache.hasCross()) {
            NDArray[] kv = cache.cross();
            k = kv[0];
            v = kv[1];
        } else {
            k = split(project(ps, key, memory, training)); // (B, H, Tm, hd)
            v = split(project(ps, value, memory, training)); // (B, H, Tm, hd)
            if (cache != null) {
                cache.setCross(k, v);
            }
        }
        NDArray mask = memoryKeep == null ? null : Masks.keyPadding(memoryKeep); // (B, 1, 1, Tm)
        return output.forward(ps, new NDList(merge(attend(q, k, v, mask))), training).singletonOrThrow();
    }

    /** softmax(q k^T / sqrt(hd) + mask) v. q (B, H, Tq, hd), k/v (B, H, Tk, hd) → (B, H, Tq, hd). */
    private NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask) {
        NDArray scores = Scalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), 1f / (float) Math.sqrt(headDim)); // (B, H, Tq, Tk)
        if (mask != null) {
            scores = scores.add(mask);
        }
        return scores.softmax(-1).matMul(v); // (B, H, Tq, hd)
    }

    private static NDArray project(ParameterStore ps, Linear layer, NDArray x, boolean training) {
        return layer.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** (B, T, D) → (B, H, T, hd). */
    private NDArray split(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }

    /** (B, H, T, hd) → (B, T, D). */
    private NDArray merge(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), dim);
    }

    /**
     * ONNX form of {@link #selfAttend}: x (B, Tq, D); {@code mask} an additive mask broadcastable to
     * (B, H, Tq, Tk) or null; {@code past} the cached keys/values (B, H, P, hd) or null.
     *
     * @return output (B, Tq, D), keys and values (B, H, P+Tq, hd) including the past
     */
    public String[] exportSelfAttention(OnnxGraph g, String x, boolean causal, String mask, String[] past,
            String hint) {
        String q = exportSplit(g, OnnxBlocks.linear(g, query, x, hint + ".query")); // (B, H, Tq, hd)
        String k = exportSplit(g, OnnxBlocks.linear(g, key, x, hint + ".key")); // (B, H, Tq, hd)
        String v = exportSplit(g, OnnxBlocks.linear(g, value, x, hint + ".value")); // (B, H, Tq, hd)
        if (past != null) {
            k = g.op("Concat", List.of(Attr.i("axis", 2)), past[0], k); // (B, H, P+Tq, hd)
            v = g.op("Concat", List.of(Attr.i("axis", 2)), past[1], v);
        }
        if (causal) {
            String c = exportCausalMask(g, q, k); // (Tq, Tk)
            mask = mask == null ? c : g.op("Add", mask, c);
        }
        String out = exportMerge(g, exportAttend(g, q, k, v, mask)); // (B, Tq, D)
        return new String[] {OnnxBlocks.linear(g, output, out, hint + ".output"), k, v};
    }

    /** ONNX form of the cross-attention keys/values of a memory (B, Tm, Dm): (B, H, Tm, hd) each. */
    public String[] exportKeyValue(OnnxGraph g, String memory, String hint) {
        return new String[] {exportSplit(g, OnnxBlocks.linear(g, key, memory, hint + ".key")),
            exportSplit(g, OnnxBlocks.linear(g, value, memory, hint + ".value"))};
    }

    /** ONNX form of {@link #crossAttend} on precomputed keys/values (B, H, Tm, hd); returns (B, Tq, D). */
    public String exportCrossAttention(OnnxGraph g, String x, String[] keyValue, String hint) {
        String q = exportSplit(g, OnnxBlocks.linear(g, query, x, hint + ".query")); // (B, H, Tq, hd)
        String out = exportMerge(g, exportAttend(g, q, keyValue[0], keyValue[1], null)); // (B, Tq, D)
        return OnnxBlocks.linear(g, output, out, hint + ".output");
    }

    private String exportAttend(OnnxGraph g, String q, String k, String v, String mask) {
        String kt = OnnxBlocks.transpose(g, k, 0, 1, 3, 2); // (B, H, hd, Tk)
        String scores = g.op("Mul", g.op("MatMul", q, kt), g.scalar(1f / (float) Math.sqrt(headDim))); // (B, H, Tq, Tk)
        if (mask != null) {
            scores = g.op("Add", scores, mask);
        }
        return g.op("MatMul", g.op("Softmax", List.of(Attr.i("axis", -1)), scores), v); // (B, H, Tq, hd)
    }

    /** Causal mask (Tq, Tk) for queries at positions Tk-Tq .. Tk-1, as {@link Masks#causal}. */
    private static String exportCausalMask(OnnxGraph g, String q, String k) {
        String tq = g.op("Gather", g.op("Shape", q), g.scalarInt(2)); // scalar Tq
        String tk = g.op("Gather", g.op("Shape", k), g.scalarInt(2)); // scalar Tk
        String one = g.scalarInt(1);
        String qPos = g.op("Unsqueeze", g.op("Range", g.op("Sub", tk, tq), tk, one), g.ints(1)); // (Tq, 1)
        String kPos = g.op("Unsqueeze", g.op("Range", g.scalarInt(0), tk, one), g.ints(0)); // (1, Tk)
        String future = g.op("Cast", List.of(Attr.i("to", OnnxGraph.Type.FLOAT.code())), g.op("Greater", kPos, qPos));
        return g.op("Mul", future, g.scalar(Masks.NEG)); // (Tq, Tk)
    }

    /** (B, T, D) → (B, H, T, hd). */
    private String exportSplit(OnnxGraph g, String x) {
        return OnnxBlocks.transpose(g, g.op("Reshape", x, g.ints(0, 0, heads, headDim)), 0, 2, 1, 3);
    }

    /** (B, H, T, hd) → (B, T, D). */
    private String exportMerge(OnnxGraph g, String x) {
        return g.op("Reshape", OnnxBlocks.transpose(g, x, 0, 2, 1, 3), g.ints(0, 0, dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray keep = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(selfAttend(ps, inputs.get(0), false, keep, null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        query.initialize(manager, dataType, new Shape(1, 1, dim));
        key.initialize(manager, dataType, new Shape(1, 1, kvDim));
        value.initialize(manager, dataType, new Shape(1, 1, kvDim));
        output.initialize(manager, dataType, new Shape(1, 1, dim));
    }

    /** Builder for {@link MultiHeadAttention}. */
    public static final class Builder {
        private int dim;
        private int heads;
        private int kvDim;

        private Builder() {
        }

        /** Model width D (required); must be divisible by the number of heads. */
        public Builder setDim(int dim) {
            this.dim = dim;
            return this;
        }

        /** Number of heads H (required). */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Width of the keys/values input (cross-attention memory); defaults to D. */
        public Builder optKeyValueDim(int kvDim) {
            this.kvDim = kvDim;
            return this;
        }

        /** Validates and builds. */
        public MultiHeadAttention build() {
            if (dim <= 0 || heads <= 0 || dim % heads != 0) {
                throw new IllegalArgumentException("dim (" + dim + ") must be positive and divisible by heads ("
                        + heads + ")");
            }
            return new MultiHeadAttention(this);
        }
    }
}
