package dev.listkit.core.inference.ort;

import dev.listkit.core.ConfigException;
import dev.listkit.core.nn.CaptionDecoderConfig;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json} of an exported model directory: which graph file holds what, and the sizes the
 * runtime needs (the decoder's cache layout, the text input kind). The directory also holds the run's
 * {@code recipe.json} and {@code vocabulary.json}.
 *
 * @param format        always {@value #FORMAT}
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param opset         ONNX operator set of every graph
 * @param modelVersion  training step of the exported checkpoint
 * @param sourceRun     the run directory it was exported from
 * @param recipeSha256  SHA-256 of the recipe file
 * @param modalityId    modality plugin id
 * @param sampleShape   the modality's sample shape (without batch)
 * @param embedDim      joint embedding width E
 * @param textInput     {@code features} (frozen text features, width {@code textDim}) or {@code tokens}
 *                      (compact caption ids padded to at most {@code textLength})
 * @param textDim       width of the frozen text features
 * @param textLength    longest token sequence of the text tower / the decoder
 * @param decoder       caption decoder layout
 * @param graphs        graph file per role: modality, text, captionMemory, captionStep
 * @param tower         the frozen tower whose outputs the modality graph reads, copied into the directory
 *                      (null for a model whose encoder is part of the modality graph)
 */
public record OnnxModelManifest(String format, int formatVersion, int opset, long modelVersion, String sourceRun,
        String recipeSha256, String modalityId, List<Long> sampleShape, int embedDim, String textInput, int textDim,
        int textLength, Decoder decoder, Map<String, String> graphs, Tower tower) {
    /** The format name. */
    public static final String FORMAT = "listkit-onnx";
    /** The format version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's file name. */
    public static final String FILE = "model.json";
    /** Graph roles, each required. */
    public static final List<String> ROLES = List.of("modality", "text", "captionMemory", "captionStep");

    public OnnxModelManifest {
        sampleShape = sampleShape == null ? List.of() : List.copyOf(sampleShape);
        graphs = graphs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(graphs));
    }

    /**
     * The caption decoder's layout.
     *
     * @param layers decoder blocks (one past/present key/value pair each)
     * @param heads attention heads H
     * @param headDim head width hd
     * @param memoryDim width of the modality tokens
     * @param vocabSize V
     * @param maxLength positions including BOS
     * @param bosId first token
     * @param eosId end token
     * @param padId padding token
     */
    public record Decoder(int layers, int heads, int headDim, int memoryDim, int vocabSize, int maxLength,
            long bosId, long eosId, long padId) {
        /** The decoding settings the search strategies read. */
        public CaptionDecoderConfig config() throws ConfigException {
            return new CaptionDecoderConfig(vocabSize, heads * headDim, layers, heads, 4f, maxLength, memoryDim, bosId,
                    eosId, padId).validate();
        }
    }

    /**
     * A frozen tower carried with the model: the recipe's encoder spec with its files renamed to the copies
     * (paths relative to the model directory), the copies, and the tower's hash
     * ({@link dev.listkit.core.tower.FrozenEncoder#hash()}), checked when the model is opened.
     *
     * @param spec   the encoder spec ({@code "model"}, {@code "labels"}: relative to the model directory)
     * @param files  the copied files, relative to the model directory
     * @param sha256 the tower's hash when it was exported
     */
    public record Tower(com.fasterxml.jackson.databind.JsonNode spec, List<String> files, String sha256) {
        public Tower {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /** Reads and checks {@code dir/model.json}; errors name the file. */
    public static OnnxModelManifest read(Path dir) throws ConfigException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": missing; is " + dir + " a model directory written by 'listkit export'?");
        }
        OnnxModelManifest m;
        try {
            m = Json.bind(Json.MAPPER.readTree(file.toFile()), OnnxModelManifest.class, file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": not JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(m.format) || m.formatVersion != FORMAT_VERSION) {
            throw new ConfigException(file + ": expected format " + FORMAT + " version " + FORMAT_VERSION + ", found "
                    + m.format + " version " + m.formatVersion);
        }
        if (!List.of("features", "tokens").contains(m.textInput)) {
            throw new ConfigException(file + ": textInput must be 'features' or 'tokens', found '" + m.textInput + "'");
        }
        for (String role : ROLES) {
            if (m.graphs.get(role) == null) {
                throw new ConfigException(file + ": no graph for '" + role + "'; expected graphs " + ROLES + ", found "
                        + m.graphs.keySet());
            }
        }
        if (m.decoder == null) {
            throw new ConfigException(file + ": 'decoder' is missing");
        }
        return m;
    }

    /** The graph file of {@code role} in {@code dir}. */
    public Path graph(Path dir, String role) {
        return dir.resolve(graphs.get(role));
    }
}
