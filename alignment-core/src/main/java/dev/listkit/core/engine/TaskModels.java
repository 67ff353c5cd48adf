package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import dev.listkit.core.features.MediaFeatureCache;
import dev.listkit.core.inference.InferenceModel;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open models that the shard tasks of one run share inside a JVM: a task borrows an open model (with the job's
 * separate scorer, if it has one, and the media feature cache of its modality) and gives it back, so that an executor running many shards of a round opens the
 * model once per concurrent task instead of once per shard (an open costs about 0.1–0.5 CPU-seconds: the ONNX
 * Runtime sessions, the frozen tower, the modality check). Keyed by a run id the runner makes per round, so a
 * later round (another model) never gets an earlier one's. The runner closes its run's models when the round ends
 * ({@link #release}); models left in executors are closed when their JVM exits. Thread-safe.
 *
 * <pre>{@code
 * String run = UUID.randomUUID().toString();              // driver, once per round
 * EngineJobs.runShard(job, k, entries, stamp, run);        // tasks, anywhere
 * TaskModels.release(run);                                 // driver, at the end
 * }</pre>
 */
public final class TaskModels {
    private static final Logger LOG = LoggerFactory.getLogger(TaskModels.class);
    private static final Map<String, Deque<Lease>> IDLE = new HashMap<>();
    private static boolean hooked;

    private TaskModels() {
    }

    /**
     * A model (and the job's scorer) on loan to one task; {@link #close} gives them back (or closes them, when they
     * belong to no run).
     */
    static final class Lease implements AutoCloseable {
        private final String run; // null: the task's own models
        private final InferenceModel model;
        private final InferenceModel scorer; // null: the model scores
        private MediaFeatureCache cache;

        private Lease(String run, InferenceModel model, InferenceModel scorer) {
            this.run = run;
            this.model = model;
            this.scorer = scorer;
        }

        InferenceModel model() {
            return model;
        }

        /** The job's separate scorer, or null when the model scores. */
        InferenceModel scorer() {
            return scorer;
        }

        private void closeModels() throws ListkitException {
            try {
                model.close();
            } finally {
                if (scorer != null) {
                    scorer.close();
                }
            }
        }

        /** The media feature cache of the model's modality in the job's cache directory, opened once. */
        MediaFeatureCache cache(EngineJob job) throws IOException {
            if (cache == null) {
                cache = EngineJobs.mediaCache(job, model.modality());
            }
            return cache;
        }

        @Override
        public void close() throws ListkitException {
            if (run == null) {
                closeModels();
                return;
            }
            synchronized (IDLE) {
                IDLE.computeIfAbsent(run, r -> new ArrayDeque<>()).push(this);
            }
        }
    }

    /** A model (and scorer) opened for one task only: closing the lease closes them. */
    static Lease open(EngineJob job) throws ListkitException {
        return openLease(null, job);
    }

    private static Lease openLease(String run, EngineJob job) throws ListkitException {
        InferenceModel model = EngineJobs.openModel(job, job.recipe());
        try {
            return new Lease(run, model, EngineJobs.openScorer(job, job.recipe()));
        } catch (ListkitException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * An idle model (and scorer) of {@code run}, or ones opened now ({@link EngineJobs#openModel},
     * {@link EngineJobs#openScorer}).
     */
    static Lease borrow(String run, EngineJob job) throws ListkitException {
        synchronized (IDLE) {
            Deque<Lease> idle = IDLE.get(run);
            if (idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(TaskModels::releaseAll, "listkit-task-models"));
                hooked = true;
            }
        }
        return openLease(run, job);
    }

    /** Closes the idle models of {@code run} in this JVM (loans still out are closed when given back late: never). */
    public static void release(String run) {
        Deque<Lease> idle;
        synchronized (IDLE) {
            idle = IDLE.remove(run);
        }
        closeAll(idle == null ? List.of() : new ArrayList<>(idle));
    }

    private static void releaseAll() {
        List<Lease> all = new ArrayList<>();
        synchronized (IDLE) {
            IDLE.values().forEach(all::addAll);
            IDLE.clear();
        }
        closeAll(all);
    }

    private static void closeAll(List<Lease> leases) {
        for (Lease l : leases) {
            try {
                l.closeModels();
            } catch (ListkitException | RuntimeException e) {
                LOG.warn("closing a shard task's model: {}", e.getMessage());
            }
        }
    }
}
