package dev.listkit.core.text;

import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Hashing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Thread-safe cache of text embeddings keyed by SHA-256(model id + NUL + text), kept in memory and
 * persisted to a binary file that grows by appending: {@link #flush()} appends the vectors added since the
 * last flush, so a long run that flushes as it goes (as {@link FrozenMiniLmTower} does after every batch)
 * keeps everything it embedded when it is killed.
 *
 * <p>File format, version 2 (big-endian): magic {@code "LKTE"}, int version 2, int dim, then records of 32 hash
 * bytes and dim float32 values until the end of the file. A partial record at the end (a write cut short by a
 * kill) is ignored on load and the file is rewritten whole, atomically ({@link AtomicFiles}), on the next flush;
 * a later record with the same key wins. Version 1 files (magic, version 1, dim, count, records) still load and
 * are rewritten as version 2 on the first flush. Returned vectors are copies.
 */
public final class TextEmbeddingCache {
    private static final int MAGIC = 0x4C4B5445; // "LKTE"
    private static final int VERSION = 2;
    private static final int HEADER_BYTES = 12;
    private static final int HASH_BYTES = 32;

    private final Path file;
    private final int dim;
    private final Map<String, float[]> entries = new ConcurrentHashMap<>();
    private final Queue<String> pending = new ConcurrentLinkedQueue<>();
    /** Whether the file must be written whole (absent, old version or a partial tail) before appending. */
    private boolean rewrite = true;

    private TextEmbeddingCache(Path file, int dim) {
        this.file = file;
        this.dim = dim;
    }

    /**
     * Opens the cache at {@code file}, loading it when it exists.
     *
     * @throws TextException if the file is not a cache or holds vectors of another width
     */
    public static TextEmbeddingCache open(Path file, int dim) throws TextException {
        TextEmbeddingCache cache = new TextEmbeddingCache(file, dim);
        if (Files.exists(file)) {
            cache.load();
        }
        return cache;
    }

    /** The key of {@code text} under {@code modelId}: hex SHA-256. */
    public static String key(String modelId, String text) {
        return Hashing.sha256(modelId + '\u0000' + text);
    }

    /** The file this cache reads and writes. */
    public Path file() {
        return file;
    }

    /** The cached vector (a copy) or null. */
    public float[] get(String modelId, String text) {
        float[] v = entries.get(key(modelId, text));
        return v == null ? null : v.clone();
    }

    /** Stores a copy of {@code vector}; it reaches the file on the next {@link #flush()}. */
    public void put(String modelId, String text, float[] vector) {
        if (vector.length != dim) {
            throw new IllegalArgumentException("vector has " + vector.length + " values, cache holds " + dim);
        }
        String key = key(modelId, text);
        if (entries.put(key, vector.clone()) == null) {
            pending.add(key);
        }
    }

    /** Number of cached vectors. */
    public int size() {
        return entries.size();
    }

    /** Vector width. */
    public int dim() {
        return dim;
    }

    /**
     * Appends the vectors added since the last flush (or writes the whole file atomically when it is absent, of
     * version 1, or ends in a partial record). Cheap when nothing was added.
     */
    public synchronized void flush() throws TextException {
        List<String> keys = new ArrayList<>();
        for (String k = pending.poll(); k != null; k = pending.poll()) {
            keys.add(k);
        }
        if (keys.isEmpty() && (!rewrite || entries.isEmpty())) {
            return;
        }
        try {
            if (rewrite || !appendable()) {
                writeWhole();
                rewrite = false;
            } else {
                append(keys);
            }
        } catch (IOException e) {
            pending.addAll(keys);
            throw new TextException("cannot write text embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when the file still ends on a record boundary (it may have grown by another writer's records). */
    private boolean appendable() throws IOException {
        return Files.exists(file) && (Files.size(file) - HEADER_BYTES) % recordBytes() == 0;
    }

    private int recordBytes() {
        return HASH_BYTES + 4 * dim;
    }

    private void append(List<String> keys) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(keys.size() * recordBytes()); // big-endian, as DataOutputStream
        HexFormat hex = HexFormat.of();
        for (String k : keys) {
            buf.put(hex.parseHex(k));
            for (float f : entries.get(k)) {
                buf.putFloat(f);
            }
        }
        buf.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private void writeWhole() throws IOException {
        Map<String, float[]> snapshot = Map.copyOf(entries);
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(dim);
            HexFormat hex = HexFormat.of();
            for (Map.Entry<String, float[]> e : snapshot.entrySet()) {
                out.write(hex.parseHex(e.getKey()));
                for (float f : e.getValue()) {
                    out.writeFloat(f);
                }
            }
            out.flush();
        });
    }

    private void load() throws TextException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            int version = in.readInt() == MAGIC ? in.readInt() : -1;
            if (version != 1 && version != VERSION) {
                throw new TextException(file + " is not a text embedding cache (version 1 or " + VERSION + ")");
            }
            int fileDim = in.readInt();
            if (fileDim != dim) {
                throw new TextException(file + " holds " + fileDim + "-d vectors, expected " + dim);
            }
            if (version == 1) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    if (!readRecord(in)) {
                        throw new TextException(file + " is truncated: " + i + " of " + count + " vectors");
                    }
                }
                return; // rewritten as version 2 on the first flush
            }
            while (readRecord(in)) {
                // until the end; a partial record at the end is dropped
            }
            rewrite = (Files.size(file) - HEADER_BYTES) % recordBytes() != 0;
        } catch (EOFException e) {
            throw new TextException(file + " is truncated inside its header", e);
        } catch (IOException e) {
            throw new TextException("cannot read text embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads one record; false at the end of the file or on a partial record. */
    private boolean readRecord(DataInputStream in) throws IOException {
        byte[] record = new byte[recordBytes()];
        int n = in.readNBytes(record, 0, record.length);
        if (n < record.length) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.wrap(record);
        byte[] hash = new byte[HASH_BYTES];
        buf.get(hash);
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = buf.getFloat();
        }
        entries.put(HexFormat.of().formatHex(hash), v);
        return true;
    }
}
