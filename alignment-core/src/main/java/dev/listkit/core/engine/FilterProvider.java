package dev.listkit.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;

/** Creates a {@link CaptionFilter} from its recipe configuration; found with {@link java.util.ServiceLoader}. */
public interface FilterProvider {
    /** The id recipes use, e.g. {@code alignment}, {@code heuristics}, {@code dedupe}, {@code balance}. */
    String id();

    /** One line for help and error messages. */
    String description();

    /** Builds the filter; unknown or invalid keys are {@link ConfigException}s naming the key. */
    CaptionFilter create(JsonNode config) throws ConfigException;

    /**
     * Checks a recipe entry's config as {@link #create} would, when the recipe is loaded and before any
     * training (see {@link RefinerProvider#validate}). The default builds the filter and drops it; a provider
     * whose filter loads resources when built overrides this to check its config only.
     */
    default void validate(JsonNode config) throws ConfigException {
        create(config);
    }
}
