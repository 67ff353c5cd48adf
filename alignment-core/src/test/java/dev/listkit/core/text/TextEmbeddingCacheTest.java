package dev.listkit.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

class TextEmbeddingCacheTest {
    @TempDir
    Path dir;

    @Test
    void survivesReloadAndKeysOnModelAndText() throws Exception {
        Path file = dir.resolve("cache.bin");
        TextEmbeddingCache cache = TextEmbeddingCache.open(file, 3);
        cache.put("m1", "a dog", new float[] {1f, -2f, 0.5f});
        cache.put("m2", "a dog", new float[] {7f, 8f, 9f});
        cache.flush();
        assertEquals(4 * 4 + 2 * (32 + 3 * 4), Files.size(file));

        TextEmbeddingCache reloaded = TextEmbeddingCache.open(file, 3);
        assertEquals(2, reloaded.size());
        assertArrayEquals(new float[] {1f, -2f, 0.5f}, reloaded.get("m1", "a dog"));
        assertArrayEquals(new float[] {7f, 8f, 9f}, reloaded.get("m2", "a dog"));
        assertNull(reloaded.get("m1", "a cat"));
        assertNotEquals(TextEmbeddingCache.key("m1", "a dog"), TextEmbeddingCache.key("m1a", " dog"));
        assertThrows(TextException.class, () -> TextEmbeddingCache.open(file, 4));
    }

    @Test
    void concurrentPutsAreAllKept() throws Exception {
        TextEmbeddingCache cache = TextEmbeddingCache.open(dir.resolve("c.bin"), 2);
        IntStream.range(0, 2000).parallel().forEach(i -> cache.put("m", "t" + i, new float[] {i, -i}));
        cache.flush();
        TextEmbeddingCache reloaded = TextEmbeddingCache.open(dir.resolve("c.bin"), 2);
        assertEquals(2000, reloaded.size());
        assertArrayEquals(new float[] {1234f, -1234f}, reloaded.get("m", "t1234"));
    }

    @Test
    void rejectsForeignFile() throws Exception {
        Path file = dir.resolve("x.bin");
        Files.writeString(file, "not a cache at all");
        assertThrows(TextException.class, () -> TextEmbeddingCache.open(file, 3));
    }
}
