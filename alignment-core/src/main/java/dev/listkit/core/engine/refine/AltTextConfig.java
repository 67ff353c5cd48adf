package dev.listkit.core.engine.refine;

import dev.listkit.core.ConfigException;
import java.util.List;

/**
 * Configuration of the {@code alttext} refiner.
 *
 * @param metadataKeys metadata keys read as noisy alt-text (e.g. {@code title}, {@code tags}, {@code file})
 * @param template     prompt each concept is scored with; one {@code {}} (default {@code "{}"})
 * @param margin       keep concepts scoring at least (best − margin) (default 0.1)
 * @param maxConcepts  keep at most this many concepts (default 4)
 * @param maxAppended  append at most this many metadata-only concepts (default 2)
 */
public record AltTextConfig(List<String> metadataKeys, String template, Double margin, Integer maxConcepts,
                            Integer maxAppended) {
    public AltTextConfig {
        metadataKeys = metadataKeys == null ? List.of() : List.copyOf(metadataKeys);
        template = template == null ? "{}" : template;
        margin = margin == null ? 0.1 : margin;
        maxConcepts = maxConcepts == null ? 4 : maxConcepts;
        maxAppended = maxAppended == null ? 2 : maxAppended;
    }

    AltTextConfig validate() throws ConfigException {
        if (template.indexOf("{}") < 0 || template.indexOf("{}") != template.lastIndexOf("{}")) {
            throw new ConfigException("alttext: template needs exactly one {}: '" + template + "'");
        }
        if (!(margin >= 0) || maxConcepts < 1 || maxAppended < 0) {
            throw new ConfigException("alttext: margin >= 0, maxConcepts >= 1, maxAppended >= 0 required");
        }
        return this;
    }
}
