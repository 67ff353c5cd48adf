package dev.listkit.core.engine.filter;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.EngineItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Helpers shared by the filter configs and the global filters. */
final class FilterConfigs {
    private FilterConfigs() {
    }

    static void require(boolean ok, String what, String message) throws ConfigException {
        if (!ok) {
            throw new ConfigException(what + ": " + message);
        }
    }

    /**
     * The live items, best first by {@code scores[scoreKey]} (items without that score after all scored
     * ones), ties in input order: the order in which the global filters keep items.
     */
    static List<EngineItem> liveByScore(List<EngineItem> items, String scoreKey) {
        List<EngineItem> live = new ArrayList<>();
        for (EngineItem it : items) {
            if (it.alive()) {
                live.add(it);
            }
        }
        // List.sort is stable: equal scores keep input order.
        live.sort(Comparator.comparingDouble((EngineItem it) -> {
            Double s = it.scores().get(scoreKey);
            return s == null || s.isNaN() ? Double.NEGATIVE_INFINITY : s;
        }).reversed());
        return live;
    }
}
