package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxGraph;

/** Transformer feed-forward: Linear(D → hidden), GELU, Linear(hidden → D), on (..., D). */
public final class Mlp extends AbstractBlock {
    private final int dim;
    private final int hidden;
    private final Linear up;
    private final Linear down;

    /** An MLP of width {@code dim} with {@code hidden} inner units. */
    public Mlp(int dim, int hidden) {
        if (dim <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("dim and hidden must be positive: " + dim + ", " + hidden);
        }
        this.dim = dim;
        this.hidden = hidden;
        this.up = addChildBlock("up", Linear.builder().setUnits(hidden).build());
        this.down = addChildBlock("down", Linear.builder().setUnits(dim).build());
    }

    /** ONNX form of the forward pass on (..., D). */
    public String exportOnnx(OnnxGraph g, String x, String hint) {
        String h = OnnxBlocks.gelu(g, OnnxBlocks.linear(g, up, x, hint + ".up")); // (..., hidden)
        return OnnxBlocks.linear(g, down, h, hint + ".down"); // (..., D)
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray h = up.forward(ps, inputs, training).singletonOrThrow(); // (..., hidden)
        return down.forward(ps, new NDList(Activation.gelu(h)), training); // (..., D)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        up.initialize(manager, dataType, new Shape(1, dim));
        down.initialize(manager, dataType, new Shape(1, hidden));
    }
}
