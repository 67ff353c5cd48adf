package dev.listkit.core.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.io.TensorFiles;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a modality's preprocessed tensors for a whole dataset into a directory, in parallel, and
 * reuses them on the next run when neither the media file (size and modification time) nor the
 * modality fingerprint changed. Every tensor file and the {@code index.json} are written atomically;
 * the index is refreshed every {@value #CHECKPOINT_EVERY} samples so that a killed run keeps its work.
 * Bad media files are recorded as failures and the run goes on.
 *
 * <pre>{@code
 * FeatureCache.Summary s = FeatureCache.build(dataset, modality, Path.of("cache/esc50"), 2);
 * FloatTensor x = FeatureCache.load(Path.of("cache/esc50"), s.index().entries().get(0));
 * }</pre>
 */
public final class FeatureCache {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);

    /** Name of the index file inside a cache directory. */
    public static final String INDEX_FILE = "index.json";
    static final int CHECKPOINT_EVERY = 100;

    private FeatureCache() {
    }

    /**
     * Outcome of a build.
     *
     * @param index    the index as written
     * @param computed samples computed in this run
     * @param reused   samples taken from the existing cache
     * @param elapsed  wall time
     */
    public record Summary(FeatureIndex index, int computed, int reused, Duration elapsed) {
        /** Samples that failed. */
        public List<FeatureIndex.Failure> failures() {
            return index.failures();
        }
    }

    private record Outcome(int position, FeatureIndex.Entry entry, FeatureIndex.Failure failure, boolean reused) {
    }

    /**
     * Builds (or refreshes) the cache for {@code dataset} in {@code outDir}.
     *
     * @param threads worker threads (≥ 1)
     * @throws IOException if the cache directory or index cannot be written
     */
    public static Summary build(Dataset dataset, Modality modality, Path outDir, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Files.createDirectories(outDir.resolve("tensors"));
        Map<String, FeatureIndex.Entry> previous = reusableEntries(outDir, modality.fingerprint());
        List<SampleRef> samples = dataset.samples();
        Outcome[] outcomes = new Outcome[samples.size()];
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "features");
            t.setDaemon(true);
            return t;
        });
        try (Progress progress = Progress.start("features " + dataset.name(), samples.size(), "samples")) {
            ExecutorCompletionService<Outcome> ecs = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < samples.size(); i++) {
                final int position = i;
                final SampleRef s = samples.get(i);
                ecs.submit(() -> computeOne(position, s, modality, outDir, previous.get(s.id())));
            }
            for (int done = 1; done <= samples.size(); done++) {
                Outcome o = take(ecs);
                outcomes[o.position()] = o;
                if (o.reused()) {
                    progress.reused(1);
                } else {
                    progress.step();
                }
                if (done % CHECKPOINT_EVERY == 0) {
                    writeIndex(outDir, index(dataset, modality, outcomes));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        FeatureIndex index = index(dataset, modality, outcomes);
        writeIndex(outDir, index);
        int reused = 0;
        int computed = 0;
        for (Outcome o : outcomes) {
            if (o.entry() != null) {
                if (o.reused()) {
                    reused++;
                } else {
                    computed++;
                }
            }
        }
        return new Summary(index, computed, reused, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Outcome take(ExecutorCompletionService<Outcome> ecs) throws IOException {
        try {
            Future<Outcome> f = ecs.take();
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while computing features", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("feature worker failed", e.getCause());
        }
    }

    private static Outcome computeOne(int position, SampleRef s, Modality modality, Path outDir,
                                      FeatureIndex.Entry previous) throws IOException {
        long bytes;
        long mtime;
        try {
            BasicFileAttributes a = Files.readAttributes(s.media(), BasicFileAttributes.class);
            bytes = a.size();
            mtime = a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return new Outcome(position, null,
                    new FeatureIndex.Failure(s.id(), s.media().toString(), "cannot read: " + e), false);
        }
        String media = MediaFeatureCache.key(s.media());
        if (previous != null && previous.sourceBytes() == bytes && previous.sourceModifiedMillis() == mtime
                && Files.isRegularFile(outDir.resolve(previous.file()))) {
            return new Outcome(position, previous.withMedia(media), null, true);
        }
        try {
            FloatTensor t = modality.load(s.media());
            String file = "tensors/" + fileName(s.id());
            TensorFiles.write(outDir.resolve(file), t);
            return new Outcome(position, new FeatureIndex.Entry(s.id(), file, t.shape(), bytes, mtime,
                    media), null, false);
        } catch (ListkitException e) {
            return new Outcome(position, null, new FeatureIndex.Failure(s.id(), s.media().toString(), e.getMessage()), false);
        } catch (RuntimeException | Error e) {
            // An Error too (OutOfMemoryError from one oversized file, StackOverflowError, ...): that sample
            // fails, the run goes on.
            return new Outcome(position, null,
                    new FeatureIndex.Failure(s.id(), s.media().toString(), "unexpected error: " + e), false);
        }
    }

    /** A file name that is safe on every file system and unique per id. */
    static String fileName(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return safe + "-" + Hashing.sha256(id).substring(0, 10) + ".lkt";
    }

    private static FeatureIndex index(Dataset dataset, Modality modality, Outcome[] outcomes) {
        List<FeatureIndex.Entry> entries = new ArrayList<>();
        List<FeatureIndex.Failure> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o == null) {
                continue;
            }
            if (o.entry() != null) {
                entries.add(o.entry());
            } else {
                failures.add(o.failure());
            }
        }
        failures.sort(Comparator.comparing(FeatureIndex.Failure::id));
        return new FeatureIndex(FeatureIndex.VERSION, dataset.name(), modality.id(), modality.fingerprint(),
                entries, failures);
    }

    private static void writeIndex(Path outDir, FeatureIndex index) throws IOException {
        AtomicFiles.writeString(outDir.resolve(INDEX_FILE), Json.writePretty(index));
    }

    /** Reads {@code index.json} of a cache directory. */
    public static FeatureIndex readIndex(Path outDir) throws IOException {
        Path file = outDir.resolve(INDEX_FILE);
        try {
            return Json.MAPPER.readValue(file.toFile(), FeatureIndex.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a valid feature index: " + e.getOriginalMessage(), e);
        }
    }

    /** Loads one cached tensor. */
    public static FloatTensor load(Path outDir, FeatureIndex.Entry entry) throws IOException {
        return TensorFiles.read(outDir.resolve(entry.file()));
    }

    private static Map<String, FeatureIndex.Entry> reusableEntries(Path outDir, String fingerprint) {
        Map<String, FeatureIndex.Entry> out = new HashMap<>();
        if (!Files.isRegularFile(outDir.resolve(INDEX_FILE))) {
            return out;
        }
        try {
            FeatureIndex old = readIndex(outDir);
            if (old.version() == FeatureIndex.VERSION && old.fingerprint().equals(fingerprint)) {
                old.entries().forEach(e -> out.put(e.id(), e));
            }
        } catch (IOException e) {
            LOG.warn("ignoring unreadable feature index: {}", e.getMessage());
        }
        return out;
    }
}
