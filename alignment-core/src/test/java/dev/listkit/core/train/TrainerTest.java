package dev.listkit.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final int BATCH = 16;
    private static final int N = 12;

    private static int threads;

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.BeforeAll
    static void oneThread() {
        threads = EngineThreads.setIntraOp(1); // tiny ops: faster and deterministic on a shared box
    }

    @org.junit.jupiter.api.AfterAll
    static void restoreThreads() {
        EngineThreads.setIntraOp(threads);
    }

    private static TrainConfig config() {
        // 2 micro-batches per update and a tight clip, so accumulation and clipping are on the resumed path.
        return new TrainConfig(2 * N, BATCH, 0.05, 0.005, 0.1, 0.9, 0.98, 1e-6, 4, 0.5, 2, 7, N, 5);
    }

    private static Map<String, float[]> weights(Block net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        Map<String, float[]> straight;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(config())
                    .setStepFunction(TinyTask.steps(net, BATCH)).build()) {
                t.run();
            }
            straight = weights(net);
        }
        Path run = tmp.resolve("run");
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(config())
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                t.runUntil(N); // writes the checkpoint at step N
            }
        }
        Map<String, float[]> resumed;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 99, BATCH); // other init: everything must come from the file
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(config())
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                assertTrue(t.resumeLatest());
                assertEquals(N, t.step());
                t.run();
            }
            resumed = weights(net);
        }
        assertEquals(straight.keySet(), resumed.keySet());
        for (String k : straight.keySet()) {
            assertArrayEquals(straight.get(k), resumed.get(k), 1e-5f, k);
        }
        // the BatchNorm running statistics are parameters too, and they moved
        assertTrue(straight.keySet().stream().anyMatch(k -> k.contains("runningMean")), straight.keySet().toString());
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(List.of(5L, 10L, 12L, 15L, 20L, 24L), lines.stream()
                .map(l -> parse(l).path("step").asLong()).toList());
        JsonNode last = parse(lines.get(lines.size() - 1));
        assertTrue(last.path("parts").has("ce"));
        assertTrue(last.path("lr").asDouble() >= 0.005 - 1e-12 && last.path("lr").asDouble() < 0.05);
    }

    @Test
    void resumingFromAnEarlierCheckpointDropsLaterMetricsLines() throws Exception {
        Path run = tmp.resolve("crashed");
        TrainConfig every4 = config().withCheckpointEvery(4);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(every4)
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                t.runUntil(11); // checkpoints at 4 and 8; metrics at 5, 10, 11; then "crash"
            }
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(every4)
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                assertTrue(t.resumeLatest());
                assertEquals(8, t.step());
                t.runUntil(16);
            }
        }
        List<Long> steps = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> parse(l).path("step").asLong()).toList();
        assertEquals(List.of(5L, 10L, 15L, 16L), steps);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.parse(line);
        } catch (dev.listkit.core.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void lossGoesDown() throws Exception {
        TrainConfig cfg = new TrainConfig(60, BATCH, 0.02, 0.002, 0.0, 0.9, 0.98, 1e-6, 5, 1.0, 1, 3, 0, 1);
        List<Double> losses = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg).setStepFunction(TinyTask.steps(net, BATCH))
                    .optProgress(true).addListener(r -> losses.add(r.loss())).build()) {
                t.run();
            }
        }
        double first = losses.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(50, 60).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.6 * first, "loss " + first + " -> " + last);
    }

    @Test
    void checkpointOfAnotherArchitectureIsRejectedNamingTheParameter() throws Exception {
        Path run = tmp.resolve("arch");
        TrainConfig cfg = config().withTotalSteps(2).withCheckpointEvery(2).withSchedule(1, 0.005, 0.5);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg)
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                t.run();
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 12, 1, BATCH);
            Map<String, float[]> before = weights(net);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg)
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                CheckpointException e = assertThrows(CheckpointException.class, t::resumeLatest);
                assertTrue(e.getMessage().contains("01Linear_weight"), e.getMessage());
                assertTrue(e.getMessage().contains("(12, 8)") && e.getMessage().contains("(16, 8)"), e.getMessage());
                assertEquals(0, t.step());
            }
            Map<String, float[]> after = weights(net);
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k)); // nothing was loaded
        }
    }

    @Test
    void corruptOrTruncatedCheckpointIsDetectedAndNotLoaded() throws Exception {
        Path run = tmp.resolve("corrupt");
        TrainConfig cfg = config().withTotalSteps(2).withCheckpointEvery(2).withSchedule(1, 0.005, 0.5);
        Path file;
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg)
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                t.run();
                file = run.resolve("checkpoints/step-00000002.lkckpt");
                assertTrue(Files.exists(file));
            }
        }
        byte[] good = Files.readAllBytes(file);
        byte[] flipped = good.clone();
        flipped[flipped.length - 10] ^= 0x40; // one bit in the last tensor
        Files.write(file, flipped);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 5, BATCH);
            Map<String, float[]> before = weights(net);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg)
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                CheckpointException e = assertThrows(CheckpointException.class, () -> t.resume(file));
                assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
                Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
                e = assertThrows(CheckpointException.class, () -> t.resume(file));
                assertTrue(e.getMessage().contains("truncated"), e.getMessage());
                Files.write(file, java.util.Arrays.copyOf(good, 5));
                assertThrows(CheckpointException.class, () -> t.resume(file));
                assertEquals(0, t.step());
            }
            Map<String, float[]> after = weights(net);
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
        }
    }

    @Test
    void checkpointFromAnotherConfigIsRejected() throws Exception {
        Path run = tmp.resolve("cfg");
        TrainConfig cfg = config().withTotalSteps(2).withCheckpointEvery(2).withSchedule(1, 0.005, 0.5);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg)
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                t.run();
            }
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(cfg.withAccumulation(1, 7))
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                CheckpointException e = assertThrows(CheckpointException.class, t::resumeLatest);
                // The refusal names the field, not two whole records.
                assertTrue(e.getMessage().contains("another train config: train.gradAccumulationSteps: 2 → 1"),
                        e.getMessage());
                assertTrue(!e.getMessage().contains("TrainConfig["), e.getMessage());
                assertEquals(0, t.step());
            }
        }
    }

    @Test
    void aResumeMayExtendTotalStepsAndTrainsOnlyTheNewStepsOnTheRecomputedSchedule() throws Exception {
        Path run = tmp.resolve("extend");
        TrainConfig four = config().withTotalSteps(4).withCheckpointEvery(2).withSchedule(1, 0.005, 0.5);
        TrainConfig six = four.withTotalSteps(6);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(four)
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                t.run();
                t.saveCheckpoint();
            }
        }
        List<StepReport> seen = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = TinyTask.model(m, 16, 1, BATCH);
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(six).setStepFunction(TinyTask.steps(net, BATCH))
                    .optRunDir(run).addListener(seen::add).build()) {
                assertTrue(t.resumeLatest());
                assertEquals(4, t.step());
                t.run();
                assertEquals(6, t.step());
            }
            // An extension that is already done trains nothing.
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(six).setStepFunction(TinyTask.steps(net, BATCH))
                    .optRunDir(run).addListener(seen::add).build()) {
                assertTrue(t.resumeLatest());
                t.run();
                assertEquals(6, t.step());
            }
            // A run cannot end before its saved step.
            try (Trainer t = Trainer.builder().setBlock(net).setConfig(four.withTotalSteps(5))
                    .setStepFunction(TinyTask.steps(net, BATCH)).optRunDir(run).build()) {
                CheckpointException e = assertThrows(CheckpointException.class, t::resumeLatest);
                assertTrue(e.getMessage().contains("train.totalSteps: 6 → 5"), e.getMessage());
            }
        }
        assertEquals(List.of(5L, 6L), seen.stream().map(StepReport::step).toList(), "only the new steps");
        LearningRateSchedule schedule = new LearningRateSchedule(six);
        assertEquals(schedule.at(4), seen.get(0).lr(), 1e-12, "the 6-step schedule from the saved step");
        assertEquals(schedule.at(5), seen.get(1).lr(), 1e-12);
        assertTrue(seen.get(1).lr() > new LearningRateSchedule(four).at(5) - 1e-12);
        List<Long> steps = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> parse(l).path("step").asLong()).toList();
        assertEquals(List.of(4L, 5L, 6L), steps, "logEvery 5 plus each run's last step; nothing twice");
    }
}
