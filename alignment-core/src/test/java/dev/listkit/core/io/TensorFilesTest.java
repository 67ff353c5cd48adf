package dev.listkit.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.data.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFilesTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripKeepsShapeAndBits() throws IOException {
        float[] v = {1.5f, -0f, Float.MIN_VALUE, 3e30f, 7, 8};
        FloatTensor t = new FloatTensor(v, new long[] {1, 2, 3});
        Path f = tmp.resolve("t.lkt");
        TensorFiles.write(f, t);
        assertEquals(t, TensorFiles.read(f));
        assertEquals(8 + 3 * 8 + 6 * 4, Files.size(f));
    }

    @Test
    void truncatedAndForeignFilesAreRejectedWithTheFileName() throws IOException {
        Path f = tmp.resolve("t.lkt");
        TensorFiles.write(f, new FloatTensor(new float[12], new long[] {3, 4}));
        byte[] all = Files.readAllBytes(f);
        Path cut = Files.write(tmp.resolve("cut.lkt"), Arrays.copyOf(all, all.length - 3));
        IOException e = assertThrows(IOException.class, () -> TensorFiles.read(cut));
        assertTrue(e.getMessage().contains("cut.lkt") && e.getMessage().contains("truncated"), e.getMessage());
        Path foreign = Files.writeString(tmp.resolve("x.lkt"), "hello world, not a tensor");
        IOException e2 = assertThrows(IOException.class, () -> TensorFiles.read(foreign));
        assertTrue(e2.getMessage().contains("bad magic"), e2.getMessage());
    }

    @Test
    void atomicWriteReplacesContentCompletely() throws IOException {
        Path f = tmp.resolve("a.txt");
        AtomicFiles.writeString(f, "first version, long");
        AtomicFiles.writeString(f, "second");
        assertEquals("second", Files.readString(f));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }

    @Test
    void failedWriterLeavesOldContent() throws IOException {
        Path f = tmp.resolve("a.txt");
        AtomicFiles.writeString(f, "kept");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("kept", Files.readString(f));
    }
}
