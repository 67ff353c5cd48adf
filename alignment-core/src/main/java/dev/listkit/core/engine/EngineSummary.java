package dev.listkit.core.engine;

import java.util.Map;

/**
 * What a round of the engine did ({@code summary.json}).
 *
 * @param round          round number
 * @param pool           samples in the pool
 * @param accepted       synthetic pairs accepted
 * @param rejected       samples rejected by a filter
 * @param skipped        samples that could not be processed
 * @param rejectedBy     rejections per stage id
 * @param shardsComputed shards computed in this invocation
 * @param shardsReused   shards found finished on disk (a resumed run)
 * @param stageSeconds   wall seconds per stage (caption, rerank, each refiner, score, each filter) in this invocation
 * @param stageItemsPerSecond items per second per stage in this invocation
 * @param stageCpuSeconds CPU seconds per stage of the threads that ran it (summed over shards and tasks; work on
 *                       other threads, such as ONNX Runtime's intra-op pool with more than one thread, is not in it)
 * @param refinerCounters counters of each refiner (fallbacks, cache hits, ...)
 * @param wallSeconds    wall time of this invocation
 * @param cpuSeconds     CPU seconds of the process that finished the round, over the round (every thread: shard
 *                       workers, JIT compiler, garbage collector; a distributed runner's driver counts only the
 *                       tasks it ran itself); -1 where the JVM cannot tell
 */
public record EngineSummary(int round, int pool, int accepted, int rejected, int skipped, Map<String, Integer> rejectedBy,
                            int shardsComputed, int shardsReused, Map<String, Double> stageSeconds,
                            Map<String, Double> stageItemsPerSecond, Map<String, Double> stageCpuSeconds, Map<String, Map<String, Long>> refinerCounters,
                            double wallSeconds, double cpuSeconds) {
}
