package dev.listkit.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resident memory must not grow with the number of steps (every step's native arrays are freed). */
class MemoryFlatTest {
    private static final int BATCH = 256; // large enough that a per-step leak of the batch shows in RSS

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

    @Test
    void residentMemoryStaysFlatOver600Steps() throws Exception {
        Map<Long, Long> rss = new HashMap<>();
        TrainConfig cfg = new TrainConfig(600, BATCH, 0.01, 0.001, 0.1, 0.9, 0.98, 1e-6, 10, 1.0, 1, 1, 0, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 64, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg).setStepFunction(TinyTask.steps(net, BATCH))
                    .addListener(r -> {
                        if (r.step() == 200 || r.step() == 600) {
                            System.gc();
                            System.gc();
                            rss.put(r.step(), rssKb());
                        }
                    }).build()) {
                t.run();
                assertEquals(600, t.step());
            }
        }
        long growthKb = rss.get(600L) - rss.get(200L);
        // A leak of one (256, 8) input per step alone would add 400 * 8 KiB = 3.2 MiB; activations more.
        assertTrue(growthKb < 3 * 1024, "RSS grew by " + growthKb + " KiB between step 200 and 600: " + rss);
    }
}
