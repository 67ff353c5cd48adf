package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import java.util.List;

/**
 * One filtering stage: rejects items (with a reason) by calling {@link EngineItem#reject}. A
 * <em>local</em> filter decides each item on its own and runs inside shards; a <em>global</em> one
 * (top fraction, de-duplication, concept balancing) needs the whole round and runs once after all
 * shards are done, on the driver.
 */
public interface CaptionFilter {
    /** The id recipes use. */
    String id();

    /** True when the decision for one item depends on other items of the round. */
    boolean global();

    /** Rejects some of the live {@code items}; items already rejected or skipped are left alone. */
    void apply(List<EngineItem> items, EngineContext ctx) throws ListkitException;
}
