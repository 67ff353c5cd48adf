package dev.listkit.core.loader;

import dev.listkit.core.data.SampleRef;
import dev.listkit.core.modality.Modality;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Loads a modality's samples into batches with a pool of worker threads and a bounded prefetch queue.
 *
 * <p>Determinism: the order of an epoch is a shuffle seeded by {@code (seed, epoch)}; sample {@code i}
 * (its position in the list given to the builder) is augmented with a {@link java.util.SplittableRandom}
 * seeded by {@link Seeds#derive(long, long, long) Seeds.derive(seed, epoch, i)}; batches are assembled in
 * epoch order. So the batches are the same bit for bit whatever the number of threads. A sample whose
 * file fails to load is reported (in epoch order) to the failure listener and skipped; the next good
 * sample takes its place in the batch.
 *
 * <p>Memory bound: at most {@code prefetchBatches} finished batches wait in the queue, one is being
 * assembled, and at most {@code 2 × threads} samples are being decoded.
 *
 * <p>The loader owns its worker threads: close it (try-with-resources) to stop them. Closing also closes
 * any {@link BatchStream} still open.
 *
 * <pre>{@code
 * try (SampleLoader loader = SampleLoader.builder()
 *         .setModality(vision).setSamples(dataset.samples()).setBatchSize(64)
 *         .optThreads(4).optSeed(7).optAugment(true).build()) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         try (BatchStream batches = loader.epoch(epoch)) {
 *             while (batches.hasNext()) {
 *                 Batch b = batches.next();          // b.shape() = (B, 3, S, S)
 *             }
 *             log("input wait %.1f%%", 100 * batches.waitFraction());
 *         }
 *     }
 * }
 * }</pre>
 */
public final class SampleLoader implements AutoCloseable {
    private static final AtomicInteger LOADER_IDS = new AtomicInteger();

    private final Modality modality;
    private final List<SampleRef> samples;
    private final int batchSize;
    private final int threads;
    private final int prefetchBatches;
    private final long seed;
    private final boolean shuffle;
    private final boolean augment;
    private final boolean dropLast;
    private final Consumer<SampleFailure> onFailure;
    private final ExecutorService workers;
    private final List<Thread> workerThreadList = new CopyOnWriteArrayList<>();
    private final String threadPrefix;
    private final Set<BatchStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SampleLoader(Builder b) {
        this.modality = b.modality;
        this.samples = List.copyOf(b.samples);
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.prefetchBatches = b.prefetchBatches;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.augment = b.augment;
        this.dropLast = b.dropLast;
        this.onFailure = b.onFailure;
        this.threadPrefix = "listkit-loader-" + LOADER_IDS.incrementAndGet();
        ThreadFactory workerThreads = namedDaemons(threadPrefix + "-worker-");
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = workerThreads.newThread(r);
            workerThreadList.add(t);
            return t;
        });
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts loading {@code epoch} and returns its batches. The caller closes the stream (or the
     * loader). Streams of different epochs may be open at once but share the worker threads.
     *
     * @throws IllegalStateException if the loader is closed
     */
    public BatchStream epoch(int epoch) {
        if (closed) {
            throw new IllegalStateException("loader is closed");
        }
        int[] order = order(epoch);
        BatchStream s = new BatchStream(this, epoch, order);
        open.add(s);
        s.start(namedDaemons(threadPrefix + "-assembler-e" + epoch + "-"));
        return s;
    }

    /** Positions of the samples in the order epoch {@code epoch} visits them. */
    public int[] order(int epoch) {
        int n = samples.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(Seeds.derive(seed, epoch, -1));
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The prefix of every thread this loader starts, e.g. {@code listkit-loader-3}. */
    public String threadNamePrefix() {
        return threadPrefix;
    }

    /** Number of samples given to the builder (failures included). */
    public int sampleCount() {
        return samples.size();
    }

    Modality modality() {
        return modality;
    }

    List<SampleRef> samples() {
        return samples;
    }

    int batchSize() {
        return batchSize;
    }

    int threads() {
        return threads;
    }

    int prefetchBatches() {
        return prefetchBatches;
    }

    long seed() {
        return seed;
    }

    boolean augment() {
        return augment;
    }

    boolean dropLast() {
        return dropLast;
    }

    Consumer<SampleFailure> onFailure() {
        return onFailure;
    }

    ExecutorService workers() {
        return workers;
    }

    void closed(BatchStream s) {
        open.remove(s);
    }

    /** Stops every open stream and the worker threads, waiting up to 10 s for them to end (threads joined). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BatchStream s : new ArrayList<>(open)) {
            s.close();
        }
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(threadPrefix + ": workers did not stop within 10 s");
            }
            // A terminated pool's threads may still be on their way out: join them so that none outlives close().
            for (Thread t : workerThreadList) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedDaemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** DJL-style builder: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private Modality modality;
        private List<SampleRef> samples;
        private int batchSize;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int prefetchBatches = 2;
        private long seed;
        private boolean shuffle = true;
        private boolean augment;
        private boolean dropLast;
        private Consumer<SampleFailure> onFailure = f -> { };

        private Builder() {
        }

        /** The modality that loads (and augments) each sample. Required. */
        public Builder setModality(Modality m) {
            this.modality = Objects.requireNonNull(m, "modality");
            return this;
        }

        /** The samples; their positions in this list are the indices that seed augmentation. Required. */
        public Builder setSamples(List<SampleRef> s) {
            this.samples = List.copyOf(s);
            return this;
        }

        /** Samples per batch (≥ 1). Required. */
        public Builder setBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** Worker threads (≥ 1); default: available processors. */
        public Builder optThreads(int n) {
            this.threads = n;
            return this;
        }

        /** Finished batches that may wait in the queue (≥ 1); default 2. */
        public Builder optPrefetchBatches(int n) {
            this.prefetchBatches = n;
            return this;
        }

        /** Seed of the shuffles and augmentations; default 0. */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /** Shuffle each epoch (default true); false keeps the list order. */
        public Builder optShuffle(boolean s) {
            this.shuffle = s;
            return this;
        }

        /** Apply {@link Modality#augment} to every sample (default false). */
        public Builder optAugment(boolean a) {
            this.augment = a;
            return this;
        }

        /** Drop the last batch of an epoch when it is smaller than the batch size (default false). */
        public Builder optDropLast(boolean d) {
            this.dropLast = d;
            return this;
        }

        /** Called, in epoch order, from the loader's assembler thread for every skipped sample. */
        public Builder optFailureListener(Consumer<SampleFailure> l) {
            this.onFailure = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** Validates and starts the worker threads. */
        public SampleLoader build() {
            if (modality == null) {
                throw new IllegalArgumentException("setModality is required");
            }
            if (samples == null) {
                throw new IllegalArgumentException("setSamples is required");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("setBatchSize is required and must be >= 1, got " + batchSize);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (prefetchBatches < 1) {
                throw new IllegalArgumentException("prefetchBatches must be >= 1, got " + prefetchBatches);
            }
            return new SampleLoader(this);
        }
    }
}
