package dev.listkit.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds refiners and filters by id with {@link ServiceLoader}. A recipe entry is an object with an
 * {@code id} and that plugin's own keys: {@code {"id": "alignment", "topFraction": 0.7}}.
 */
public final class EngineRegistry {
    private EngineRegistry() {
    }

    /** Builds a refiner from its recipe entry. */
    public static Refiner refiner(JsonNode entry) throws ConfigException {
        return refinerProvider(entry).create(withoutId(entry));
    }

    /** Builds a filter from its recipe entry. */
    public static CaptionFilter filter(JsonNode entry) throws ConfigException {
        return filterProvider(entry).create(withoutId(entry));
    }

    /**
     * Checks a refiner entry (its id and, through {@link RefinerProvider#validate}, its keys) without
     * building the refiner.
     */
    public static void validateRefiner(JsonNode entry) throws ConfigException {
        refinerProvider(entry).validate(withoutId(entry));
    }

    /** Checks a filter entry (its id and, through {@link FilterProvider#validate}, its keys). */
    public static void validateFilter(JsonNode entry) throws ConfigException {
        filterProvider(entry).validate(withoutId(entry));
    }

    private static RefinerProvider refinerProvider(JsonNode entry) throws ConfigException {
        String id = id(entry, "refiner");
        TreeMap<String, RefinerProvider> all = new TreeMap<>();
        ServiceLoader.load(RefinerProvider.class).forEach(p -> all.put(p.id(), p));
        RefinerProvider p = all.get(id);
        if (p == null) {
            throw new ConfigException("unknown refiner '" + id + "'; available: " + all.keySet());
        }
        return p;
    }

    private static FilterProvider filterProvider(JsonNode entry) throws ConfigException {
        String id = id(entry, "filter");
        TreeMap<String, FilterProvider> all = new TreeMap<>();
        ServiceLoader.load(FilterProvider.class).forEach(p -> all.put(p.id(), p));
        FilterProvider p = all.get(id);
        if (p == null) {
            throw new ConfigException("unknown filter '" + id + "'; available: " + all.keySet());
        }
        return p;
    }

    /** Ids and descriptions of every refiner and filter on the class path, for help output. */
    public static List<String> describe() {
        List<String> out = new ArrayList<>();
        ServiceLoader.load(RefinerProvider.class).forEach(p -> out.add("refiner " + p.id() + ": " + p.description()));
        ServiceLoader.load(FilterProvider.class).forEach(p -> out.add("filter " + p.id() + ": " + p.description()));
        out.sort(null);
        return out;
    }

    private static String id(JsonNode entry, String what) throws ConfigException {
        if (entry == null || !entry.isObject() || !entry.hasNonNull("id")) {
            throw new ConfigException("every " + what + " entry needs an 'id', got " + entry);
        }
        if (!entry.get("id").isTextual()) {
            throw new ConfigException(what + " 'id' must be a string, got " + entry.get("id"));
        }
        return entry.get("id").asText();
    }

    private static ObjectNode withoutId(JsonNode entry) {
        ObjectNode copy = ((ObjectNode) entry).deepCopy();
        copy.remove("id");
        return copy;
    }
}
