package dev.listkit.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class FrozenMiniLmTowerTest {
    static final List<String> TEXTS = List.of("a dog barks", "a dog is barking", "rain falling on a roof");
    static FrozenMiniLmTower tower;

    @BeforeAll
    static void setUp() throws Exception {
        tower = FrozenMiniLmTower.builder().optIntraOpThreads(1).build();
    }

    @AfterAll
    static void tearDown() throws Exception {
        tower.close();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void unitNorm384AndSemanticallyOrdered() throws Exception {
        float[][] e = tower.encode(TEXTS);
        assertEquals(3, e.length);
        for (float[] v : e) {
            assertEquals(384, v.length);
            assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5);
        }
        double near = dot(e[0], e[1]);
        double far = dot(e[0], e[2]);
        assertTrue(near > far + 0.2, "cos(bark, barking)=" + near + " vs cos(bark, rain)=" + far);
    }

    @Test
    void batchCompanionsMoveVectorsOnlySlightlyAndBatchSizeOneIsExact() throws Exception {
        // The quantised model quantises activations per tensor, so a batch's padding and other texts
        // nudge each vector; with batch size 1 a text's vector depends on that text alone.
        float[][] together = tower.encode(TEXTS);
        float[] alone = tower.encode(List.of(TEXTS.get(0)))[0];
        double cos = dot(together[0], alone);
        assertTrue(cos > 0.98, "cos(batched, alone) = " + cos);
        try (FrozenMiniLmTower single = FrozenMiniLmTower.builder().optBatchSize(1).build()) {
            assertArrayEquals(alone, single.encode(TEXTS)[0]);
        }
    }

    @Test
    void blankTextIsRejectedWithItsIndex() {
        TextException e = org.junit.jupiter.api.Assertions.assertThrows(TextException.class,
                () -> tower.encode(List.of("a dog barks", "a dog barks", " ")));
        assertTrue(e.getMessage().contains("text 2"), e.getMessage());
    }

    @Test
    void deterministicAcrossSessions() throws Exception {
        float[][] a = tower.encode(TEXTS);
        try (FrozenMiniLmTower other = FrozenMiniLmTower.builder().optIntraOpThreads(2).build()) {
            float[][] b = other.encode(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                for (int j = 0; j < 384; j++) {
                    assertEquals(a[i][j], b[i][j], 1e-6, "text " + i + " dim " + j);
                }
            }
        }
    }

    @Test
    void cacheHitReturnsIdenticalVectorsAndSurvivesReload(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("text-cache.bin");
        TextEmbeddingCache cache = TextEmbeddingCache.open(file, 384);
        float[][] first;
        try (FrozenMiniLmTower cached = FrozenMiniLmTower.builder().optCache(cache).build()) {
            first = cached.encode(List.of("a dog barks", "a dog barks", "wind"));
            assertEquals(2, cache.size()); // duplicate computed once
            assertArrayEquals(first[0], first[1]);
            cache.flush();
        }
        assertTrue(Files.size(file) > 2 * 384 * 4);

        // A reloaded cache answers without the model: a planted vector must come back as is.
        TextEmbeddingCache reloaded = TextEmbeddingCache.open(file, 384);
        assertArrayEquals(first[0], reloaded.get(MiniLmResources.MODEL_ID, "a dog barks"));
        assertNull(reloaded.get(MiniLmResources.MODEL_ID, "a cat"));
        float[] marker = new float[384];
        marker[0] = 1f;
        reloaded.put(MiniLmResources.MODEL_ID, "marker text", marker);
        try (FrozenMiniLmTower cached = FrozenMiniLmTower.builder().optCache(reloaded).build()) {
            float[][] second = cached.encode(List.of("wind", "marker text"));
            assertArrayEquals(first[2], second[0]);
            assertArrayEquals(marker, second[1], "a cached text must not be recomputed");
        }
    }

    @Test
    void onlyTheProjectionHeadTrains() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            ProjectionHead head = new ProjectionHead(384, 32);
            head.initialize(manager, DataType.FLOAT32, new Shape(1, 384));
            ProjectedTextTower projected = new ProjectedTextTower(tower, head);
            assertSame(head, projected.head());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray z = projected.embed(new ParameterStore(manager, false), manager, TEXTS, true);
                assertEquals(new Shape(3, 32), z.getShape());
                gc.backward(z.square().sum());
            }
            for (Pair<String, Parameter> p : head.getParameters()) {
                assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey());
            }
        }
    }
}
