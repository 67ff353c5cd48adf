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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe cache of text embeddings keyed by SHA-256(model id + NUL + text), kept in memory and
 * persisted atomically ({@link AtomicFiles}) to a binary file on {@link #flush()}.
 *
 * <p>File format (big-endian): magic {@code "LKTE"}, int version 1, int dim, int count, then count records
 * of 32 hash bytes and dim float32 values. Returned vectors are copies.
 */
public final class TextEmbeddingCache {
    private static final int MAGIC = 0x4C4B5445; // "LKTE"
    private static final int VERSION = 1;

    private final Path file;
    private final int dim;
    private final Map<String, float[]> entries = new ConcurrentHashMap<>();
    private volatile boolean dirty;

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

    /** The cached vector (a copy) or null. */
    public float[] get(String modelId, String text) {
        float[] v = entries.get(key(modelId, text));
        return v == null ? null : v.clone();
    }

    /** Stores a copy of {@code vector}. */
    public void put(String modelId, String text, float[] vector) {
        if (vector.length != dim) {
            throw new IllegalArgumentException("vector has " + vector.length + " values, cache holds " + dim);
        }
        entries.put(key(modelId, text), vector.clone());
        dirty = true;
    }

    /** Number of cached vectors. */
    public int size() {
        return entries.size();
    }

    /** Vector width. */
    public int dim() {
        return dim;
    }

    /** Writes the cache atomically if anything was added since the last flush or load. */
    public synchronized void flush() throws TextException {
        if (!dirty) {
            return;
        }
        dirty = false;
        Map<String, float[]> snapshot = Map.copyOf(entries);
        try {
            AtomicFiles.write(file, raw -> {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(dim);
                out.writeInt(snapshot.size());
                HexFormat hex = HexFormat.of();
                for (Map.Entry<String, float[]> e : snapshot.entrySet()) {
                    out.write(hex.parseHex(e.getKey()));
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
                    }
                }
                out.flush();
            });
        } catch (IOException e) {
            dirty = true;
            throw new TextException("cannot write text embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws TextException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new TextException(file + " is not a version-" + VERSION + " text embedding cache");
            }
            int fileDim = in.readInt();
            if (fileDim != dim) {
                throw new TextException(file + " holds " + fileDim + "-d vectors, expected " + dim);
            }
            int count = in.readInt();
            HexFormat hex = HexFormat.of();
            byte[] hash = new byte[32];
            for (int i = 0; i < count; i++) {
                in.readFully(hash);
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = in.readFloat();
                }
                entries.put(hex.formatHex(hash), v);
            }
        } catch (EOFException e) {
            throw new TextException(file + " is truncated", e);
        } catch (IOException e) {
            throw new TextException("cannot read text embedding cache " + file + ": " + e.getMessage(), e);
        }
    }
}
