package dev.listkit.core.data;

import dev.listkit.core.ListkitException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Service-provider interface for dataset readers, found with {@link java.util.ServiceLoader}
 * (register in {@code META-INF/services/dev.listkit.core.data.DatasetProvider}).
 *
 * <pre>{@code
 * Dataset esc = DatasetRegistry.load("esc50", dataRoot.resolve("esc50"), Map.of("folds", "4"));
 * }</pre>
 */
public interface DatasetProvider {
    /** Id used on the command line and in recipes, e.g. {@code esc50}. */
    String id();

    /** One line for {@code listkit datasets}. */
    String description();

    /** The directory name under the data root where this dataset lives by default. */
    default String defaultDirectory() {
        return id();
    }

    /**
     * The modality id whose media this dataset holds by default (e.g. a sound-event dataset names its
     * audio plugin), or empty when the caller must choose. Used by commands when {@code --modality}
     * is not given.
     */
    default java.util.Optional<String> defaultModality() {
        return java.util.Optional.empty();
    }

    /**
     * Reads the dataset under {@code root}.
     *
     * @param options reader options (e.g. {@code folds=1,2}); unknown keys are errors
     */
    Dataset load(Path root, Map<String, String> options) throws ListkitException;
}
