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
}
