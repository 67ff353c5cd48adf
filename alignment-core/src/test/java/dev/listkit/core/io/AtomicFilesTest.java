package dev.listkit.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic replacement: permissions from the umask, a per-process temp name cleaned up after a kill, no torn files. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void newFilesGetTheUmaskPermissionsLikeAnyOtherFile() throws IOException {
        // A file created the ordinary way has 0666 & ~umask; an atomically written one must match it
        // (Files.createTempFile made them 0600, unreadable by a group or a web server).
        Path reference = Files.write(tmp.resolve("reference"), new byte[] {1});
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        Path written = tmp.resolve("report.html");
        AtomicFiles.writeString(written, "<html></html>");
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        if (expected.contains(PosixFilePermission.OTHERS_READ)) {   // umask 022 (or 002): others can read
            assertTrue(Files.getPosixFilePermissions(written).contains(PosixFilePermission.OTHERS_READ));
            assertTrue(Files.getPosixFilePermissions(written).contains(PosixFilePermission.GROUP_READ));
        }
        if ("rw-r--r--".equals(PosixFilePermissions.toString(expected))) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        }
    }

    @Test
    void aLeftoverTempFileFromAKilledWriterIsReplacedAndRemoved() throws IOException {
        Path target = tmp.resolve("metrics.json");
        Files.writeString(target, "old");
        Path leftover = tmp.resolve(".metrics.json.tmp");
        Files.writeString(leftover, "half-written garbage from a process killed with -9, longer than the new content");
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("metrics.json"), names());
    }

    @Test
    void aFailingWriterKeepsTheOldFileAndLeavesNoTemp() throws IOException {
        Path target = tmp.resolve("a.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(9);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("a.bin"), names());
    }

    @Test
    void aWriterThatClosesTheStreamStillProducesTheFile() throws IOException {
        Path target = tmp.resolve("sub/dir/t.txt");
        AtomicFiles.write(target, out -> {
            try (OutputStream o = out) {
                o.write("closed by the writer".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertEquals("closed by the writer", Files.readString(target));
    }

    @Test
    void concurrentWritersOfOneTargetInOneProcessNeverTearIt() throws Exception {
        Path target = tmp.resolve("shared.txt");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String line = ("writer " + t + " ").repeat(2000);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        AtomicFiles.writeString(target, line);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        String text = Files.readString(target);
        assertTrue(text.matches("(writer [0-3] ){2000}") && text.equals(text.substring(0, 9).repeat(2000)),
                "torn file: " + text.substring(0, 40));
        assertEquals(List.of("shared.txt"), names());
    }

    /** Child process for {@link #twoProcessesWritingOneTargetNeitherFailNorTearIt}: writes args[1] args[2] times. */
    public static final class RepeatedWriter {
        public static void main(String[] args) throws IOException {
            String text = args[1].repeat(5000);
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                AtomicFiles.writeString(Path.of(args[0]), text);
            }
        }
    }

    @Test
    void twoProcessesWritingOneTargetNeitherFailNorTearIt() throws Exception {
        // Runs sharing a cache directory rewrite the same index and cache files: with one temp name for every
        // process, one process deleted or renamed the other's half-written temp file and failed in the move.
        Path target = tmp.resolve("index.json");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Process> children = new ArrayList<>();
        for (String word : List.of("first ", "second ")) {
            children.add(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    RepeatedWriter.class.getName(), target.toString(), word, "300")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve(word.strip() + ".log").toFile()).start());
        }
        for (Process child : children) {
            assertEquals(0, child.waitFor(), "a writer failed: " + Files.readString(tmp.resolve("first.log"))
                    + Files.readString(tmp.resolve("second.log")));
        }
        String text = Files.readString(target);
        assertTrue(text.equals("first ".repeat(5000)) || text.equals("second ".repeat(5000)), "torn file");
        assertEquals(List.of("first.log", "index.json", "second.log"), names());
    }

    /** Child process for {@link #killMinus9MidWriteLeavesTheOldFileAndTheNextWriteCleansUp}. */
    public static final class HangingWriter {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write("partial".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    void killMinus9MidWriteLeavesTheOldFileAndTheNextWriteCleansUp() throws Exception {
        Path target = tmp.resolve("checkpoint.bin");
        Files.writeString(target, "complete old checkpoint");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HangingWriter.class.getName(), target.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path temp = AtomicFiles.tempFor(target, child.pid());
        try {
            // Wait until the child has written and flushed its partial bytes; the bound only stops a
            // broken build from hanging (it is not a speed assertion).
            for (int i = 0; i < 6000 && child.isAlive() && !(Files.exists(temp) && Files.size(temp) == 7); i++) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "child ended early: " + Files.readString(tmp.resolve("child.log")));
            assertTrue(Files.exists(temp), "no temp file " + temp + " appeared: " + names());
        } finally {
            child.destroyForcibly();   // SIGKILL on Linux: no finally block of the child runs
            child.waitFor();
        }
        Files.delete(tmp.resolve("child.log"));
        assertEquals("complete old checkpoint", Files.readString(target));
        assertEquals(List.of(temp.getFileName().toString(), "checkpoint.bin"), names());
        AtomicFiles.writeString(target, "next");
        assertEquals("next", Files.readString(target));
        assertEquals(List.of("checkpoint.bin"), names());
        assertFalse(Files.exists(temp));
    }
}
