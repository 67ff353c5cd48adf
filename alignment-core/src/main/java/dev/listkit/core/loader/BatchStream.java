package dev.listkit.core.loader;

import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The batches of one epoch of a {@link SampleLoader}, produced ahead of the consumer by the loader's
 * workers. Iterate it on one thread; close it (from any thread) to stop its assembler early; a consumer
 * blocked waiting for a batch then gets an {@link IllegalStateException}. It records how long the
 * consumer waited for batches ({@link #waitFraction()}), which tells a trainer whether it is
 * input-bound.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {
    /** End of the epoch; {@code error} is set when the assembler died. */
    private record End(RuntimeException error) {
    }

    /** What one worker returns for one sample. */
    private record Loaded(int position, FloatTensor tensor, String failure) {
    }

    private final SampleLoader loader;
    private final int epoch;
    private final int[] order;
    private final BlockingQueue<Object> queue;
    private final List<SampleFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private final long startNanos = System.nanoTime();
    private Thread assembler;
    private Object pending;
    private boolean finished;
    private volatile boolean closed;
    private volatile long endNanos;
    private long waitNanos;
    private int batchesDelivered;
    private int samplesDelivered;

    BatchStream(SampleLoader loader, int epoch, int[] order) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.queue = new ArrayBlockingQueue<>(loader.prefetchBatches());
    }

    void start(ThreadFactory factory) {
        assembler = factory.newThread(this::assemble);
        assembler.start();
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !finished) {
            if (closed) {
                throw new IllegalStateException("batch stream of epoch " + epoch + " is closed");
            }
            long t0 = System.nanoTime();
            try {
                pending = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            } finally {
                waitNanos += System.nanoTime() - t0;
            }
            if (pending instanceof End end) {
                pending = null;
                finished = true;
                endNanos = System.nanoTime();
                if (end.error() != null) {
                    throw end.error();
                }
            }
        }
        return pending != null;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        Batch b = (Batch) pending;
        pending = null;
        batchesDelivered++;
        samplesDelivered += b.size();
        return b;
    }

    /** The epoch this stream loads. */
    public int epoch() {
        return epoch;
    }

    /** Nanoseconds the consumer spent blocked in {@link #hasNext()}/{@link #next()} so far. */
    public long waitNanos() {
        return waitNanos;
    }

    /** Nanoseconds since the stream was opened, up to the end of the epoch once it is reached. */
    public long elapsedNanos() {
        long end = endNanos;
        return (end == 0 ? System.nanoTime() : end) - startNanos;
    }

    /** Share of the elapsed time the consumer spent waiting for input, in [0, 1]. */
    public double waitFraction() {
        long elapsed = elapsedNanos();
        return elapsed <= 0 ? 0 : Math.min(1.0, (double) waitNanos / elapsed);
    }

    /** Batches handed to the consumer so far. */
    public int batchesDelivered() {
        return batchesDelivered;
    }

    /** Samples handed to the consumer so far. */
    public int samplesDelivered() {
        return samplesDelivered;
    }

    /** Samples skipped so far, in epoch order (a snapshot). */
    public List<SampleFailure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Stops the assembler and cancels samples in flight; the loader's workers keep running. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (endNanos == 0) {
            endNanos = System.nanoTime();
        }
        assembler.interrupt();
        try {
            assembler.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // wake a consumer blocked in hasNext() on another thread
        queue.clear();
        queue.offer(new End(new IllegalStateException("batch stream of epoch " + epoch + " was closed")));
        loader.closed(this);
    }

    // ---- assembler thread ----

    private void assemble() {
        ArrayDeque<Future<Loaded>> inFlight = new ArrayDeque<>();
        try {
            long[] sampleShape = loader.modality().sampleShape();
            int sampleSize = Math.toIntExact(Arrays.stream(sampleShape).reduce(1, Math::multiplyExact));
            int batchSize = loader.batchSize();
            int window = 2 * loader.threads();
            int submitted = 0;
            int batchIndex = 0;
            float[] buf = new float[Math.multiplyExact(batchSize, sampleSize)];
            List<String> ids = new ArrayList<>(batchSize);
            while (submitted < order.length || !inFlight.isEmpty()) {
                while (submitted < order.length && inFlight.size() < window) {
                    int position = order[submitted++];
                    inFlight.add(loader.workers().submit(() -> load(position, sampleShape)));
                }
                Loaded r = inFlight.poll().get();
                SampleRef ref = loader.samples().get(r.position());
                if (r.failure() != null) {
                    SampleFailure f = new SampleFailure(ref, epoch, r.failure());
                    failures.add(f);
                    loader.onFailure().accept(f);
                    continue;
                }
                System.arraycopy(r.tensor().data(), 0, buf, ids.size() * sampleSize, sampleSize);
                ids.add(ref.id());
                if (ids.size() == batchSize) {
                    queue.put(batch(batchIndex++, buf, ids, sampleShape));
                    buf = new float[buf.length];
                    ids = new ArrayList<>(batchSize);
                }
            }
            if (!ids.isEmpty() && !loader.dropLast()) {
                queue.put(batch(batchIndex, Arrays.copyOf(buf, ids.size() * sampleSize), ids, sampleShape));
            }
            queue.put(new End(null));
        } catch (InterruptedException | RejectedExecutionException e) {
            // closed: stop quietly
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            queue.clear();
            queue.offer(new End(new IllegalStateException("sample loader failed in epoch " + epoch + ": "
                    + cause, cause)));
        } finally {
            for (Future<Loaded> f : inFlight) {
                f.cancel(true);
            }
        }
    }

    private static Batch batchOf(int epoch, int index, float[] data, List<String> ids, long[] sampleShape) {
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = ids.size();
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return new Batch(epoch, index, data, shape, ids);
    }

    private Batch batch(int index, float[] data, List<String> ids, long[] sampleShape) {
        return batchOf(epoch, index, data, ids, sampleShape);
    }

    /** Runs on a worker: decode, augment, check the shape; failures become a reason, never a throw. */
    private Loaded load(int position, long[] sampleShape) {
        SampleRef ref = loader.samples().get(position);
        try {
            FloatTensor t = loader.modality().load(ref.media());
            if (loader.augment()) {
                t = loader.modality().augment(t, new SplittableRandom(Seeds.derive(loader.seed(), epoch, position)));
            }
            if (!Arrays.equals(t.shape(), sampleShape)) {
                return new Loaded(position, null, ref.media() + ": shape " + t.shapeString()
                        + " differs from the modality's sample shape " + Arrays.toString(sampleShape));
            }
            return new Loaded(position, t, null);
        } catch (MediaException e) {
            return new Loaded(position, null, e.getMessage());
        } catch (RuntimeException | Error e) { // an Error (e.g. OutOfMemoryError) fails this sample only
            return new Loaded(position, null, ref.media() + ": unexpected " + e);
        }
    }
}
