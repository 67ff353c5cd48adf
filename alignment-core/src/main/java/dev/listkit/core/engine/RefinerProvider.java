package dev.listkit.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;

/** Creates a {@link Refiner} from its recipe configuration; found with {@link java.util.ServiceLoader}. */
public interface RefinerProvider {
    /** The id recipes use, e.g. {@code alttext}, {@code llm}, {@code wordnet}. */
    String id();

    /** One line for {@code listkit engine --help} and error messages. */
    String description();

    /** Builds the refiner; unknown or invalid keys are {@link ConfigException}s naming the key. */
    Refiner create(JsonNode config) throws ConfigException;

    /**
     * Checks a recipe entry's config as {@link #create} would, without the refiner's work: called when a
     * recipe is loaded, before any training, so that a typo fails in milliseconds rather than after the
     * first training arm. Throws the same {@link ConfigException}s as {@link #create} (naming the key and
     * what is accepted). The default builds the refiner and closes it; a provider whose refiner opens
     * files, threads or connections overrides this to bind and check its config only.
     *
     * <pre>{@code
     * public void validate(JsonNode config) throws ConfigException {
     *     MyConfig.from(config); // binds strictly and checks ranges
     * }
     * }</pre>
     */
    default void validate(JsonNode config) throws ConfigException {
        create(config).close();
    }
}
