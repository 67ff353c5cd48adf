package dev.listkit.vision.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxExportable;
import dev.listkit.core.onnx.graph.OnnxGraph;
import java.util.List;

/**
 * A small CIFAR-style ResNet ({@link ResNetSpec}): stem conv3x3 + BN + ReLU, then stages of
 * {@link BasicBlock}s. Input {@code (B, 3, S, S)}; output {@code NDList(pooled (B, D), tokens (B, T, D))}
 * where the tokens are the cells of the last feature map in row-major order ({@code T = G * G},
 * {@code G = } {@link ResNetSpec#gridSide}) and pooled is their mean (global average pooling).
 * Parameters live in the manager given to {@code initialize} (owned by the caller).
 */
public final class ResNetEncoder extends AbstractBlock implements OnnxExportable {
    private final ResNetSpec spec;
    private final SequentialBlock body;

    /** A network of this (validated) size. */
    public ResNetEncoder(ResNetSpec spec) {
        super((byte) 1);
        this.spec = spec;
        SequentialBlock net = new SequentialBlock()
                .add(BasicBlock.conv(spec.widths().get(0), 3, spec.stemStride()))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        int in = spec.widths().get(0);
        for (int stage = 0; stage < spec.widths().size(); stage++) {
            int w = spec.widths().get(stage);
            for (int b = 0; b < spec.blocks(); b++) {
                net.add(new BasicBlock(in, w, stage > 0 && b == 0 ? 2 : 1));
                in = w;
            }
        }
        body = addChildBlock("body", net);
    }

    /** The size. */
    public ResNetSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray maps = body.forward(ps, inputs, training, params).singletonOrThrow(); // (B, D, G, G)
        long b = maps.getShape().get(0);
        NDArray tokens = maps.reshape(b, spec.dim(), -1).transpose(0, 2, 1); // (B, G*G, D)
        return new NDList(tokens.mean(new int[] {1}), tokens); // (B, D), (B, T, D)
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String input) {
        List<ai.djl.nn.Block> layers = body.getChildren().values(); // stem conv, BN, ReLU, then basic blocks
        String x = OnnxBlocks.conv2d(g, (Conv2d) layers.get(0), input, "encoder.stem.conv"); // (B, C0, S', S')
        x = OnnxBlocks.batchNorm(g, (BatchNorm) layers.get(1), x, "encoder.stem.bn");
        x = g.op("Relu", x);
        for (int i = 3; i < layers.size(); i++) {
            x = ((BasicBlock) layers.get(i)).exportOnnx(g, x, "encoder.block" + (i - 3)); // (B, C, G, G)
        }
        String flat = g.op("Reshape", x, g.ints(0, spec.dim(), -1)); // (B, D, G*G)
        String tokens = OnnxBlocks.transpose(g, flat, 0, 2, 1); // (B, G*G, D)
        return new String[] {OnnxBlocks.mean(g, tokens, false, 1), tokens}; // (B, D), (B, T, D)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0]; // (B, 3, S, S)
        long g = spec.gridSide(in.get(2)) * spec.gridSide(in.get(3));
        return new Shape[] {new Shape(in.get(0), spec.dim()), new Shape(in.get(0), g, spec.dim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }
}
