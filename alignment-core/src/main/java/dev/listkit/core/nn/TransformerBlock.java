package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxGraph;

/**
 * Pre-norm transformer block: {@code x += SelfAttn(LN(x)); [x += CrossAttn(LN(x), memory);]
 * x += MLP(LN(x))}. Causal or bidirectional; cross-attention only when built with
 * {@code optCrossAttention(memoryDim)}. As a plain {@link ai.djl.nn.Block} it takes
 * {@code NDList(x (B, T, D)[, keep (B, T)])} (no memory). Returned arrays belong to the input's manager.
 */
public final class TransformerBlock extends AbstractBlock {
    private final int dim;
    private final boolean causal;
    private final LayerNorm selfNorm;
    private final MultiHeadAttention selfAttention;
    private final LayerNorm crossNorm;
    private final MultiHeadAttention crossAttention;
    private final LayerNorm mlpNorm;
    private final Mlp mlp;

    private TransformerBlock(Builder b) {
        this.dim = b.dim;
        this.causal = b.causal;
        selfNorm = addChildBlock("selfNorm", Norms.lastAxis());
        selfAttention = addChildBlock("selfAttention",
                MultiHeadAttention.builder().setDim(b.dim).setHeads(b.heads).build());
        if (b.memoryDim > 0) {
            crossNorm = addChildBlock("crossNorm", Norms.lastAxis());
            crossAttention = addChildBlock("crossAttention", MultiHeadAttention.builder()
                    .setDim(b.dim).setHeads(b.heads).optKeyValueDim(b.memoryDim).build());
        } else {
            crossNorm = null;
            crossAttention = null;
        }
        mlpNorm = addChildBlock("mlpNorm", Norms.lastAxis());
        mlp = addChildBlock("mlp", new Mlp(b.dim, Math.round(b.dim * b.mlpRatio)));
    }

    /** A builder: {@code setDim}, {@code setHeads} required; {@code optCausal}, {@code optMlpRatio}, {@code optCrossAttention}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether this block has cross-attention. */
    public boolean hasCrossAttention() {
        return crossAttention != null;
    }

    /**
     * Full forward.
     *
     * @param x (B, T, D) — only the new positions when a cache is given
     * @param keep (B, Tk) self-attention key keep-mask or null
     * @param memory (B, Tm, Dm) or null; required when the block has cross-attention (unless cached)
     * @param memoryKeep (B, Tm) or null
     * @param cache this layer's cache or null
     * @return (B, T, D)
     */
    public NDArray forward(ParameterStore ps, NDArray x, NDArray keep, NDArray memory, NDArray memoryKeep,
            LayerCache cache, boolean training) {
        NDArray h = Norms.apply(selfNorm, ps, x, training);
        x = x.add(selfAttention.selfAttend(ps, h, causal, keep, cache, training)); // (B, T, D)
        if (crossAttention != null) {
            h = Norms.apply(crossNorm, ps, x, training);
            x = x.add(crossAttention.crossAttend(ps, h, memory, memoryKeep, cache, training)); // (B, T, D)
        }
        h = Norms.apply(mlpNorm, ps, x, training);
        return x.add(mlp.forward(ps, new NDList(h), training).singletonOrThrow()); // (B, T, D)
    }

    /**
     * ONNX form of {@link #forward} (inference).
     *
     * @param x (B, T, D)
     * @param mask additive self-attention mask broadcastable to (B, H, T, Tk), or null
     * @param past cached self-attention keys/values (B, H, P, hd) or null
     * @param cross cross-attention keys/values of the memory (from {@link #exportCrossKeyValue}); required
     *     when the block has cross-attention
     * @return output (B, T, D) and the self-attention keys/values (B, H, P+T, hd)
     */
    public String[] exportOnnx(OnnxGraph g, String x, String mask, String[] past, String[] cross, String hint) {
        String h = OnnxBlocks.layerNorm(g, selfNorm, x, hint + ".selfNorm");
        String[] sa = selfAttention.exportSelfAttention(g, h, causal, mask, past, hint + ".selfAttention");
        x = g.op("Add", x, sa[0]); // (B, T, D)
        if (crossAttention != null) {
            if (cross == null) {
                throw new IllegalArgumentException(hint + ": a cross-attention block needs the memory's keys/values");
            }
            h = OnnxBlocks.layerNorm(g, crossNorm, x, hint + ".crossNorm");
            x = g.op("Add", x, crossAttention.exportCrossAttention(g, h, cross, hint + ".crossAttention"));
        }
        h = OnnxBlocks.layerNorm(g, mlpNorm, x, hint + ".mlpNorm");
        return new String[] {g.op("Add", x, mlp.exportOnnx(g, h, hint + ".mlp")), sa[1], sa[2]};
    }

    /** ONNX form of this block's cross-attention keys/values of a memory (B, Tm, Dm): (B, H, Tm, hd) each. */
    public String[] exportCrossKeyValue(OnnxGraph g, String memory, String hint) {
        if (crossAttention == null) {
            throw new IllegalStateException(hint + " has no cross-attention");
        }
        return crossAttention.exportKeyValue(g, memory, hint + ".crossAttention");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray keep = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(forward(ps, inputs.get(0), keep, null, null, null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape probe = new Shape(1, 1, dim);
        Norms.init(selfNorm, manager, dataType, dim);
        selfAttention.initialize(manager, dataType, probe);
        if (crossAttention != null) {
            Norms.init(crossNorm, manager, dataType, dim);
            crossAttention.initialize(manager, dataType, probe);
        }
        Norms.init(mlpNorm, manager, dataType, dim);
        mlp.initialize(manager, dataType, probe);
    }

    /** Builder for {@link TransformerBlock}. */
    public static final class Builder {
        private int dim;
        private int heads;
        private float mlpRatio = 4f;
        private boolean causal;
        private int memoryDim;

        private Builder() {
        }

        /** Width D (required). */
        public Builder setDim(int dim) {
            this.dim = dim;
            return this;
        }

        /** Number of attention heads (required). */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** MLP hidden width as a multiple of D (default 4). */
        public Builder optMlpRatio(float mlpRatio) {
            this.mlpRatio = mlpRatio;
            return this;
        }

        /** Causal self-attention (default bidirectional). */
        public Builder optCausal(boolean causal) {
            this.causal = causal;
            return this;
        }

        /** Adds cross-attention to a memory of width {@code memoryDim}. */
        public Builder optCrossAttention(int memoryDim) {
            this.memoryDim = memoryDim;
            return this;
        }

        /** Validates and builds. */
        public TransformerBlock build() {
            if (mlpRatio <= 0) {
                throw new IllegalArgumentException("mlpRatio must be positive: " + mlpRatio);
            }
            if (memoryDim < 0) {
                throw new IllegalArgumentException("memoryDim must be positive: " + memoryDim);
            }
            if (dim <= 0 || heads <= 0 || dim % heads != 0) {
                throw new IllegalArgumentException("dim (" + dim + ") must be positive and divisible by heads ("
                        + heads + ")");
            }
            return new TransformerBlock(this);
        }
    }
}
