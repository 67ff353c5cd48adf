package dev.listkit.audio.encoder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import dev.listkit.core.train.EngineThreads;
import dev.listkit.core.train.StepLoss;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CNN tower plugs into the generic trainer and learns which mel band carries energy. */
class EncoderTrainingTest {
    private static final int B = 8;
    private static final int MELS = 16;
    private static final int FRAMES = 32;

    @Test
    void cnnTowerLearnsBandEnergyThroughTheTrainer() throws Exception {
        int threads = EngineThreads.setIntraOp(1);
        List<Double> losses = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            CnnEncoder tower = new CnnEncoder(new CnnEncoderConfig(List.of(4, 8)));
            SequentialBlock net = new SequentialBlock().add(tower)
                    .add(list -> new NDList(list.get(0))) // pooled (B, D)
                    .add(Linear.builder().setUnits(2).build()); // (B, 2)
            Engine.getInstance().setRandomSeed(5);
            net.initialize(m, DataType.FLOAT32, new Shape(B, 1, MELS, FRAMES));
            Loss ce = Loss.softmaxCrossEntropyLoss();
            TrainConfig cfg = new TrainConfig(40, B, 0.01, 0.001, 0.01, 0.9, 0.98, 1e-6, 4, 1.0, 1, 2, 0, 1);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg).setStepFunction(ctx -> {
                SplittableRandom rnd = ctx.random();
                float[] x = new float[B * MELS * FRAMES];
                float[] y = new float[B];
                for (int b = 0; b < B; b++) {
                    y[b] = rnd.nextInt(2);
                    for (int f = 0; f < MELS; f++) {
                        boolean loud = (y[b] == 0) == (f < MELS / 2); // class 0: low bands loud
                        for (int t2 = 0; t2 < FRAMES; t2++) {
                            x[(b * MELS + f) * FRAMES + t2] = (float) (rnd.nextGaussian() + (loud ? 1.0 : -1.0));
                        }
                    }
                }
                NDArray xs = ctx.manager().create(x, new Shape(B, 1, MELS, FRAMES)); // (B, 1, F, T)
                NDArray logits = net.forward(ctx.parameters(), new NDList(xs), true).singletonOrThrow();
                return StepLoss.of(ce.evaluate(new NDList(ctx.manager().create(y)), new NDList(logits)));
            }).addListener(r -> losses.add(r.loss())).build()) {
                t.run();
            }
        } finally {
            EngineThreads.setIntraOp(threads);
        }
        double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(35, 40).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    }
}
