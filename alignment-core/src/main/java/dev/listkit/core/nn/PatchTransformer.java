package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxExportable;
import dev.listkit.core.onnx.graph.OnnxGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * A patch transformer over {@code (B, C, H, W)} — a ViT for images, an AST-like tower for log-mels:
 * non-overlapping patches embedded by a strided convolution, learned positions, pre-norm bidirectional
 * {@link TransformerBlock}s and a final LayerNorm. Output {@code NDList(pooled (B, D), tokens (B, N, D))};
 * pooled is the token mean. Inputs wider than the grid lose the columns that do not fill a patch.
 * Parameters live in the manager given to {@code initialize} (owned by the caller).
 */
public class PatchTransformer extends AbstractBlock implements OnnxExportable {
    private final PatchTransformerSpec config;
    private final Conv2d patchEmbed;
    private final Parameter positions;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    /** A tower of this (validated) size. */
    public PatchTransformer(PatchTransformerSpec config) {
        super((byte) 1);
        this.config = config;
        patchEmbed = addChildBlock("patchEmbed", Conv2d.builder()
                .setKernelShape(new Shape(config.patchHeight(), config.patchWidth()))
                .optStride(new Shape(config.patchHeight(), config.patchWidth())).setFilters(config.dim()).build());
        positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, config.tokens(), config.dim())).build());
        positions.setInitializer(new NormalInitializer(0.02f));
        for (int i = 0; i < config.depth(); i++) {
            blocks.add(addChildBlock("block" + i, TransformerBlock.builder().setDim(config.dim()).setHeads(config.heads())
                    .optMlpRatio(config.mlpRatio()).optCausal(false).build()));
        }
        finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
    }

    /** The size. */
    public PatchTransformerSpec spec() {
        return config;
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String input) {
        String p = OnnxBlocks.conv2d(g, patchEmbed, input, "encoder.patchEmbed"); // (B, D, H/ph, W/pw)
        String tokens = OnnxBlocks.transpose(g, g.op("Reshape", p, g.ints(0, config.dim(), -1)), 0, 2, 1); // (B, N, D)
        tokens = g.op("Add", tokens, g.initializer("encoder.positions", positions.getArray())); // + (1, N, D)
        for (int i = 0; i < blocks.size(); i++) {
            tokens = blocks.get(i).exportOnnx(g, tokens, null, null, null, "encoder.block" + i)[0]; // (B, N, D)
        }
        tokens = OnnxBlocks.layerNorm(g, finalNorm, tokens, "encoder.finalNorm");
        return new String[] {OnnxBlocks.mean(g, tokens, false, 1), tokens}; // (B, D), (B, N, D)
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, C, H, W)
        NDArray p = patchEmbed.forward(ps, new NDList(x), training).singletonOrThrow(); // (B, D, H/ph, W/pw)
        long b = p.getShape().get(0);
        NDArray tokens = p.reshape(b, config.dim(), -1).transpose(0, 2, 1); // (B, N, D), row-major over the patch grid
        tokens = tokens.add(ps.getValue(positions, tokens.getDevice(), training)); // + (1, N, D)
        for (TransformerBlock block : blocks) {
            tokens = block.forward(ps, tokens, null, null, null, null, training); // (B, N, D), bidirectional
        }
        tokens = finalNorm.forward(ps, new NDList(tokens), training).singletonOrThrow(); // (B, N, D)
        return new NDList(tokens.mean(new int[] {1}), tokens); // (B, D), (B, N, D)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long b = inputs[0].get(0);
        return new Shape[] {new Shape(b, config.dim()), new Shape(b, config.tokens(), config.dim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        patchEmbed.initialize(manager, dataType, inputShapes);
        Shape tok = new Shape(inputShapes[0].get(0), config.tokens(), config.dim());
        for (TransformerBlock block : blocks) {
            block.initialize(manager, dataType, tok);
        }
        finalNorm.initialize(manager, dataType, tok);
    }
}
