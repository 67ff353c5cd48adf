package dev.listkit.core.io;

import dev.listkit.core.data.FloatTensor;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny binary format for one {@link FloatTensor}: magic {@code LKT1}, int32 rank, int64 dims, then
 * float32 values, all little-endian. Written atomically; a truncated file is an error on read.
 */
public final class TensorFiles {
    private static final int MAGIC = 0x31544B4C; // "LKT1" little-endian
    private static final int MAX_RANK = 8;

    private TensorFiles() {
    }

    /** Serialises {@code t} to bytes. */
    public static byte[] toBytes(FloatTensor t) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 * t.shape().length + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(t.shape().length);
        for (long d : t.shape()) {
            b.putLong(d);
        }
        b.asFloatBuffer().put(t.data());
        return b.array();
    }

    /** Atomically writes {@code t} to {@code file}. */
    public static void write(Path file, FloatTensor t) throws IOException {
        AtomicFiles.write(file, toBytes(t));
    }

    /** Reads a tensor written by {@link #write}; throws an {@link IOException} naming the file if it is malformed. */
    public static FloatTensor read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    private static FloatTensor read(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        try {
            ByteBuffer head = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN);
            if (head.remaining() < 8 || head.getInt() != MAGIC) {
                throw new IOException(name + ": not a listkit tensor file (bad magic)");
            }
            int rank = head.getInt();
            if (rank < 0 || rank > MAX_RANK) {
                throw new IOException(name + ": bad rank " + rank);
            }
            ByteBuffer dims = ByteBuffer.wrap(readFully(in, 8 * rank, name)).order(ByteOrder.LITTLE_ENDIAN);
            long[] shape = new long[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = dims.getLong();
                if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                    throw new IOException(name + ": bad dimension " + shape[i]);
                }
                n *= shape[i];
            }
            if (n > Integer.MAX_VALUE / 4) {
                throw new IOException(name + ": tensor too large (" + n + " values)");
            }
            float[] data = new float[(int) n];
            ByteBuffer.wrap(readFully(in, 4 * (int) n, name)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            if (in.read() != -1) {
                throw new IOException(name + ": trailing bytes after tensor data");
            }
            return new FloatTensor(data, shape);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated tensor file", e);
        }
    }

    private static byte[] readFully(DataInputStream in, int n, String name) throws IOException {
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated tensor file (expected " + n + " more bytes)", e);
        }
        return b;
    }
}
