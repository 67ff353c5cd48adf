package dev.listkit.core.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import java.util.List;

/**
 * Applies {@code a.b.c=value} overrides to a JSON tree (the {@code --set} option of recipe commands).
 * The value is parsed as JSON when it is valid JSON ({@code 3}, {@code true}, {@code [1,2]},
 * {@code "x"}) and taken as a plain string otherwise. Intermediate objects must exist, so a typo in a
 * path fails here, and a typo in the last key fails when the tree is bound strictly to its record.
 */
public final class JsonOverrides {
    private JsonOverrides() {
    }

    /** Applies each {@code path=value} in order, modifying {@code root} in place. */
    public static void apply(ObjectNode root, List<String> overrides) throws ConfigException {
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override '" + o + "': expected path=value, e.g. train.steps=100");
            }
            set(root, o.substring(0, eq).trim(), o.substring(eq + 1));
        }
    }

    /** Sets one dotted path to a value. */
    public static void set(ObjectNode root, String path, String rawValue) throws ConfigException {
        String[] keys = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            if (child == null || !child.isObject()) {
                throw new ConfigException("override '" + path + "': '" + String.join(".", java.util.Arrays.copyOf(keys, i + 1))
                        + "' is not an object in this recipe" + (child == null ? " (no such key"
                        + Suggestions.didYouMean(keys[i], fieldList(node)).replace(" (", "; ").replace(")", "")
                        + "; keys here: " + fieldNames(node) + ")" : ""));
            }
            node = (ObjectNode) child;
        }
        JsonNode value;
        try {
            value = Json.parse(rawValue);
        } catch (ConfigException notJson) {
            value = Json.MAPPER.getNodeFactory().textNode(rawValue);
        }
        node.set(keys[keys.length - 1], value);
    }

    private static List<String> fieldList(ObjectNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String fieldNames(ObjectNode node) {
        StringBuilder sb = new StringBuilder();
        node.fieldNames().forEachRemaining(n -> sb.append(sb.length() == 0 ? "" : ", ").append(n));
        return "[" + sb + "]";
    }
}
