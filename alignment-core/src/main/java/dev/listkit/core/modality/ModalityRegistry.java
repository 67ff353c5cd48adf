package dev.listkit.core.modality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Suggestions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds modality plugins on the class path with {@link ServiceLoader}. */
public final class ModalityRegistry {
    private ModalityRegistry() {
    }

    /** All installed providers, sorted by id. */
    public static List<ModalityProvider> providers() {
        List<ModalityProvider> out = new ArrayList<>();
        ServiceLoader.load(ModalityProvider.class).forEach(out::add);
        out.sort(Comparator.comparing(ModalityProvider::id));
        return out;
    }

    /** The provider with this id, or an error listing the ids that exist. */
    public static ModalityProvider provider(String id) throws ConfigException {
        List<ModalityProvider> all = providers();
        for (ModalityProvider p : all) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new ConfigException("unknown modality '" + id + "'"
                + Suggestions.didYouMean(id, all.stream().map(ModalityProvider::id).toList()) + "; installed: "
                + all.stream().map(ModalityProvider::id).collect(Collectors.joining(", ", "[", "]")));
    }

    /** Shorthand for {@code provider(id).create(config)}. */
    public static Modality create(String id, JsonNode config) throws ConfigException {
        return provider(id).create(config);
    }

    /**
     * The file extensions the installed modalities decode (lower case, no dot), each modality created with
     * its default configuration; a provider that needs configuration to be created is left out. Empty when
     * no modality plugin is installed.
     */
    public static java.util.Set<String> fileExtensions() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (ModalityProvider p : providers()) {
            try {
                out.addAll(p.create(dev.listkit.core.util.Json.object()).fileExtensions());
            } catch (ConfigException | RuntimeException e) {
                // cannot be created without configuration: its files are not listed by default
            }
        }
        return out;
    }
}
