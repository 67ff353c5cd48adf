package dev.listkit.audio;

import dev.listkit.audio.augment.ClipFitter;
import dev.listkit.audio.augment.SpecAugment;
import dev.listkit.audio.augment.SpecAugmentConfig;
import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.io.DecodeLimits;
import dev.listkit.audio.io.PcmAudio;
import dev.listkit.audio.io.Resampler;
import dev.listkit.audio.mel.LogMelSpectrogram;
import dev.listkit.audio.mel.MelConfig;
import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Audio as log-mel spectrograms: decode → resample to the preset rate → keep the first
 * {@code clipSeconds} (zero-padded at the end) → {@link LogMelSpectrogram}. Only the start of a file
 * that the clip needs is decoded and resampled (the result is bit-identical to resampling the whole
 * file, then cropping), within {@link DecodeLimits#DEFAULT}. Immutable and thread-safe.
 * Created by {@link AudioModalityProvider}.
 */
public final class AudioModality implements Modality {
    /** Bumped whenever the front end's output changes for an unchanged config (part of the fingerprint). */
    public static final String FRONT_END_VERSION = "audio-logmel-2"; // 2: float32 block FFT, fast log, torch-float32 windows
    private static final Set<String> EXTENSIONS = java.util.Collections.unmodifiableSet(
            new java.util.LinkedHashSet<>(List.of("wav", "flac", "ogg", "mp3"))); // wav first
    private static final Set<String> MEDIUM_WORDS = Set.of("heard", "hear", "hearing", "sound", "sounds", "noise",
            "noises", "recording", "recorded", "background");

    private final String preset;
    private final MelConfig mel;
    private final double clipSeconds;
    private final SpecAugmentConfig augmentConfig;
    private final LogMelSpectrogram front;
    private final ClipFitter fitter;
    private final SpecAugment specAugment;
    private final List<String> templates;
    private final String fingerprint;

    AudioModality(String preset, MelConfig mel, double clipSeconds, SpecAugmentConfig augmentConfig,
            List<String> templates) {
        this.preset = preset;
        this.mel = mel;
        this.clipSeconds = clipSeconds;
        this.augmentConfig = augmentConfig;
        this.front = new LogMelSpectrogram(mel);
        this.fitter = new ClipFitter(clipSamples(), ClipFitter.Fill.ZEROS);
        this.specAugment = new SpecAugment(augmentConfig);
        this.templates = List.copyOf(templates);
        this.fingerprint = Hashing.sha256(Json.write(resolved()));
    }

    /** The fully resolved configuration (what the fingerprint hashes). */
    public Map<String, Object> resolved() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frontEnd", FRONT_END_VERSION);
        m.put("decoder", AudioDecoder.VERSION);
        m.put("preset", preset);
        m.put("mel", mel);
        m.put("clipSeconds", clipSeconds);
        m.put("clipSamples", clipSamples());
        m.put("crop", "start");
        m.put("fill", fitter.fill().name());
        m.put("specAugment", augmentConfig);
        return m;
    }

    /** The mel configuration after overrides. */
    public MelConfig melConfig() {
        return mel;
    }

    /** Clip length in samples at the preset rate. */
    public int clipSamples() {
        return (int) Math.round(clipSeconds * mel.sampleRateHz());
    }

    @Override
    public String id() {
        return AudioModalityProvider.ID;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public long[] sampleShape() {
        return new long[] {1, mel.nMels(), mel.frames(clipSamples())}; // (1, nMels, frames)
    }

    @Override
    public Set<String> fileExtensions() {
        return EXTENSIONS;
    }

    @Override
    public FloatTensor load(Path media) throws MediaException {
        // Crop before resampling: decode only the input under the clip's resampled window.
        int target = mel.sampleRateHz();
        int clip = clipSamples();
        PcmAudio pcm = AudioDecoder.decode(media, DecodeLimits.DEFAULT,
                rateHz -> Resampler.inputSamplesFor(rateHz, target, clip));
        float[] samples;
        try {
            samples = Resampler.resample(pcm.samples(), pcm.sampleRateHz(), mel.sampleRateHz());
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new MediaException(media, "cannot resample " + pcm.sampleRateHz() + " Hz to "
                    + mel.sampleRateHz() + " Hz: " + e.getMessage(), e);
        }
        return front.compute(fitter.fitStart(samples)); // (1, nMels, frames)
    }

    /** Log-mel of samples already at the preset rate (cropped/padded like {@link #load}). */
    public FloatTensor fromSamples(float[] samples) {
        return front.compute(fitter.fitStart(samples));
    }

    @Override
    public FloatTensor augment(FloatTensor features, SplittableRandom rng) {
        return specAugment.apply(features, rng);
    }

    @Override
    public List<String> zeroShotTemplates() {
        return templates;
    }

    /** Words of sound captions that name the medium: never concepts for the data engine. */
    @Override
    public Set<String> captionStopWords() {
        return MEDIUM_WORDS;
    }

    /** Every format this modality decodes plays in an HTML {@code audio} element. */
    @Override
    public java.util.Optional<String> htmlMediaElement(String extension) {
        return EXTENSIONS.contains(extension) ? java.util.Optional.of("audio") : java.util.Optional.empty();
    }

    /**
     * An encoder for this modality's log-mels: trainable {@code cnn} (any length) or {@code transformer}
     * (a fixed grid of {@code nMels} × frames, frames rounded down to whole patches), or a frozen pretrained
     * {@code onnx} model ({@link dev.listkit.audio.encoder.AudioTower}; the caller closes it).
     */
    @Override
    public ai.djl.nn.Block encoder(com.fasterxml.jackson.databind.JsonNode spec)
            throws dev.listkit.core.ConfigException {
        if (dev.listkit.core.tower.OnnxTowerSpec.isOnnx(spec)) {
            return dev.listkit.audio.encoder.AudioTower.build(spec, sampleShape(), preset);
        }
        dev.listkit.audio.encoder.AudioEncoderSpec s = dev.listkit.audio.encoder.AudioEncoderSpec.parse(spec);
        long[] shape = sampleShape(); // (1, nMels, frames)
        if (s.type().equals("cnn")) {
            return new dev.listkit.audio.encoder.CnnEncoder(s.cnn());
        }
        return new dev.listkit.audio.encoder.PatchTransformerEncoder(s.transformer((int) shape[1], (int) shape[2]));
    }

    @Override
    public int encoderDim(com.fasterxml.jackson.databind.JsonNode spec) throws dev.listkit.core.ConfigException {
        if (dev.listkit.core.tower.OnnxTowerSpec.isOnnx(spec)) {
            try (dev.listkit.core.tower.FrozenOnnxEncoder e = dev.listkit.audio.encoder.AudioTower.build(spec,
                    sampleShape(), preset)) {
                return e.dim();
            }
        }
        dev.listkit.audio.encoder.AudioEncoderSpec s = dev.listkit.audio.encoder.AudioEncoderSpec.parse(spec);
        long[] shape = sampleShape();
        return s.type().equals("cnn") ? s.cnn().dim() : s.transformer((int) shape[1], (int) shape[2]).dim();
    }

    /** The log-mel as a heat map: time to the right, low frequencies at the bottom. */
    @Override
    public java.awt.image.BufferedImage preview(FloatTensor features) {
        return dev.listkit.core.data.TensorPictures.heatmap(features, false); // (1, mels, frames)
    }
}
