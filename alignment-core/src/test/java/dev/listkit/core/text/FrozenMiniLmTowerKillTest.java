package dev.listkit.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.listkit.core.engine.EngineTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed part-way keeps what it embedded: a child JVM embeds all Flickr8k captions into a cache, is
 * killed (SIGKILL) once the cache file holds a few hundred vectors, and a new tower on the same file reuses every
 * vector that reached it and computes only the rest.
 */
class FrozenMiniLmTowerKillTest {
    /** Records in the file (12-byte header, 32 + 4 · 384 bytes each) before the child is killed. */
    private static final int KILL_AFTER_RECORDS = 300;

    @Test
    void aKilledRunKeepsWhatItEmbeddedAndTheNextRunReusesIt(@TempDir Path dir) throws Exception {
        List<String> captions = new ArrayList<>(new LinkedHashSet<>(EngineTestData.flickrCaptions(Integer.MAX_VALUE)));
        Path captionsFile = Files.write(dir.resolve("captions.txt"), captions, StandardCharsets.UTF_8);
        Path cacheFile = dir.resolve("minilm.lkte");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbedCaptionsMain.class.getName(),
                cacheFile.toString(), captionsFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long recordBytes = 32 + 4L * MiniLmResources.DIM;
        try {
            // No time limit on the child's pace: wait for its file to grow (or for it to die).
            while (child.isAlive() && (!Files.exists(cacheFile)
                    || (Files.size(cacheFile) - 12) / recordBytes < KILL_AFTER_RECORDS)) {
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        String childLog = Files.readString(log);
        if (!Files.exists(cacheFile)) {
            fail("the child wrote no cache; its output:\n" + childLog);
        }
        assertNotEquals(0, child.exitValue(), "the child finished all " + captions.size()
                + " captions before it was killed; nothing was tested. Its output:\n" + childLog);

        TextEmbeddingCache cache = TextEmbeddingCache.open(cacheFile, MiniLmResources.DIM);
        int kept = cache.size();
        System.err.printf("killed child: %d of %d captions kept in %s (%d bytes)%n", kept, captions.size(),
                cacheFile.getFileName(), Files.size(cacheFile));
        assertTrue(kept >= KILL_AFTER_RECORDS && kept < captions.size(), "kept " + kept);

        // The next run: every kept vector is reused, only the others are computed, and the kept ones are exactly
        // what a fresh computation gives.
        List<String> cached = captions.stream().filter(c -> cache.get(MiniLmResources.MODEL_ID, c) != null).toList();
        assertEquals(kept, cached.size());
        List<String> some = new ArrayList<>(cached);
        captions.stream().filter(c -> cache.get(MiniLmResources.MODEL_ID, c) == null).limit(300).forEach(some::add);
        try (FrozenMiniLmTower tower = FrozenMiniLmTower.builder().optCache(cache).build();
                FrozenMiniLmTower fresh = FrozenMiniLmTower.builder().build()) {
            float[][] v = tower.encode(some);
            assertEquals(300, tower.computedTotal());
            float[][] recomputed = fresh.encode(cached);
            for (int i = 0; i < cached.size(); i++) {
                assertArrayEquals(recomputed[i], cache.get(MiniLmResources.MODEL_ID, cached.get(i)), cached.get(i));
            }
            assertEquals(some.size(), v.length);
        }
        assertEquals(kept + 300, TextEmbeddingCache.open(cacheFile, MiniLmResources.DIM).size(),
                "the second run's vectors were appended");
    }
}
