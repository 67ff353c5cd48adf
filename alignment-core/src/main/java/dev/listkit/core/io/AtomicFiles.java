package dev.listkit.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes files so that a reader never sees a half-written one and a crash loses nothing already
 * written: the bytes go to {@code .<name>.tmp} beside the target, which is fsynced, renamed over the
 * target, and then the directory is fsynced so the rename itself survives a power loss.
 *
 * <p>The temporary name is {@code .<name>.<pid>.tmp}: writers of the same target inside one process take
 * turns on it, and two processes (runs sharing a cache directory) never touch each other's, so both succeed and
 * the target is always one writer's whole file (the last rename wins). A process killed with {@code kill -9}
 * mid-write leaves one such file, which the next write of that target removes once that process is gone (as it
 * does a {@code .<name>.tmp} of the earlier fixed name). New files get the ordinary permissions of the process
 * umask (0644 under umask 022), like any file the user creates.
 */
public final class AtomicFiles {
    /** Writers of one target take turns on one of these locks (chosen by the temp path's hash). */
    private static final Object[] LOCKS = new Object[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private AtomicFiles() {
    }

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The temporary file a write of {@code target} by this process goes through: {@code .<name>.<pid>.tmp}. */
    public static Path tempFor(Path target) {
        return tempFor(target, ProcessHandle.current().pid());
    }

    /** The temporary file a write of {@code target} by process {@code pid} goes through. */
    static Path tempFor(Path target, long pid) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + "." + pid + ".tmp");
    }

    /** Atomically replaces {@code target} with what {@code writer} produces. */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = tempFor(abs);
        synchronized (LOCKS[Math.floorMod(tmp.hashCode(), LOCKS.length)]) {
            try {
                // A leftover from a killed writer is removed, never written through (it may be a link).
                Files.deleteIfExists(tmp);
                removeLeftovers(abs);
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                    writer.writeTo(new KeepOpen(out));
                    out.flush();
                    channel.force(true);
                }
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
                syncDirectory(dir);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Atomically replaces {@code target} with these bytes. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Atomically replaces {@code target} with this UTF-8 text. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The writer's view of the stream: closing it only flushes; the channel is closed after the fsync. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * Removes the temporary files of {@code target} left by processes that no longer run, and one of the earlier
     * fixed name {@code .<name>.tmp}; those of live processes are theirs to finish.
     */
    private static void removeLeftovers(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(),
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path f : files) {
                String middle = f.getFileName().toString();
                middle = middle.substring(prefix.length() - 1, middle.length() - ".tmp".length()); // "" or ".<pid>"
                if (middle.isEmpty()) {
                    stale.add(f);
                } else if (middle.matches("\\.[0-9]{1,18}")) {
                    long pid = Long.parseLong(middle.substring(1));
                    if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        stale.add(f);
                    }
                }
            }
        }
        for (Path f : stale) {
            Files.deleteIfExists(f);
        }
    }

    /** Makes a rename in {@code dir} durable; a no-op where a directory cannot be opened (Windows). */
    private static void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }
}
