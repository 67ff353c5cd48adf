package dev.listkit.audio.encoder;

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
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.onnx.graph.OnnxBlocks;
import dev.listkit.core.onnx.graph.OnnxExportable;
import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.onnx.graph.OnnxGraph.Attr;
import java.util.List;

/**
 * Log-mel CNN tower (PANN CNN10-like). Input {@code (B, 1, F, T)} log-mel; output
 * {@code NDList(pooled (B, D), tokens (B, T', D))} where the tokens are the last feature map averaged
 * over frequency ({@code T' = T / 2^blocks}) and pooled is max + mean of the tokens over time, as in
 * PANN. Exportable to ONNX with a dynamic time axis. Parameters live in the manager given to {@code initialize} (owned by the caller).
 */
public final class CnnEncoder extends AbstractBlock implements OnnxExportable {
    private static final byte VERSION = 1;
    private final SequentialBlock body;
    private final CnnEncoderConfig config;

    public CnnEncoder(CnnEncoderConfig config) {
        super(VERSION);
        this.config = config;
        SequentialBlock net = new SequentialBlock();
        for (int w : config.widths()) {
            for (int i = 0; i < 2; i++) {
                net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(w).optBias(false).build());
                net.add(BatchNorm.builder().build());
                net.add(Activation.reluBlock());
            }
            net.add(Pool.avgPool2dBlock(new Shape(2, 2)));
        }
        body = addChildBlock("body", net);
    }

    public CnnEncoderConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray maps = body.forward(ps, inputs, training, params).singletonOrThrow(); // (B, D, F', T')
        NDArray tokens = maps.mean(new int[] {2}).transpose(0, 2, 1); // (B, T', D)
        NDArray pooled = tokens.max(new int[] {1}).add(tokens.mean(new int[] {1})); // (B, D)
        return new NDList(pooled, tokens);
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String input) {
        List<ai.djl.nn.Block> layers = body.getChildren().values();
        String x = input; // (B, 1, F, T)
        for (int i = 0; i < layers.size(); i++) {
            String hint = "encoder.block" + (i / 7) + "." + (i % 7);
            switch (i % 7) { // per width: conv, BN, ReLU, conv, BN, ReLU, 2x2 average pooling
                case 0, 3 -> x = OnnxBlocks.conv2d(g, (Conv2d) layers.get(i), x, hint);
                case 1, 4 -> x = OnnxBlocks.batchNorm(g, (BatchNorm) layers.get(i), x, hint);
                case 2, 5 -> x = g.op("Relu", x);
                default -> x = g.op("AveragePool", List.of(Attr.ints("kernel_shape", 2, 2), Attr.ints("strides", 2, 2)), x);
            }
        }
        String tokens = OnnxBlocks.transpose(g, OnnxBlocks.mean(g, x, false, 2), 0, 2, 1); // (B, T', D)
        String pooled = g.op("Add", OnnxBlocks.max(g, tokens, false, 1), OnnxBlocks.mean(g, tokens, false, 1)); // (B, D)
        return new String[] {pooled, tokens};
    }

    /** The clip length (last axis) is dynamic; channels and mel bands are fixed. */
    @Override
    public Object[] onnxSampleDims(long[] sampleShape) {
        return new Object[] {sampleShape[0], sampleShape[1], "frames"};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0]; // (B, 1, F, T)
        long t = in.get(3);
        for (int i = 0; i < config.widths().size(); i++) {
            t /= 2;
        }
        return new Shape[] {new Shape(in.get(0), config.dim()), new Shape(in.get(0), t, config.dim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }
}
