package dev.listkit.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.loss.Loss;
import java.util.SplittableRandom;

/** A tiny classifier and a deterministic synthetic task for trainer tests. */
final class TinyTask {
    static final int IN = 8;
    static final int CLASSES = 3;

    private TinyTask() {
    }

    /** Linear(hidden) + BatchNorm + ReLU + Linear(3), initialised from {@code seed} in {@code manager}. */
    static Block model(NDManager manager, int hidden, long seed, int batch) {
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
        Engine.getInstance().setRandomSeed((int) seed);
        net.initialize(manager, DataType.FLOAT32, new Shape(batch, IN));
        return net;
    }

    /** Labels are the argmax of three fixed linear functions of the input: learnable. */
    static StepFunction steps(Block net, int batch) {
        Loss ce = Loss.softmaxCrossEntropyLoss();
        return ctx -> {
            SplittableRandom rnd = ctx.random();
            float[] x = new float[batch * IN];
            float[] y = new float[batch];
            for (int b = 0; b < batch; b++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < IN; i++) {
                    x[b * IN + i] = (float) (rnd.nextDouble() * 2 - 1);
                }
                for (int c = 0; c < CLASSES; c++) {
                    double s = 0;
                    for (int i = 0; i < IN; i++) {
                        s += x[b * IN + i] * ((i + c) % 3 - 1);
                    }
                    if (s > best) {
                        best = s;
                        y[b] = c;
                    }
                }
            }
            NDArray xs = ctx.manager().create(x, new Shape(batch, IN)); // (B, IN)
            NDArray ys = ctx.manager().create(y, new Shape(batch)); // (B)
            NDArray logits = net.forward(ctx.parameters(), new NDList(xs), true).singletonOrThrow(); // (B, 3)
            NDArray loss = ce.evaluate(new NDList(ys), new NDList(logits));
            return new StepLoss(loss, java.util.Map.of("ce", loss));
        };
    }
}
