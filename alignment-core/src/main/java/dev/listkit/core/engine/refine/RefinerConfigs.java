package dev.listkit.core.engine.refine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.util.Json;

/** Helpers shared by the refiner configs. */
final class RefinerConfigs {
    private RefinerConfigs() {
    }

    /**
     * The config object without the recipe's {@code type} key (if the runner leaves it in), or an empty
     * object for a missing config.
     */
    static JsonNode orEmpty(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Json.object();
        }
        if (node.isObject() && node.has("type")) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.remove("type");
            return copy;
        }
        return node;
    }
}
