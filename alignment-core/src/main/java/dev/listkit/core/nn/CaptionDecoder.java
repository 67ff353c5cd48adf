package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.listkit.core.ConfigException;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.onnx.graph.OnnxGraph.Type;
import dev.listkit.core.onnx.graph.OnnxNames;

import java.util.ArrayList;
import java.util.List;

/**
 * CoCa-style caption decoder: token embedding + learned positions, blocks of [causal self-attention,
 * cross-attention to modality tokens (B, T_m, D_m), MLP], final LayerNorm and a linear LM head.
 *
 * <p>As a {@link ai.djl.nn.Block}: {@code NDList(tokens (B, T) int64, memory (B, T_m, D_m)[, memoryKeep
 * (B, T_m)])} → {@code NDList(logits (B, T, V))}, teacher forced. {@link #step} does the same for new
 * positions only, reading and extending a {@link KvCache}. Generation lives in {@link GreedySearch},
 * {@link BeamSearch} and {@link NucleusSampler}. Returned arrays belong to the tokens' manager.
 */
public final class CaptionDecoder extends AbstractBlock {
    private final CaptionDecoderConfig config;
    private final Parameter tokenEmbedding; // (V, D)
    private final Parameter positionEmbedding; // (L, D)
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear lmHead;

    /** A decoder with this (validated) architecture; call {@code initialize} before use. */
    public CaptionDecoder(CaptionDecoderConfig config) throws ConfigException {
        this.config = config.validate();
        tokenEmbedding = addParameter(Parameter.builder().setName("tokenEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.vocabSize(), config.dim()))
                .optInitializer(new NormalInitializer(0.02f)).build());
        positionEmbedding = addParameter(Parameter.builder().setName("positionEmbedding")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(config.maxLength(), config.dim()))
                .optInitializer(new NormalInitializer(0.01f)).build());
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(addChildBlock("block" + i, TransformerBlock.builder().setDim(config.dim())
                    .setHeads(config.heads()).optMlpRatio(config.mlpRatio()).optCausal(true)
                    .optCrossAttention(config.memoryDim()).build()));
        }
        finalNorm = addChildBlock("finalNorm", Norms.lastAxis());
        lmHead = addChildBlock("lmHead", Linear.builder().setUnits(config.vocabSize()).optBias(false).build());
    }

    /** The architecture. */
    public CaptionDecoderConfig config() {
        return config;
    }

    /** A new empty cache under {@code parent}; the caller closes it. */
    public KvCache newCache(NDManager parent) {
        return new KvCache(parent, blocks.size());
    }

    /**
     * Teacher-forced forward.
     *
     * @param tokens (B, T) int64, starting with BOS
     * @param memory (B, T_m, D_m)
     * @param memoryKeep (B, T_m) keep-mask or null
     * @return logits (B, T, V)
     */
    public NDArray forward(ParameterStore ps, NDArray tokens, NDArray memory, NDArray memoryKeep,
            boolean training) {
        return run(ps, tokens, memory, memoryKeep, null, training);
    }

    /**
     * Incremental forward for new positions, reading and extending {@code cache} (inference only).
     *
     * @param tokens (B, T_new) int64, the tokens after those already cached
     * @param memory (B, T_m, D_m); only read on the first step (its keys/values are then cached)
     * @return logits (B, T_new, V)
     */
    public NDArray step(ParameterStore ps, NDArray tokens, NDArray memory, NDArray memoryKeep, KvCache cache) {
        return run(ps, tokens, memory, memoryKeep, cache, false);
    }

    private NDArray run(ParameterStore ps, NDArray tokens, NDArray memory, NDArray memoryKeep, KvCache cache,
            boolean training) {
        long t = tokens.getShape().get(1);
        long offset = cache == null ? 0 : cache.length();
        if (offset + t > config.maxLength()) {
            throw new IllegalArgumentException("sequence length " + (offset + t) + " exceeds maxLength "
                    + config.maxLength());
        }
        NDManager m = tokens.getManager();
        NDArray ids = tokens.toType(DataType.INT64, false);
        NDArray tokW = ps.getValue(tokenEmbedding, tokens.getDevice(), training);
        NDArray posW = ps.getValue(positionEmbedding, tokens.getDevice(), training);
        NDArray positions = m.arange(offset, offset + t, 1, DataType.INT64); // (T)
        NDArray x = Embedding.embedding(ids, tokW, SparseFormat.DENSE).singletonOrThrow() // (B, T, D)
                .add(Embedding.embedding(positions, posW, SparseFormat.DENSE).singletonOrThrow()); // + (T, D)
        for (int i = 0; i < blocks.size(); i++) {
            LayerCache layerCache = cache == null ? null : cache.layer(i);
            x = blocks.get(i).forward(ps, x, null, memory, memoryKeep, layerCache, training); // (B, T, D)
        }
        x = Norms.apply(finalNorm, ps, x, training);
        return lmHead.forward(ps, new NDList(x), training).singletonOrThrow(); // (B, T, V)
    }

    /**
     * Writes the memory graph: {@code memory (B, T, Dm)} → {@code cross_key_i, cross_value_i (B, H, T, hd)}
     * for every layer, computed once per caption batch (the keys/values {@link LayerCache} caches).
     */
    public void exportMemoryGraph(OnnxGraph g) {
        String memory = g.input(OnnxNames.MEMORY, Type.FLOAT, "batch", "memory_tokens", config.memoryDim());
        Object[] dims = {"batch", config.heads(), "memory_tokens", config.dim() / config.heads()};
        for (int i = 0; i < blocks.size(); i++) {
            String[] kv = blocks.get(i).exportCrossKeyValue(g, memory, "decoder.block" + i);
            g.output(kv[0], OnnxNames.crossKey(i), Type.FLOAT, dims);
            g.output(kv[1], OnnxNames.crossValue(i), Type.FLOAT, dims);
        }
    }

    /**
     * Writes the step graph, the ONNX form of {@link #step}: new tokens {@code input_ids (B, S)} after
     * {@code P} cached positions ({@code past_key_i/past_value_i (B, H, P, hd)}, P may be 0) and the
     * memory's keys/values give {@code logits (B, S, V)} and {@code present_key_i/present_value_i
     * (B, H, P+S, hd)}. Positions start at P; P+S must not exceed maxLength.
     */
    public void exportStepGraph(OnnxGraph g) {
        long hd = config.dim() / config.heads();
        String ids = g.input(OnnxNames.INPUT_IDS, Type.INT64, "batch", "new_tokens");
        String[][] past = new String[blocks.size()][];
        String[][] cross = new String[blocks.size()][];
        for (int i = 0; i < blocks.size(); i++) {
            cross[i] = new String[] {
                g.input(OnnxNames.crossKey(i), Type.FLOAT, "batch", config.heads(), "memory_tokens", hd),
                g.input(OnnxNames.crossValue(i), Type.FLOAT, "batch", config.heads(), "memory_tokens", hd)};
            past[i] = new String[] {
                g.input(OnnxNames.pastKey(i), Type.FLOAT, "batch", config.heads(), "past_tokens", hd),
                g.input(OnnxNames.pastValue(i), Type.FLOAT, "batch", config.heads(), "past_tokens", hd)};
        }
        String offset = g.op("Gather", g.op("Shape", past.length == 0 ? ids : past[0][0]), g.scalarInt(2)); // P
        String t = g.op("Gather", g.op("Shape", ids), g.scalarInt(1)); // S
        String positions = g.op("Range", offset, g.op("Add", offset, t), g.scalarInt(1)); // (S)
        String x = g.op("Add", g.op("Gather", g.initializer("decoder.tokenEmbedding", tokenEmbedding.getArray()), ids),
                g.op("Gather", g.initializer("decoder.positionEmbedding", positionEmbedding.getArray()), positions));
        for (int i = 0; i < blocks.size(); i++) { // x (B, S, D)
            String[] out = blocks.get(i).exportOnnx(g, x, null, past[i], cross[i], "decoder.block" + i);
            x = out[0];
            Object[] dims = {"batch", config.heads(), "total_tokens", hd};
            g.output(out[1], OnnxNames.presentKey(i), Type.FLOAT, dims);
            g.output(out[2], OnnxNames.presentValue(i), Type.FLOAT, dims);
        }
        x = OnnxBlocks.layerNorm(g, finalNorm, x, "decoder.finalNorm");
        g.output(OnnxBlocks.linear(g, lmHead, x, "decoder.lmHead"), OnnxNames.LOGITS, Type.FLOAT, "batch",
                "new_tokens", config.vocabSize());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray keep = inputs.size() > 2 ? inputs.get(2) : null;
        return new NDList(forward(ps, inputs.get(0), inputs.get(1), keep, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1), config.vocabSize())};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape probe = new Shape(1, 1, config.dim());
        for (TransformerBlock block : blocks) {
            block.initialize(manager, dataType, probe);
        }
        Norms.init(finalNorm, manager, dataType, config.dim());
        lmHead.initialize(manager, dataType, probe);
    }
}
