package dev.listkit.core.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch intra-op thread count for this process. On a small, shared CPU box (2 cores, other jobs
 * running) one thread trains faster than two: OpenMP workers wait at every op's barrier for a core
 * that another process holds (see BENCHMARKS.md, "Training step throughput"). Inter-op threads can
 * only be set before the engine starts: use {@code -Dai.djl.pytorch.num_interop_threads=1}.
 */
public final class EngineThreads {
    private EngineThreads() {
    }

    /** Sets the intra-op thread count (loads the engine if needed) and returns the previous count. */
    public static int setIntraOp(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Engine.getEngine("PyTorch"); // loads the native library
        int previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        return previous;
    }

    /** The current intra-op thread count. */
    public static int intraOp() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /** The inter-op thread count ({@code -Dai.djl.pytorch.num_interop_threads}). */
    public static int interOp() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumInteropThreads();
    }
}
