package dev.listkit.core.train.coca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaConfig;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.nn.FreedMemory;
import dev.listkit.core.train.StepContext;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.StepLoss;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import dev.listkit.core.util.Json;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training is a function of the seed and the data only: a CoCa training whose every backward pass follows a garbage
 * collection (with the freed native memory taken back and filled with NaN) logs the same loss and gradient norm at
 * every step, and ends with the same weights, as the same training without one. Before the fix the collection freed
 * constants that the autograd graph still pointed at (see {@link dev.listkit.core.nn.Scalars}): NaN or wrong
 * gradients, skipped updates, and runs of one command that differed.
 */
class TrainingUnderGcTest {
    private static final int STEPS = 10;

    /** What a training gave: per step (loss, gradient norm), skipped updates, and every parameter's bytes. */
    private record Run(List<double[]> steps, long skipped, Map<String, byte[]> weights) {
    }

    /** Calls {@code inner}, then frees and reuses memory before the trainer's backward pass. */
    private static final class CollectBeforeBackward implements StepFunction {
        private final StepFunction inner;
        private List<ByteBuffer> garbage = List.of();

        CollectBeforeBackward(StepFunction inner) {
            this.inner = inner;
        }

        @Override
        public StepLoss compute(StepContext ctx) throws ListkitException {
            StepLoss loss = inner.compute(ctx);
            try {
                garbage = FreedMemory.freeAndReuse(4096); // reachable until the next step: past the backward pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return loss;
        }
    }

    private static Run train(boolean sigmoid, boolean collect) throws Exception {
        CocaStepFunctionTest.ToyData d = CocaStepFunctionTest.ToyData.make();
        List<PairedSample> samples = d.samples();
        Map<String, float[]> text = d.text();
        Map<String, long[]> tokens = d.tokens();
        CaptionVocabulary vocab = d.vocab();
        CocaConfig cfg = new CocaConfig(8, Json.object(), new CocaConfig.DecoderSpec(8, 1, 2, 2f, 6), null);
        try (NDManager m = NDManager.newBaseManager()) {
            CocaModel model = new CocaModel(new CocaStepFunctionTest.ToyEncoder(), 8, 16, cfg, vocab, sigmoid);
            Engine.getInstance().setRandomSeed(3);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 6), new Shape(1, 16), new Shape(1, 5));
            StepFunction fn = new CocaStepFunction(model, new CocaStepFunctionTest.Identity(), samples, text, tokens,
                    sigmoid ? ContrastiveLoss.sigLip() : ContrastiveLoss.infoNce(), new CaptionLoss(0, 0.1), 1.0, 1.0,
                    4, 6, true);
            if (collect) {
                fn = new CollectBeforeBackward(fn);
            }
            // Two micro-batches per update: the trainer's own division of the loss is on the path too.
            TrainConfig tc = new TrainConfig(STEPS, 4, 0.05, 0.0, 0.0, 0.9, 0.98, 1e-6, 0, 1.0, 2, 1, 0, 1);
            List<double[]> steps = new ArrayList<>();
            long skipped;
            try (Trainer t = Trainer.builder().setBlock(model).setConfig(tc).setStepFunction(fn)
                    .addListener(rep -> steps.add(new double[] {rep.step(), rep.loss(), rep.gradNorm()})).build()) {
                t.run();
                skipped = t.skippedUpdates();
            }
            Map<String, byte[]> weights = new LinkedHashMap<>();
            model.getParameters().forEach(p -> weights.put(p.getKey(), p.getValue().getArray().toByteArray()));
            return new Run(steps, skipped, weights);
        }
    }

    private static void assertSameTraining(boolean sigmoid) throws Exception {
        Run quiet = train(sigmoid, false);
        Run collected = train(sigmoid, true);
        assertEquals(STEPS, quiet.steps().size());
        for (int i = 0; i < STEPS; i++) {
            assertTrue(Double.isFinite(quiet.steps().get(i)[2]), "step " + (i + 1) + ": gradient norm "
                    + quiet.steps().get(i)[2]);
            assertArrayEquals(quiet.steps().get(i), collected.steps().get(i),
                    "step " + (i + 1) + " (step, loss, gradient norm) with a collection before each backward pass");
        }
        assertEquals(0, quiet.skipped());
        assertEquals(0, collected.skipped(), "updates skipped for a NaN/Inf gradient");
        assertEquals(quiet.weights().keySet(), collected.weights().keySet());
        quiet.weights().forEach((name, bytes) -> assertArrayEquals(bytes, collected.weights().get(name), name));
    }

    @Test
    void infoNceTrainingDoesNotDependOnTheGarbageCollector() throws Exception {
        assertSameTraining(false);
    }

    @Test
    void sigLipTrainingDoesNotDependOnTheGarbageCollector() throws Exception {
        assertSameTraining(true);
    }
}
