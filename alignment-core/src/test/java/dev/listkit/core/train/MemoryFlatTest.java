package dev.listkit.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Native memory must not grow with the number of steps: every step's native arrays are freed.
 *
 * <p>The test counts what it means to bound: the live native arrays (and their bytes) that DJL tracks,
 * over every manager of the process, walked from the engine's system manager. Unlike the resident set
 * size this count does not move with glibc's arenas, G1 heap growth, JIT arenas or whatever other test
 * classes of the same Surefire JVM left behind (those are constant while this test runs), so it is exact:
 * after warm-up (optimiser state is created at the first update) the count at step 300 must equal the count
 * at step 600. A control run that keeps one 1 MiB array per step proves the measurement sees a leak.
 * (The earlier version compared process RSS and failed fresh-clone CI runs by 18 MiB of allocator noise.)
 */
class MemoryFlatTest {
    private static final int BATCH = 256;
    private static int threads;

    @BeforeAll
    static void oneThread() {
        threads = EngineThreads.setIntraOp(1); // tiny ops on a shared 2-core box: threads only add barrier waits
    }

    @AfterAll
    static void restoreThreads() {
        EngineThreads.setIntraOp(threads);
    }

    /** Live native arrays of the whole process and their bytes, as DJL's manager tree knows them. */
    record Live(long arrays, long bytes) {
        static Live now() {
            try (NDManager probe = NDManager.newBaseManager()) {
                NDManager system = probe.getParentManager(); // every base manager hangs off the engine's system manager
                long n = 0;
                long bytes = 0;
                for (NDArray a : system.getManagedArrays()) {
                    if (!a.isReleased()) {
                        n++;
                        bytes += a.size() * a.getDataType().getNumOfBytes();
                    }
                }
                return new Live(n, bytes);
            }
        }
    }

    /** Live arrays sampled every 50 steps from step 100 on, keyed by step. */
    private static TreeMap<Long, Live> run(boolean leak) throws Exception {
        TreeMap<Long, Live> live = new TreeMap<>();
        TrainConfig cfg = new TrainConfig(600, BATCH, 0.01, 0.001, 0.1, 0.9, 0.98, 1e-6, 10, 1.0, 1, 1, 0, 1);
        List<Object> keep = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(); NDManager leaked = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 64, 1, BATCH);
            StepFunction inner = TinyTask.steps(net, BATCH);
            StepFunction fn = leak ? ctx -> {
                keep.add(leaked.ones(new Shape(256 * 1024))); // 1 MiB never freed
                return inner.compute(ctx);
            } : inner;
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg).setStepFunction(fn)
                    .addListener(r -> {
                        if (r.step() >= 100 && r.step() % 50 == 0) {
                            live.put(r.step(), Live.now());
                        }
                    }).build()) {
                t.run();
                assertEquals(600, t.step());
            }
        }
        System.err.println("live native arrays by step (leak=" + leak + "): " + live);
        return live;
    }

    @Test
    void liveNativeArraysStayConstantOver600Steps() throws Exception {
        TreeMap<Long, Live> live = run(false);
        Live at300 = live.get(300L);
        for (long step = 350; step <= 600; step += 50) {
            assertEquals(at300, live.get(step), "live native arrays changed between step 300 and step " + step
                    + " (" + live + "): a step leaves arrays behind");
        }
    }

    @Test
    void theMeasurementSeesALeak() throws Exception {
        TreeMap<Long, Live> live = run(true);
        Live at300 = live.get(300L);
        Live at600 = live.get(600L);
        assertEquals(300, at600.arrays() - at300.arrays(), "a one-array-per-step leak: " + live);
        assertTrue(at600.bytes() - at300.bytes() >= 300L * 1024 * 1024, "a 1 MiB/step leak: " + live);
    }
}
