package dev.listkit.core.data;

import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.util.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds dataset readers on the class path with {@link ServiceLoader}. */
public final class DatasetRegistry {
    private DatasetRegistry() {
    }

    /** All installed providers, sorted by id. */
    public static List<DatasetProvider> providers() {
        List<DatasetProvider> out = new ArrayList<>();
        ServiceLoader.load(DatasetProvider.class).forEach(out::add);
        out.sort(Comparator.comparing(DatasetProvider::id));
        return out;
    }

    /** The provider with this id, or an error listing the ids that exist. */
    public static DatasetProvider provider(String id) throws ConfigException {
        List<DatasetProvider> all = providers();
        for (DatasetProvider p : all) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new ConfigException("unknown dataset '" + id + "'"
                + Suggestions.didYouMean(id, all.stream().map(DatasetProvider::id).toList()) + "; installed: "
                + all.stream().map(DatasetProvider::id).collect(Collectors.joining(", ", "[", "]")));
    }

    /** Shorthand for {@code provider(id).load(root, options)}. */
    public static Dataset load(String id, Path root, Map<String, String> options) throws ListkitException {
        return provider(id).load(root, options);
    }
}
