package dev.listkit.core.features;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.io.TensorFiles;
import dev.listkit.core.util.Hashing;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A modality's features of media files named by path, for readers of file lists (a data-engine pool manifest)
 * rather than datasets: found in the dataset caches of a features root ({@link FeatureCache} directories whose
 * index has the modality's fingerprint and records the file, with the size and modification time it still has),
 * else in the root's own media store ({@code media-<fingerprint>/}), where {@link #put} keeps what a reader had
 * to compute. A pool whose features a training run cached — a frozen tower's outputs included — is then never
 * decoded again, and a pool of other files is decoded once.
 *
 * <pre>{@code
 * MediaFeatureCache c = MediaFeatureCache.open(cacheDir.resolve("features"), modality.fingerprint());
 * FloatTensor x = c.get(media);          // null: not cached
 * if (x == null) { x = modality.load(media); c.put(media, x); }
 * }</pre>
 *
 * <p>Thread-safe. Store files are named by a hash of (path, size, modification time) and written atomically, so
 * concurrent tasks on a shared file system may fill the same store.
 */
public final class MediaFeatureCache {
    /** Directory name prefix of the media store inside the features root. */
    public static final String STORE_PREFIX = "media-";

    private final Path store;
    private final Map<String, Located> indexed;
    private final AtomicLong datasetHits = new AtomicLong();
    private final AtomicLong storeHits = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();

    private record Located(Path dir, FeatureIndex.Entry entry) {
    }

    private MediaFeatureCache(Path store, Map<String, Located> indexed) {
        this.store = store;
        this.indexed = indexed;
    }

    /**
     * Reads the indexes under {@code root} (unreadable ones are skipped: they only cost a recomputation).
     *
     * @param root        a features root, e.g. {@code cache/features} (need not exist yet)
     * @param fingerprint the modality fingerprint the features must have been computed with
     */
    public static MediaFeatureCache open(Path root, String fingerprint) throws IOException {
        Map<String, Located> indexed = new HashMap<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
                for (Path dir : dirs) {
                    if (!Files.isRegularFile(dir.resolve(FeatureCache.INDEX_FILE))) {
                        continue;
                    }
                    FeatureIndex index;
                    try {
                        index = FeatureCache.readIndex(dir);
                    } catch (IOException e) {
                        continue;
                    }
                    if (index.version() != FeatureIndex.VERSION || !fingerprint.equals(index.fingerprint())) {
                        continue;
                    }
                    for (FeatureIndex.Entry e : index.entries()) {
                        if (e.media() != null) {
                            indexed.put(e.media(), new Located(dir, e));
                        }
                    }
                }
            }
        }
        return new MediaFeatureCache(root.resolve(STORE_PREFIX + fingerprint.substring(0, Math.min(16,
                fingerprint.length()))), indexed);
    }

    /** How a media path is recorded: absolute and normalised. */
    public static String key(Path media) {
        return media.toAbsolutePath().normalize().toString();
    }

    /**
     * The cached features of {@code media}, or null when none are cached for the file as it is now (changed size
     * or modification time, a missing or unreadable cache file, or a media file that cannot be read: decoding it
     * then says why).
     */
    public FloatTensor get(Path media) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(media, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
        String key = key(media);
        Located l = indexed.get(key);
        if (l != null && l.entry().sourceBytes() == a.size()
                && l.entry().sourceModifiedMillis() == a.lastModifiedTime().toMillis()) {
            try {
                FloatTensor t = FeatureCache.load(l.dir(), l.entry());
                datasetHits.incrementAndGet();
                return t;
            } catch (IOException e) {
                // a missing or damaged tensor file: try the store, else recompute
            }
        }
        try {
            FloatTensor t = TensorFiles.read(storeFile(key, a));
            storeHits.incrementAndGet();
            return t;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null; // damaged: recomputed and rewritten
        }
    }

    /** Keeps {@code features} of {@code media} (as the file is now) in the media store, atomically. */
    public void put(Path media, FloatTensor features) throws IOException {
        BasicFileAttributes a = Files.readAttributes(media, BasicFileAttributes.class);
        Path file = storeFile(key(media), a);
        Files.createDirectories(file.getParent());
        TensorFiles.write(file, features);
        stored.incrementAndGet();
    }

    /** Files found in dataset caches, found in the media store, and put into it, so far. */
    public String counts() {
        return datasetHits.get() + " from dataset caches, " + storeHits.get() + " from " + store.getFileName() + ", "
                + stored.get() + " computed and stored";
    }

    /** The media store directory. */
    public Path store() {
        return store;
    }

    private Path storeFile(String key, BasicFileAttributes a) {
        String name = Hashing.sha256(key + "|" + a.size() + "|" + a.lastModifiedTime().toMillis()).substring(0, 40);
        return store.resolve(name.substring(0, 2)).resolve(name + ".lkt");
    }
}
