package dev.listkit.vision.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxGraph;
import java.util.List;

/**
 * ResNet's basic block (He et al., 2016): {@code relu(bn(conv3x3(relu(bn(conv3x3(x))))) + shortcut(x))},
 * where the shortcut is the identity, or a strided 1x1 convolution + BN when the width or resolution
 * changes. Maps {@code (B, Cin, H, W)} to {@code (B, Cout, ceil(H/stride), ceil(W/stride))}.
 */
final class BasicBlock extends AbstractBlock {
    private final Block residual;
    private final Block shortcut; // null: identity
    private final int width;
    private final int stride;

    BasicBlock(int inWidth, int width, int stride) {
        super((byte) 1);
        this.width = width;
        this.stride = stride;
        residual = addChildBlock("residual", new SequentialBlock()
                .add(conv(width, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(width, 3, 1)).add(BatchNorm.builder().build()));
        shortcut = inWidth == width && stride == 1 ? null : addChildBlock("shortcut", new SequentialBlock()
                .add(conv(width, 1, stride)).add(BatchNorm.builder().build()));
    }

    static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters(filters).optBias(false).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, Cin, H, W)
        NDArray y = residual.forward(ps, inputs, training, params).singletonOrThrow(); // (B, C, H', W')
        NDArray s = shortcut == null ? x : shortcut.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(Activation.relu(y.add(s))); // (B, C, H', W')
    }

    /** Emits this block's inference forward pass into {@code g}; returns the output name (B, C, H', W'). */
    String exportOnnx(OnnxGraph g, String x, String hint) {
        List<Block> r = residual.getChildren().values(); // conv, BN, ReLU, conv, BN
        String y = OnnxBlocks.conv2d(g, (Conv2d) r.get(0), x, hint + ".conv1");
        y = OnnxBlocks.batchNorm(g, (BatchNorm) r.get(1), y, hint + ".bn1");
        y = g.op("Relu", y);
        y = OnnxBlocks.conv2d(g, (Conv2d) r.get(3), y, hint + ".conv2");
        y = OnnxBlocks.batchNorm(g, (BatchNorm) r.get(4), y, hint + ".bn2");
        String s = x;
        if (shortcut != null) {
            List<Block> sc = shortcut.getChildren().values(); // 1x1 conv, BN
            s = OnnxBlocks.conv2d(g, (Conv2d) sc.get(0), x, hint + ".shortcut.conv");
            s = OnnxBlocks.batchNorm(g, (BatchNorm) sc.get(1), s, hint + ".shortcut.bn");
        }
        return g.op("Relu", g.op("Add", y, s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0]; // (B, Cin, H, W)
        return new Shape[] {new Shape(in.get(0), width, (in.get(2) + stride - 1) / stride,
            (in.get(3) + stride - 1) / stride)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        residual.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
