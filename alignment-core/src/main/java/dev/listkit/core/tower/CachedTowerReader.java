package dev.listkit.core.tower;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.onnx.graph.OnnxExportable;
import dev.listkit.core.onnx.graph.OnnxGraph;
import java.util.List;

/**
 * The encoder of a {@link LockedTowerModality}: its samples already are the frozen tower's outputs, so the
 * block only unpacks them. Input {@code (B, V, R, D)} (all cached views; view 0 is used) or {@code (B, R, D)}
 * (one view); row 0 is the pooled vector, rows 1 … T the tokens, any further rows the classifier's logits
 * (not read here). Output {@code NDList(pooled (B, D), tokens (B, T, D))}. No parameters.
 */
public final class CachedTowerReader extends AbstractBlock implements OnnxExportable {
    private final int dim;
    private final int tokens;

    /**
     * @param dim    D
     * @param tokens T
     */
    public CachedTowerReader(int dim, int tokens) {
        super((byte) 1);
        this.dim = dim;
        this.tokens = tokens;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() == 4) {
            x = x.get(new NDIndex(":, 0")); // (B, R, D): view 0
        }
        NDArray pooled = x.get(new NDIndex(":, 0")); // (B, D)
        NDArray tok = x.get(new NDIndex(":, 1:" + (1 + tokens))); // (B, T, D)
        return new NDList(pooled, tok);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long b = inputs[0].get(0);
        return new Shape[] {new Shape(b, dim), new Shape(b, tokens, dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no parameters
    }

    /**
     * The same unpacking as an ONNX graph, for exported models whose modality input is the cached tower
     * output {@code (B, V, R, D)} (the tower itself is copied beside the graphs; see the exporter).
     */
    @Override
    public String[] exportOnnx(OnnxGraph g, String input) {
        String view = g.op("Gather", List.of(OnnxGraph.Attr.i("axis", 1)), input, g.scalarInt(0)); // (B, R, D)
        String pooled = g.op("Gather", List.of(OnnxGraph.Attr.i("axis", 1)), view, g.scalarInt(0)); // (B, D)
        String tok = g.op("Slice", view, g.ints(1), g.ints(1 + tokens), g.ints(1)); // (B, T, D)
        return new String[] {pooled, tok};
    }

    /** D. */
    public int dim() {
        return dim;
    }

    /** T. */
    public int tokens() {
        return tokens;
    }
}
