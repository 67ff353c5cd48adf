package dev.listkit.core.text;

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

/** Trainable linear map (B, D_in) → (B, D_out) into the joint embedding space (no bias). */
public final class ProjectionHead extends AbstractBlock {
    private final int inputDim;
    private final int outputDim;
    private final Linear linear;

    /** A projection from {@code inputDim} to {@code outputDim}. */
    public ProjectionHead(int inputDim, int outputDim) {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException("dims must be positive: " + inputDim + ", " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.linear = addChildBlock("linear", Linear.builder().setUnits(outputDim).optBias(false).build());
    }

    /** D_out. */
    public int outputDim() {
        return outputDim;
    }

    /** ONNX form: (B, D_in) → (B, D_out). */
    public String exportOnnx(OnnxGraph g, String x, String hint) {
        return OnnxBlocks.linear(g, linear, x, hint);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return linear.forward(ps, inputs, training); // (B, D_out)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputDim)};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        linear.initialize(manager, dataType, new Shape(1, inputDim));
    }
}
