package dev.listkit.core.train.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The benchmark network, identical to {@code scripts/bench_train.py}: a 2-D CNN of four blocks
 * (conv3x3 without bias + batch norm + ReLU, twice, then 2x2 average pooling), mean over axis 2,
 * max + mean over axis 3, and a linear head. Input {@code (B, 1, H, W)}, output {@code (B, classes)}.
 * The caller owns the returned block (its parameters live in the manager it is initialised with).
 */
public final class BenchCnn {
    private BenchCnn() {
    }

    /** Builds the uninitialised network. */
    public static Block build(int[] widths, int classes) {
        SequentialBlock net = new SequentialBlock();
        for (int w : widths) {
            for (int i = 0; i < 2; i++) {
                net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(w).optBias(false).build());
                net.add(BatchNorm.builder().build());
                net.add(Activation.reluBlock());
            }
            net.add(Pool.avgPool2dBlock(new Shape(2, 2)));
        }
        net.add(new LambdaBlock(list -> {
            NDArray x = list.singletonOrThrow().mean(new int[] {2}); // (B, C, W')
            return new NDList(x.max(new int[] {2}).add(x.mean(new int[] {2}))); // (B, C)
        }, "globalPool"));
        net.add(Linear.builder().setUnits(classes).build()); // (B, classes)
        return net;
    }
}
