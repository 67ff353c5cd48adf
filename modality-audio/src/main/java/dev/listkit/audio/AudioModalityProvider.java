package dev.listkit.audio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.audio.mel.MelConfig;
import dev.listkit.audio.mel.MelPresets;
import dev.listkit.core.ConfigException;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityProvider;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code audio} modality plugin: log-mel spectrograms with the front-end presets of
 * {@link MelPresets}, configured by {@link AudioModalityConfig}.
 *
 * <pre>{@code
 * Modality audio = ModalityRegistry.create("audio", Json.parse("{\"preset\":\"laion-clap\",\"nMels\":32}"));
 * FloatTensor x = audio.load(Path.of("dog.wav")); // (1, 32, 1001)
 * }</pre>
 */
public final class AudioModalityProvider implements ModalityProvider {
    /** The provider id. */
    public static final String ID = "audio";
    private static final String TEMPLATES = "/dev/listkit/audio/zero-shot-templates.json";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "audio clips (wav, flac, ogg, mp3) as log-mel spectrograms";
    }

    @Override
    public List<String> presets() {
        return MelPresets.names();
    }

    @Override
    public Modality create(JsonNode config) throws ConfigException {
        AudioModalityConfig c = Json.bind(config, AudioModalityConfig.class, "audio modality config");
        if (!MelPresets.names().contains(c.preset())) {
            throw new ConfigException("audio modality config: unknown preset '" + c.preset() + "'"
                    + Suggestions.didYouMean(c.preset(), presets()) + "; presets: " + presets());
        }
        MelConfig.Builder b = MelPresets.get(c.preset()).toBuilder();
        if (c.nMels() != null) {
            b.setNMels(c.nMels());
        }
        if (c.hopLength() != null) {
            b.setHopLength(c.hopLength());
        }
        if (c.fMinHz() != null) {
            b.optFMinHz(c.fMinHz());
        }
        if (c.fMaxHz() != null) {
            b.optFMaxHz(c.fMaxHz());
        }
        MelConfig mel;
        try {
            mel = b.build();
        } catch (ConfigException e) {
            throw new ConfigException("audio modality config (preset " + c.preset() + "): " + e.getMessage(), e);
        }
        double clipSeconds = c.clipSeconds() != null ? c.clipSeconds() : MelPresets.clipSeconds(c.preset());
        if (!(clipSeconds > 0) || clipSeconds > 3600) {
            throw new ConfigException("audio modality config: clipSeconds must be in (0, 3600], got " + clipSeconds);
        }
        if (mel.frames((int) Math.round(clipSeconds * mel.sampleRateHz())) < 1) {
            throw new ConfigException("audio modality config: clipSeconds " + clipSeconds + " gives no frames");
        }
        return new AudioModality(c.preset(), mel, clipSeconds, c.specAugment(), templates());
    }

    private static List<String> templates() throws ConfigException {
        try (InputStream in = AudioModalityProvider.class.getResourceAsStream(TEMPLATES)) {
            if (in == null) {
                throw new ConfigException("missing resource " + TEMPLATES);
            }
            List<String> out = new ArrayList<>();
            Json.MAPPER.readTree(in).forEach(n -> out.add(n.asText()));
            return out;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + TEMPLATES + ": " + e.getMessage(), e);
        }
    }
}
