package dev.listkit.core.modality;

import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A configured modality: turns a media file into the fixed-shape tensor its encoders consume.
 * Instances are immutable and thread-safe, so a loader may call {@link #load} from many threads.
 *
 * <pre>{@code
 * Modality audio = ModalityRegistry.create("audio", Json.parse("{\"preset\":\"laion-clap\"}"));
 * FloatTensor mel = audio.load(Path.of("dog.wav"));        // (1, 64, frames)
 * FloatTensor aug = audio.augment(mel, new SplittableRandom(7));
 * }</pre>
 */
public interface Modality {
    /** The provider id this modality came from. */
    String id();

    /**
     * A stable hash of everything that changes what {@link #load} returns (preset, rates, sizes,
     * code version of the front end). Feature caches are keyed by it.
     */
    String fingerprint();

    /** The shape of one preprocessed sample, without the batch axis. */
    long[] sampleShape();

    /** File extensions (lower case, without dot) this modality can decode, e.g. {@code wav}. */
    Set<String> fileExtensions();

    /**
     * Decodes and preprocesses one file, deterministically: the same file and configuration give the
     * same tensor bit for bit.
     *
     * @throws MediaException naming the file and the reason when it cannot be decoded
     */
    FloatTensor load(Path media) throws MediaException;

    /**
     * Training-time augmentation of a preprocessed sample. Deterministic given the state of {@code rng};
     * returns a new tensor and leaves the input untouched.
     */
    FloatTensor augment(FloatTensor features, SplittableRandom rng);

    /** Default zero-shot prompt templates, each containing {@code {}} where the class name goes. */
    List<String> zeroShotTemplates();

    /**
     * Builds a trainable encoder for this modality's tensors. The block takes
     * {@code NDList(x)} with {@code x} shaped {@code (B, sampleShape...)} (the last axis may be shorter
     * or longer when the encoder accepts variable length) and returns
     * {@code NDList(pooled (B, D), tokens (B, T, D))}; the tokens feed the caption decoder's
     * cross-attention. The caller initialises the block and owns its parameters.
     *
     * @param spec the recipe's encoder section, e.g. {@code {"type":"cnn","widths":[16,32,64,128]}};
     *             unknown types or keys are errors listing what is accepted
     */
    default ai.djl.nn.Block encoder(com.fasterxml.jackson.databind.JsonNode spec)
            throws dev.listkit.core.ConfigException {
        throw new dev.listkit.core.ConfigException("modality '" + id() + "' offers no trainable encoder");
    }

    /**
     * The output width {@code D} of {@link #encoder(com.fasterxml.jackson.databind.JsonNode)} for this spec.
     */
    default int encoderDim(com.fasterxml.jackson.databind.JsonNode spec) throws dev.listkit.core.ConfigException {
        throw new dev.listkit.core.ConfigException("modality '" + id() + "' offers no trainable encoder");
    }

    /**
     * Caption words that name the medium rather than what a sample contains (for sound: "sound",
     * "heard", "recording"), in lower case. The data engine and reports treat them as stop words, so they
     * never count as concepts. Default: none.
     */
    default Set<String> captionStopWords() {
        return Set.of();
    }

    /**
     * The HTML element that shows a media file of this modality with the given extension in a web page
     * ({@code img}, {@code video}, or the element for sound), or empty when browsers cannot show that
     * format; reports then link the file. Reports ask this instead of knowing file types. Default: empty.
     *
     * @param extension lower case, without dot
     */
    default java.util.Optional<String> htmlMediaElement(String extension) {
        return java.util.Optional.empty();
    }

    /**
     * A picture of one preprocessed sample for reports (the data-engine gallery): by default the last two
     * axes of a rank-2 or rank-3 tensor as a heat map (first channel). Modalities override this to draw
     * what a person expects, e.g. a log-mel with low frequencies at the bottom or an image undoing the
     * normalisation.
     *
     * @param features a tensor returned by {@link #load}
     * @return the picture; its size follows the tensor, callers scale it
     * @throws IllegalArgumentException when the tensor cannot be drawn (rank other than 2 or 3)
     */
    default java.awt.image.BufferedImage preview(FloatTensor features) {
        return dev.listkit.core.data.TensorPictures.heatmap(features, true);
    }
}
