package dev.listkit.core.engine;

import dev.listkit.core.ConfigException;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds {@link EngineRunner}s on the class path by id. */
public final class EngineRunners {
    private EngineRunners() {
    }

    /** Every runner on the class path, by id. */
    public static TreeMap<String, EngineRunner> all() {
        TreeMap<String, EngineRunner> all = new TreeMap<>();
        ServiceLoader.load(EngineRunner.class).forEach(r -> all.put(r.id(), r));
        return all;
    }

    /**
     * The runner {@code id}.
     *
     * @throws ConfigException when no runner has that id (the message lists the available ones and, for
     *                         {@code spark}, where it comes from)
     */
    public static EngineRunner find(String id) throws ConfigException {
        TreeMap<String, EngineRunner> all = all();
        EngineRunner r = all.get(id);
        if (r == null) {
            throw new ConfigException("unknown engine runner '" + id + "'; available: " + all.keySet()
                    + (id.equals("spark") ? " (the spark runner is in the engine-spark module: put its jar and"
                    + " dependencies on the class path, see README 'The data engine on Spark')" : ""));
        }
        return r;
    }
}
