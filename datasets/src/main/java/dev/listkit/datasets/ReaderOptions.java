package dev.listkit.datasets;

import dev.listkit.core.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options a reader was given, checked against the keys it accepts.
 *
 * <pre>{@code
 * ReaderOptions opts = ReaderOptions.check("esc50", options, Set.of("folds"));
 * Set<Integer> folds = opts.intSet("folds");   // empty = all folds
 * }</pre>
 *
 * @param provider the reader's id, used in error messages
 * @param values   the option values, keyed by option name
 */
public record ReaderOptions(String provider, Map<String, String> values) {
    public ReaderOptions {
        values = Map.copyOf(values);
    }

    /** Checks that every key is accepted; the error names the unknown key and lists the accepted ones. */
    public static ReaderOptions check(String provider, Map<String, String> options, Set<String> accepted)
            throws ConfigException {
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!accepted.contains(e.getKey())) {
                throw new ConfigException(provider + ": unknown option '" + e.getKey() + "'; accepted: "
                        + new TreeSet<>(accepted));
            }
            if (e.getValue() == null) {
                throw new ConfigException(provider + ": option '" + e.getKey() + "' has no value");
            }
            copy.put(e.getKey(), e.getValue().trim());
        }
        return new ReaderOptions(provider, copy);
    }

    /** The value of {@code key}, or {@code fallback} when it is absent or blank. */
    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** A comma-separated list of integers, e.g. {@code folds=1,2,3}; empty when absent. */
    public Set<Integer> intSet(String key) throws ConfigException {
        Set<Integer> out = new TreeSet<>();
        for (String part : list(key)) {
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new ConfigException(provider + ": option " + key + "=" + values.get(key)
                        + ": '" + part + "' is not an integer", e);
            }
        }
        return out;
    }

    /** A comma-separated list of non-empty items; empty when absent. */
    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String part : get(key, "").split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    public String choice(String key, String fallback, Set<String> allowed) throws ConfigException {
        String v = get(key, fallback);
        if (!allowed.contains(v)) {
            throw new ConfigException(provider + ": option " + key + "=" + v + " is not one of "
                    + new TreeSet<>(allowed));
        }
        return v;
    }
}
