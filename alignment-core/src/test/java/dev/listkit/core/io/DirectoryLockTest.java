package dev.listkit.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.util.StderrCapture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per directory: a second writer (another thread, another process, a directory above or below)
 * is refused naming the holder; a lock of a process killed with SIGKILL is reported as stale and broken
 * only with force; SIGTERM releases the lock through the shutdown hook.
 */
class DirectoryLockTest {
    @TempDir
    Path tmp;

    private static DirectoryLock.Builder lock(Path dir) {
        return DirectoryLock.builder().setDirectory(dir).setCommand("listkit train");
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderUntilTheFirstReleases() throws Exception {
        Path run = tmp.resolve("run");
        try (DirectoryLock first = lock(run).acquire()) {
            assertEquals(run.toRealPath(), first.directory());
            String content = Files.readString(run.resolve(DirectoryLock.FILE));
            assertTrue(content.contains("\"pid\" : " + ProcessHandle.current().pid()), content);
            DirectoryLock.LockedException e = assertThrows(DirectoryLock.LockedException.class,
                    () -> lock(run).acquire());
            assertTrue(e.getMessage().contains("in use by listkit train (pid " + ProcessHandle.current().pid()),
                    e.getMessage());
            // Force does not break a live lock.
            assertThrows(DirectoryLock.LockedException.class, () -> lock(run).optForceUnlock(true).acquire());
            assertEquals(DirectoryLock.State.LIVE, DirectoryLock.state(DirectoryLock.read(run).orElseThrow()));
        }
        assertFalse(Files.exists(run.resolve(DirectoryLock.FILE)), "released on close");
        try (DirectoryLock again = lock(run).acquire()) {
            assertEquals(again.holder().token(), DirectoryLock.read(run).orElseThrow().token());
        }
    }

    @Test
    void ofTwoThreadsRacingForOneDirectoryExactlyOneWins() throws Exception {
        Path run = tmp.resolve("race");
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                // Half lock the run, half a directory inside it: nested writers conflict as well.
                Path dir = i % 2 == 0 ? run : run.resolve("arms/list/seed-1/round-1/engine");
                results.add(pool.submit(() -> {
                    start.await();
                    try (DirectoryLock l = lock(dir).acquire()) {
                        hold.await(30, TimeUnit.SECONDS);
                        return l.directory() != null;
                    } catch (DirectoryLock.LockedException e) {
                        return false;
                    }
                }));
            }
            Files.createDirectories(run.resolve("arms/list/seed-1/round-1/engine"));
            start.countDown();
            // The losers return at once; the winner holds its lock until they all have.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (results.stream().filter(Future::isDone).count() < n - 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            hold.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertTrue(winners <= 1, winners + " writers held the run at once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nestedDirectoriesConflictExceptTheOpenOnes() throws Exception {
        Path run = tmp.resolve("nested");
        try (DirectoryLock outer = lock(run).optOpenSubdirectory("report").acquire()) {
            assertEquals(List.of("report"), outer.holder().open());
            DirectoryLock.LockedException e = assertThrows(DirectoryLock.LockedException.class,
                    () -> lock(run.resolve("arms/list/seed-1/round-1/engine")).acquire());
            assertTrue(e.getMessage().contains("in use by listkit train"), e.getMessage());
            try (DirectoryLock report = lock(run.resolve("report")).setCommand("listkit report").acquire();
                    DirectoryLock round = lock(run.resolve("arms/list/seed-1/round-1/report")).acquire()) {
                assertTrue(Files.exists(report.directory().resolve(DirectoryLock.FILE)));
                assertTrue(Files.exists(round.directory().resolve(DirectoryLock.FILE)));
            }
            assertThrows(DirectoryLock.LockedException.class, () -> lock(run.resolve("reports")).acquire());
        }
        try (DirectoryLock inner = lock(run.resolve("arms/list/seed-1/round-1/engine")).setCommand("listkit engine")
                .acquire()) {
            assertEquals("listkit engine", inner.holder().command());
            DirectoryLock.LockedException e = assertThrows(DirectoryLock.LockedException.class,
                    () -> lock(run).acquire());
            assertTrue(e.getMessage().contains("listkit engine"), e.getMessage());
        }
    }

    @Test
    void anotherProcessHoldsTheLockSigkillLeavesAStaleOneSigtermReleasesIt() throws Exception {
        Path run = tmp.resolve("child");
        Process child = holder(run);
        try {
            DirectoryLock.LockedException e = assertThrows(DirectoryLock.LockedException.class,
                    () -> lock(run).acquire());
            assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());
            // Above the child's directory too (the child leaves report/ open).
            assertThrows(DirectoryLock.LockedException.class, () -> lock(tmp).acquire());
            try (DirectoryLock report = lock(run.resolve("report")).acquire()) {
                assertTrue(report.directory().endsWith("report"));
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(run.resolve(DirectoryLock.FILE)), "kill -9 leaves the lock");
        DirectoryLock.LockedException stale = assertThrows(DirectoryLock.LockedException.class,
                () -> lock(run).acquire());
        assertTrue(stale.getMessage().contains("stale lock") && stale.getMessage().contains("pid " + child.pid())
                && stale.getMessage().contains("--force-unlock"), stale.getMessage());
        try (StderrCapture log = new StderrCapture(); // the lock logs through SLF4J to stderr
                DirectoryLock broken = lock(run).optForceUnlock(true).acquire()) {
            assertEquals(broken.holder(), DirectoryLock.read(run).orElseThrow());
            assertTrue(log.text().contains("breaking a stale lock"), log.text());
        }

        Process polite = holder(run);
        polite.destroy(); // SIGTERM: the shutdown hook releases the lock
        assertTrue(polite.waitFor(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(run.resolve(DirectoryLock.FILE)), "SIGTERM releases the lock");
        try (DirectoryLock after = lock(run).acquire()) {
            assertEquals(after.holder().pid(), ProcessHandle.current().pid());
        }
    }

    /** A child JVM holding the lock of {@code dir}; returns once it says so. */
    private static Process holder(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.equals("locked " + p.pid()), "child said: " + line);
        return p;
    }
}
