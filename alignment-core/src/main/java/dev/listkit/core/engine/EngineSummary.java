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
 * @param refinerCounters counters of each refiner (fallbacks, cache hits, ...)
 * @param wallSeconds    wall time of this invocation
 */
public record EngineSummary(int round, int pool, int accepted, int rejected, int skipped, Map<String, Integer> rejectedBy,
                            int shardsComputed, int shardsReused, Map<String, Double> stageSeconds,
                            Map<String, Double> stageItemsPerSecond, Map<String, Map<String, Long>> refinerCounters,
                            double wallSeconds) {
}
