package dev.listkit.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityProvider;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the modality that draws a sample's features: the run's own (from its {@code recipe.json}) when
 * it decodes the file's type, else the first installed modality that does, with its default
 * configuration. Modalities are created once per configuration.
 */
final class Previews {
    /**
     * @param modality the modality to load the file with, or null
     * @param note     why none, or which fallback was used; null for the run's own modality
     */
    record Choice(Modality modality, String note) {
    }

    private final Map<String, JsonNode> runModalities = new HashMap<>();
    private final Map<String, Object> created = new HashMap<>(); // config key → Modality or error text

    /** Registers the modality section of a run's recipe under the run's key. */
    void register(String runKey, JsonNode recipe) {
        if (recipe != null && recipe.path("modality").path("id").isTextual()) {
            runModalities.put(runKey, recipe.get("modality"));
        }
    }

    Choice forFile(Path media, String runKey) {
        String ext = MediaAssets.extension(media);
        JsonNode own = runModalities.get(runKey);
        String ownProblem = null;
        if (own != null) {
            Object m = create(own.get("id").asText(), own.path("config"));
            if (m instanceof Modality mod && mod.fileExtensions().contains(ext)) {
                return new Choice(mod, null);
            }
            ownProblem = m instanceof Modality mod ? "the run's modality '" + mod.id() + "' does not read ." + ext
                    : (String) m;
        }
        for (ModalityProvider p : ModalityRegistry.providers()) {
            Object m = create(p.id(), Json.object());
            if (m instanceof Modality mod && mod.fileExtensions().contains(ext)) {
                return new Choice(mod, (ownProblem == null ? "no recipe.json" : ownProblem) + "; drawn by '"
                        + mod.id() + "' with its default settings");
            }
        }
        return new Choice(null, "no installed modality reads ." + ext
                + (ownProblem == null ? "" : " (" + ownProblem + ")"));
    }

    /** The caption stop words of the run's own modality; empty when the run has none or it is unavailable. */
    Set<String> captionStopWords(String runKey) {
        JsonNode own = runModalities.get(runKey);
        if (own == null) {
            return Set.of();
        }
        return create(own.get("id").asText(), own.path("config")) instanceof Modality mod ? mod.captionStopWords()
                : Set.of();
    }

    private Object create(String id, JsonNode config) {
        String key = id + "\n" + config;
        return created.computeIfAbsent(key, k -> {
            try {
                return ModalityRegistry.create(id, config.isMissingNode() || config.isNull() ? Json.object() : config);
            } catch (ConfigException | RuntimeException e) {
                return "modality '" + id + "' unavailable: " + e.getMessage();
            }
        });
    }
}
