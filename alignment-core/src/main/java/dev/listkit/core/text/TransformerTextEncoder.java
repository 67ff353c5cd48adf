package dev.listkit.core.text;

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
import dev.listkit.core.nn.Masks;
import dev.listkit.core.nn.TransformerBlock;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.onnx.graph.OnnxGraph.Attr;

import java.util.ArrayList;
import java.util.List;

/**
 * Trainable transformer text encoder: token + learned position embeddings, pre-norm
 * {@link TransformerBlock}s (causal or bidirectional), final LayerNorm, EOT or mean pooling, and a linear
 * projection (no bias) to the joint width.
 *
 * <p>Block contract: {@code NDList(ids (B, T) int64, keep (B, T))} → {@code NDList(embeddings (B, outputDim))}.
 * Rows must be right-padded (real tokens first). Returned arrays belong to the ids' manager.
 */
public final class TransformerTextEncoder extends AbstractBlock {
    private final TransformerTextEncoderConfig config;
    private final Parameter tokenEmbedding; // (V, D)
    private final Parameter positionEmbedding; // (L, D)
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear projection;

    /** An encoder with this (validated) architecture; call {@code initialize} before use. */
    public TransformerTextEncoder(TransformerTextEncoderConfig config) throws ConfigException {
        this.config = config.validate();
        tokenEmbedding = addParameter(Parameter.builder().setName("tokenEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.vocabSize(), config.dim()))
                .optInitializer(new NormalInitializer(0.02f)).build());
        positionEmbedding = addParameter(Parameter.builder().setName("positionEmbedding")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(config.maxLength(), config.dim()))
                .optInitializer(new NormalInitializer(0.01f)).build());
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(addChildBlock("block" + i, TransformerBlock.builder().setDim(config.dim())
                    .setHeads(config.heads()).optMlpRatio(config.mlpRatio()).optCausal(config.causal()).build()));
        }
        finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(1).build());
        projection = addChildBlock("projection",
                Linear.builder().setUnits(config.outputDim()).optBias(false).build());
    }

    /** The architecture. */
    public TransformerTextEncoderConfig config() {
        return config;
    }

    /**
     * Encodes token ids.
     *
     * @param ids (B, T) int64, right-padded
     * @param keep (B, T) 1 for real tokens, 0 for padding
     * @return (B, outputDim), not normalised
     */
    public NDArray encode(ParameterStore ps, NDArray ids, NDArray keep, boolean training) {
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        if (t > config.maxLength()) {
            throw new IllegalArgumentException("sequence length " + t + " exceeds maxLength " + config.maxLength());
        }
        NDManager m = ids.getManager();
        NDArray tokW = ps.getValue(tokenEmbedding, ids.getDevice(), training);
        NDArray posW = ps.getValue(positionEmbedding, ids.getDevice(), training);
        NDArray positions = m.arange(0, t, 1, DataType.INT64); // (T)
        NDArray x = Embedding.embedding(ids.toType(DataType.INT64, false), tokW, SparseFormat.DENSE)
                .singletonOrThrow() // (B, T, D)
                .add(Embedding.embedding(positions, posW, SparseFormat.DENSE).singletonOrThrow()); // + (T, D)
        for (TransformerBlock block : blocks) {
            x = block.forward(ps, x, keep, null, null, null, training); // (B, T, D)
        }
        x = finalNorm.forward(ps, new NDList(x), training).singletonOrThrow(); // (B, T, D)
        NDArray keepF = keep.toType(DataType.FLOAT32, false); // (B, T)
        NDArray weights; // (B, T), sums to 1 per row
        if (config.pooling() == TextPooling.MEAN) {
            weights = keepF.div(keepF.sum(new int[] {1}, true));
        } else {
            NDArray last = keepF.sum(new int[] {1}, true).sub(1f); // (B, 1) index of the last real token
            NDArray pos = m.arange(0, t, 1, DataType.FLOAT32).reshape(1, t); // (1, T)
            weights = pos.eq(last).toType(DataType.FLOAT32, false); // (B, T) one-hot
        }
        NDArray pooled = x.mul(weights.reshape(b, t, 1)).sum(new int[] {1}); // (B, D)
        return projection.forward(ps, new NDList(pooled), training).singletonOrThrow(); // (B, outputDim)
    }

    /**
     * ONNX form of {@link #encode} with the keep-mask derived from the ids ({@code id != padId}).
     *
     * @param ids name of the (B, T) int64 ids, right-padded with {@code padId}
     * @return name of the (B, outputDim) embedding, not normalised
     */
    public String exportOnnx(OnnxGraph g, String ids, long padId) {
        String toFloat = "to";
        int f = OnnxGraph.Type.FLOAT.code();
        String keep = g.op("Cast", List.of(Attr.i(toFloat, f)), g.op("Not", g.op("Equal", ids, g.scalarInt(padId)))); // (B, T)
        String t = g.op("Gather", g.op("Shape", ids), g.scalarInt(1)); // T
        String positions = g.op("Range", g.scalarInt(0), t, g.scalarInt(1)); // (T)
        String x = g.op("Add", g.op("Gather", g.initializer("text.tokenEmbedding", tokenEmbedding.getArray()), ids),
                g.op("Gather", g.initializer("text.positionEmbedding", positionEmbedding.getArray()), positions));
        String padMask = g.op("Mul", g.op("Sub", g.scalar(1f), g.op("Unsqueeze", keep, g.ints(1, 2))),
                g.scalar(Masks.NEG)); // (B, 1, 1, T)
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).exportOnnx(g, x, padMask, null, null, "text.block" + i)[0]; // (B, T, D)
        }
        x = OnnxBlocks.layerNorm(g, finalNorm, x, "text.finalNorm");
        String count = g.op("ReduceSum", List.of(Attr.i("keepdims", 1)), keep, g.ints(1)); // (B, 1)
        String weights; // (B, T)
        if (config.pooling() == TextPooling.MEAN) {
            weights = g.op("Div", keep, count);
        } else {
            String pos = g.op("Cast", List.of(Attr.i(toFloat, f)), g.op("Unsqueeze", positions, g.ints(0))); // (1, T)
            weights = g.op("Cast", List.of(Attr.i(toFloat, f)), g.op("Equal", pos, g.op("Sub", count, g.scalar(1f))));
        }
        String pooled = g.op("ReduceSum", List.of(Attr.i("keepdims", 0)),
                g.op("Mul", x, g.op("Unsqueeze", weights, g.ints(2))), g.ints(1)); // (B, D)
        return OnnxBlocks.linear(g, projection, pooled, "text.projection"); // (B, outputDim)
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(encode(ps, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.outputDim())};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape probe = new Shape(1, 1, config.dim());
        for (TransformerBlock block : blocks) {
            block.initialize(manager, dataType, probe);
        }
        finalNorm.initialize(manager, dataType, new Shape(1, config.dim()));
        projection.initialize(manager, dataType, new Shape(1, config.dim()));
    }
}
