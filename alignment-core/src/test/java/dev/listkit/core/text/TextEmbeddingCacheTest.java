package dev.listkit.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
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
        assertEquals(3 * 4 + 2 * (32 + 3 * 4), Files.size(file)); // header, 2 records

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
    void flushAppendsOnlyWhatIsNewAndAReloadSeesEverything() throws Exception {
        Path file = dir.resolve("cache.lkte");
        TextEmbeddingCache cache = TextEmbeddingCache.open(file, 2);
        cache.put("m", "a", new float[] {1f, 2f});
        cache.flush();
        byte[] first = Files.readAllBytes(file);
        cache.put("m", "a", new float[] {1f, 2f}); // already there: not appended again
        cache.put("m", "b", new float[] {3f, 4f});
        cache.flush();
        byte[] second = Files.readAllBytes(file);
        assertEquals(first.length + 32 + 8, second.length);
        assertArrayEquals(first, Arrays.copyOf(second, first.length), "the old bytes are left as they were");
        cache.flush(); // nothing new: nothing written
        assertEquals(second.length, Files.size(file));
        TextEmbeddingCache reloaded = TextEmbeddingCache.open(file, 2);
        assertEquals(2, reloaded.size());
        assertArrayEquals(new float[] {3f, 4f}, reloaded.get("m", "b"));
    }

    @Test
    void aRecordCutShortByAKillIsDroppedAndTheFileRepaired() throws Exception {
        Path file = dir.resolve("cache.lkte");
        TextEmbeddingCache cache = TextEmbeddingCache.open(file, 2);
        cache.put("m", "a", new float[] {1f, 2f});
        cache.put("m", "b", new float[] {3f, 4f});
        cache.flush();
        long whole = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(whole - 5); // the last record lost its last 5 bytes
        }
        TextEmbeddingCache reloaded = TextEmbeddingCache.open(file, 2);
        assertEquals(1, reloaded.size());
        assertTrue(reloaded.get("m", "a") != null ^ reloaded.get("m", "b") != null);
        reloaded.put("m", "c", new float[] {5f, 6f});
        reloaded.flush(); // rewritten whole: records aligned again
        assertEquals(12 + 2 * 40, Files.size(file));
        TextEmbeddingCache again = TextEmbeddingCache.open(file, 2);
        assertEquals(2, again.size());
        assertArrayEquals(new float[] {5f, 6f}, again.get("m", "c"));
    }

    @Test
    void readsVersion1FilesAndRewritesThemAsVersion2() throws Exception {
        // A version-1 file as the first release wrote it: magic, version 1, dim, count, records.
        Path file = dir.resolve("v1.lkte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x4C4B5445);
            out.writeInt(1);
            out.writeInt(2);
            out.writeInt(1);
            out.write(HexFormat.of().parseHex(TextEmbeddingCache.key("m", "old text")));
            out.writeFloat(0.25f);
            out.writeFloat(-0.5f);
        }
        TextEmbeddingCache cache = TextEmbeddingCache.open(file, 2);
        assertArrayEquals(new float[] {0.25f, -0.5f}, cache.get("m", "old text"));
        cache.put("m", "new text", new float[] {1f, 1f});
        cache.flush();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            in.readInt();
            assertEquals(2, in.readInt(), "converted to version 2");
        }
        assertEquals(12 + 2 * 40, Files.size(file));
        TextEmbeddingCache reloaded = TextEmbeddingCache.open(file, 2);
        assertArrayEquals(new float[] {0.25f, -0.5f}, reloaded.get("m", "old text"));
        assertArrayEquals(new float[] {1f, 1f}, reloaded.get("m", "new text"));
    }

    @Test
    void rejectsForeignFile() throws Exception {
        Path file = dir.resolve("x.bin");
        Files.writeString(file, "not a cache at all");
        assertThrows(TextException.class, () -> TextEmbeddingCache.open(file, 3));
    }
}
