package dev.listkit.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resident memory must not grow with the number of steps: every step's native arrays are freed. RSS
 * jitters by tens of MiB with glibc's arenas, so the test compares the minimum RSS of an early window
 * (steps 200-300) with that of a late one (500-600), and proves it can see a leak with a control run
 * that leaks 1 MiB per step (a 128 KiB/step leak was absorbed by memory the allocator had already freed).
 */
class MemoryFlatTest {
    private static final int BATCH = 256;
    private static final long BOUND_KB = 8 * 1024;
    private static int threads;

    @BeforeAll
    static void oneThread() {
        threads = EngineThreads.setIntraOp(1); // tiny ops on a shared 2-core box: threads only add barrier waits
    }

    @AfterAll
    static void restoreThreads() {
        EngineThreads.setIntraOp(threads);
    }

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    /** Min RSS over steps 500-600 minus min RSS over steps 200-300, in KiB. */
    private static long growthKb(boolean leak) throws Exception {
        TreeMap<Long, Long> rss = new TreeMap<>();
        TrainConfig cfg = new TrainConfig(600, BATCH, 0.01, 0.001, 0.1, 0.9, 0.98, 1e-6, 10, 1.0, 1, 1, 0, 1);
        List<Object> keep = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(); NDManager leaked = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 64, 1, BATCH);
            StepFunction inner = TinyTask.steps(net, BATCH);
            StepFunction fn = leak ? ctx -> {
                keep.add(leaked.ones(new ai.djl.ndarray.types.Shape(256 * 1024))); // 1 MiB never freed
                return inner.compute(ctx);
            } : inner;
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg).setStepFunction(fn)
                    .addListener(r -> {
                        if (r.step() >= 200 && r.step() % 20 == 0) {
                            System.gc();
                            rss.put(r.step(), rssKb());
                        }
                    }).build()) {
                t.run();
                assertEquals(600, t.step());
            }
        }
        long early = rss.subMap(200L, true, 300L, true).values().stream().mapToLong(v -> v).min().orElseThrow();
        long late = rss.subMap(500L, true, 600L, true).values().stream().mapToLong(v -> v).min().orElseThrow();
        System.err.println("RSS KiB by step (leak=" + leak + "): " + rss);
        return late - early;
    }

    @Test
    void residentMemoryStaysFlatOver600Steps() throws Exception {
        long growth = growthKb(false);
        assertTrue(growth < BOUND_KB, "RSS grew by " + growth + " KiB between steps 200-300 and 500-600");
    }

    @Test
    void theMeasurementSeesALeak() throws Exception {
        // 300 steps x 1 MiB = 300 MiB between the windows: more than the freed heap the allocator can reuse
        long growth = growthKb(true);
        assertTrue(growth > BOUND_KB, "a 1 MiB/step leak grew RSS by only " + growth + " KiB");
    }
}
