package dev.listkit.vision;

import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.modality.Modality;
import dev.listkit.vision.augment.ImageAugmenter;
import dev.listkit.vision.encoder.VisionEncoders;
import dev.listkit.vision.io.ImageDecoder;
import dev.listkit.vision.transform.Preprocessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Images as a modality: decode ({@link ImageDecoder}), resize and normalise ({@link Preprocessor}) to
 * {@code (3, S, S)}, augment ({@link ImageAugmenter}). Immutable and thread-safe.
 */
public final class VisionModality implements Modality {
    private static final Set<String> MEDIUM_WORDS = Set.of("photo", "picture", "image", "shows", "showing");
    private final VisionSettings settings;
    private final Preprocessor preprocessor;
    private final ImageAugmenter augmenter;
    private final String fingerprint;
    private final List<String> templates;

    VisionModality(VisionSettings settings, List<String> templates) {
        this.settings = settings;
        this.preprocessor = settings.preprocessor();
        this.augmenter = new ImageAugmenter(settings.augment(), preprocessor, settings.interpolation());
        this.fingerprint = settings.fingerprint();
        this.templates = List.copyOf(templates);
    }

    /** The resolved settings. */
    public VisionSettings settings() {
        return settings;
    }

    @Override
    public String id() {
        return VisionModalityProvider.ID;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public long[] sampleShape() {
        return new long[] {3, settings.imageSize(), settings.imageSize()}; // (3, S, S)
    }

    @Override
    public Set<String> fileExtensions() {
        return VisionModalityProvider.EXTENSIONS;
    }

    @Override
    public FloatTensor load(Path media) throws MediaException {
        return preprocessor.apply(ImageDecoder.decode(media));
    }

    @Override
    public FloatTensor augment(FloatTensor features, SplittableRandom rng) {
        return augmenter.apply(features, rng);
    }

    @Override
    public List<String> zeroShotTemplates() {
        return templates;
    }

    /** Words of picture captions that name the medium: never concepts for the data engine. */
    @Override
    public Set<String> captionStopWords() {
        return MEDIUM_WORDS;
    }

    /** Every format this modality decodes shows in an HTML {@code img} element. */
    @Override
    public java.util.Optional<String> htmlMediaElement(String extension) {
        return fileExtensions().contains(extension) ? java.util.Optional.of("img") : java.util.Optional.empty();
    }

    /** A ViT, ResNet or frozen ONNX backbone over this modality's (3, S, S) tensors; see {@link VisionEncoders}. */
    @Override
    public ai.djl.nn.Block encoder(com.fasterxml.jackson.databind.JsonNode spec)
            throws dev.listkit.core.ConfigException {
        return VisionEncoders.build(spec, settings);
    }

    @Override
    public int encoderDim(com.fasterxml.jackson.databind.JsonNode spec) throws dev.listkit.core.ConfigException {
        return VisionEncoders.dim(spec, settings);
    }

    /** The preprocessed image as a person sees it: the normalisation undone, (3, S, S) to RGB. */
    @Override
    public java.awt.image.BufferedImage preview(FloatTensor features) {
        return dev.listkit.core.data.TensorPictures.rgb(features, settings.normalization().meanArray(),
                settings.normalization().stdArray());
    }
}
