package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import java.util.List;

/**
 * One refinement stage of the data engine: rewrites the current caption of each live item. Refiners are
 * chained in recipe order; each appends a {@link RefineStep} to every item it sees and sets the item's
 * new caption. A refiner that fails for one item records a fallback step and keeps the caption; it
 * throws only when it cannot work at all (bad configuration).
 */
public interface Refiner extends AutoCloseable {
    /** The id recipes use. */
    String id();

    /** Refines {@code items} (all live; at most one engine batch) in place. */
    void refine(List<EngineItem> items, EngineContext ctx) throws ListkitException;

    /** Counters for the round summary, e.g. {@code {"fallbacks": 2, "cacheHits": 10}}. */
    default java.util.Map<String, Long> counters() {
        return java.util.Map.of();
    }

    @Override
    default void close() {
    }
}
