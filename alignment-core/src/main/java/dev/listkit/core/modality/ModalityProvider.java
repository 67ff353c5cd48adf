package dev.listkit.core.modality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import java.util.List;

/**
 * Service-provider interface of a modality plugin, found with {@link java.util.ServiceLoader}.
 * A plugin module registers its implementation in
 * {@code META-INF/services/dev.listkit.core.modality.ModalityProvider}.
 *
 * <pre>{@code
 * public final class MyProvider implements ModalityProvider {
 *     public String id() { return "depth"; }
 *     public String description() { return "depth maps from 16-bit PNG"; }
 *     public List<String> presets() { return List.of("default"); }
 *     public Modality create(JsonNode config) throws ConfigException { ... }
 * }
 * }</pre>
 */
public interface ModalityProvider {
    /** Unique id used in recipes and on the command line, e.g. {@code audio}. */
    String id();

    /** One line for {@code listkit modalities}. */
    String description();

    /** Names of the built-in preprocessing presets, accepted as {@code "preset"} in the config. */
    List<String> presets();

    /**
     * Creates a configured modality. The config is the modality section of a recipe; unknown keys and
     * unknown presets are errors that name the key and list what is accepted.
     */
    Modality create(JsonNode config) throws ConfigException;
}
