package dev.listkit.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.util.Json;

/** The config object a refiner or filter provider binds, shared by all of them. */
public final class PluginConfig {
    private PluginConfig() {
    }

    /**
     * The config object without a {@code type} key (if a runner leaves it in), or an empty object for a
     * missing config.
     */
    public static JsonNode orEmpty(JsonNode node) {
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
