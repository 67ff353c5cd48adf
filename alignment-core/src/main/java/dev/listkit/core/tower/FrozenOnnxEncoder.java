package dev.listkit.core.tower;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import java.util.List;

/**
 * The frozen ONNX encoder every modality plugin returns from {@code Modality.encoder({"type": "onnx", ...})}:
 * an {@link OnnxTower} as a parameterless DJL block, {@code NDList(x (B, sampleShape...))} →
 * {@code NDList(pooled (B, D), tokens (B, T, D))}. No gradient reaches it. The plugin supplies only its
 * preprocessing ({@link TowerInput}).
 *
 * <pre>{@code
 * Block b = modality.encoder(Json.parse("{\"type\": \"onnx\", \"model\": \"mobilenetv2/mobilenetv2-12-int8.onnx\","
 *         + " \"tokensOutput\": \"feature_map\", \"preprocess\": {...}}"));
 * }</pre>
 *
 * <p>Owns the tower's ORT session: {@link #close()} releases it.
 */
public final class FrozenOnnxEncoder extends AbstractBlock implements FrozenEncoder {
    private final OnnxTower tower;

    /** Opens the model; see {@link OnnxTower#OnnxTower} for the checks. */
    public FrozenOnnxEncoder(OnnxTowerSpec spec, TowerInput input) throws ConfigException {
        super((byte) 1);
        this.tower = new OnnxTower(spec, input);
    }

    /** The tower. */
    public OnnxTower tower() {
        return tower;
    }

    @Override
    public int dim() {
        return tower.dim();
    }

    @Override
    public int tokenCount() {
        return tower.tokenCount();
    }

    @Override
    public int views() {
        return tower.spec().views();
    }

    @Override
    public String hash() {
        return tower.hash();
    }

    @Override
    public List<String> labels() {
        return tower.labels();
    }

    @Override
    public Tags tags(float[] logits) {
        return tower.labels() == null ? null : Tags.top(logits, tower.labels(), tower.spec().tagTopK(),
                tower.spec().tagActivation());
    }

    @Override
    public TowerOutputs encode(float[] batch, long[] shape) throws ListkitException {
        return tower.run(batch, shape);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, sampleShape...)
        NDManager manager = x.getManager();
        long[] shape = x.getShape().getShape();
        TowerOutputs out;
        try {
            out = tower.run(x.toFloatArray(), shape);
        } catch (ListkitException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        NDArray pooled = manager.create(out.pooled(), new Shape(out.batch(), out.dim())); // (B, D)
        NDArray tokens = manager.create(out.tokenValues(), new Shape(out.batch(), out.tokens(), out.dim())); // (B, T, D)
        return new NDList(pooled, tokens);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long b = inputs[0].get(0);
        return new Shape[] {new Shape(b, tower.dim()), new Shape(b, tower.tokenCount(), tower.dim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // frozen: no parameters
    }

    /** Releases the ORT session. */
    @Override
    public void close() {
        tower.close();
    }
}
