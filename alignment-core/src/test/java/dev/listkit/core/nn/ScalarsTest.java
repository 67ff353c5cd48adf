package dev.listkit.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients through {@link Scalars} do not depend on the garbage collector: a collection between the forward and
 * the backward pass, with the freed memory taken back and filled with NaN, leaves them exact. (DJL's own
 * {@code x.mul(2f)} fails this: its constant aliases a direct buffer the collector frees, and the backward pass reads
 * NaN from it.) The forward values are those of DJL's overloads.
 */
class ScalarsTest {
    private static final float[] X = {-3f, -0.5f, 0.25f, 2f, 7f};

    /** d/dx sum(op(x)) after freeing and reusing memory between forward and backward. */
    private static float[] gradient(UnaryOperator<NDArray> op) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x).sum(); // ()
                List<ByteBuffer> garbage = FreedMemory.freeAndReuse(4096);
                gc.backward(y);
                Reference.reachabilityFence(garbage);
            }
            return x.getGradient().toFloatArray();
        }
    }

    private static float[] values(UnaryOperator<NDArray> op) {
        try (NDManager m = NDManager.newBaseManager()) {
            return op.apply(m.create(X)).toFloatArray();
        }
    }

    @Test
    void mulAndDivGradientsSurviveACollection() throws Exception {
        for (int trial = 0; trial < 3; trial++) {
            assertArrayEquals(new float[] {0.9f, 0.9f, 0.9f, 0.9f, 0.9f}, gradient(x -> Scalars.mul(x, 0.9)));
            assertArrayEquals(new float[] {0.125f, 0.125f, 0.125f, 0.125f, 0.125f}, gradient(x -> Scalars.div(x, 8)));
        }
    }

    @Test
    void minimumAndMaximumGradientsSurviveACollection() throws Exception {
        for (int trial = 0; trial < 3; trial++) {
            assertArrayEquals(new float[] {1f, 1f, 1f, 0f, 0f}, gradient(x -> Scalars.minimum(x, 1)));
            assertArrayEquals(new float[] {0f, 0f, 1f, 1f, 1f}, gradient(x -> Scalars.maximum(x, 0)));
        }
    }

    @Test
    void valuesAreThoseOfDjlsOverloads() {
        assertArrayEquals(values(x -> x.mul(0.9f)), values(x -> Scalars.mul(x, 0.9f)));
        assertArrayEquals(values(x -> x.div(32L)), values(x -> Scalars.div(x, 32)));
        assertArrayEquals(values(x -> x.minimum(100f)), values(x -> Scalars.minimum(x, 100)));
        assertArrayEquals(values(x -> x.maximum(1f)), values(x -> Scalars.maximum(x, 1)));
        assertArrayEquals(values(x -> x.mul(-1e9f)), values(x -> Scalars.mul(x, Masks.NEG)));
    }
}
