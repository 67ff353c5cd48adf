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

/**
 * Log-mel CNN tower (PANN CNN10-like). Input {@code (B, 1, F, T)} log-mel; output
 * {@code NDList(pooled (B, D), tokens (B, T', D))} where the tokens are the last feature map averaged
 * over frequency ({@code T' = T / 2^blocks}) and pooled is max + mean of the tokens over time, as in
 * PANN. Parameters live in the manager given to {@code initialize} (owned by the caller).
 */
public final class CnnEncoder extends AbstractBlock {
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
