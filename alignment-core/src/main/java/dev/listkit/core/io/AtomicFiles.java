package dev.listkit.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader never sees a half-written one and a crash loses nothing already
 * written: the bytes go to {@code .<name>.tmp} beside the target, which is fsynced, renamed over the
 * target, and then the directory is fsynced so the rename itself survives a power loss.
 *
 * <p>The temporary name is fixed, so a process killed with {@code kill -9} mid-write leaves at most one
 * {@code .<name>.tmp}, which the next write of that target removes before it starts. New files get the
 * ordinary permissions of the process umask (0644 under umask 022), like any file the user creates.
 * Writers of the same target inside one process take turns; two processes must not write the same
 * target at once (a run directory has one writer).
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

    /** The temporary file a write of {@code target} goes through: {@code .<name>.tmp} in its directory. */
    public static Path tempFor(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".tmp");
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
