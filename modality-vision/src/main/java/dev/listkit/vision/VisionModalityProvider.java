package dev.listkit.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityProvider;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code "vision"} modality plugin (JPEG, PNG, BMP, GIF images). Registered in
 * {@code META-INF/services/dev.listkit.core.modality.ModalityProvider}.
 *
 * <pre>{@code
 * Modality v = ModalityRegistry.create("vision", Json.parse("{\"preset\":\"clip-64\"}"));
 * FloatTensor x = v.load(Path.of("dog.jpg"));     // (3, 64, 64)
 * }</pre>
 */
public final class VisionModalityProvider implements ModalityProvider {
    /** Provider id. */
    public static final String ID = "vision";
    /** Extensions this modality decodes. */
    public static final Set<String> EXTENSIONS =
            java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of("jpg", "jpeg", "png", "bmp", "gif")));
    private static final String TEMPLATES = "/dev/listkit/vision/zero-shot-templates.json";

    /** Prompt templates file format: {@code {"source": "...", "templates": ["a photo of a {}.", ...]}}. */
    record TemplateFile(String source, List<String> templates) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "images (JPEG/PNG/BMP/GIF) -> (3, S, S) normalised RGB; presets set size, crop, filter and mean/std";
    }

    @Override
    public List<String> presets() {
        return VisionPresets.names();
    }

    @Override
    public Modality create(JsonNode config) throws ConfigException {
        JsonNode node = config == null || config instanceof NullNode ? Json.object() : config;
        VisionConfig c = Json.bind(node, VisionConfig.class, "vision modality config");
        VisionSettings base = VisionPresets.get(c.preset() != null ? c.preset() : VisionPresets.DEFAULT);
        return new VisionModality(base.with(c), templates());
    }

    /** The default zero-shot prompt templates (a resource; CLIP's ImageNet subset). */
    public static List<String> templates() {
        try (InputStream in = VisionModalityProvider.class.getResourceAsStream(TEMPLATES)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATES);
            }
            TemplateFile f = Json.bind(Json.MAPPER.readTree(in), TemplateFile.class, TEMPLATES);
            List<String> out = new ArrayList<>(f.templates());
            for (String t : out) {
                if (!t.contains("{}")) {
                    throw new IllegalStateException(TEMPLATES + ": template without {}: " + t);
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(TEMPLATES, e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
