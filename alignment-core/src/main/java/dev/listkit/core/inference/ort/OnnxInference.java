package dev.listkit.core.inference.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.inference.EmbeddedCaptions;
import dev.listkit.core.inference.ShapeBatches;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.nn.BeamSearch;
import dev.listkit.core.nn.BeamSearchConfig;
import dev.listkit.core.nn.CaptionDecoderConfig;
import dev.listkit.core.nn.GreedySearch;
import dev.listkit.core.nn.Hypothesis;
import dev.listkit.core.nn.NucleusConfig;
import dev.listkit.core.nn.NucleusSampler;
import dev.listkit.core.onnx.graph.OnnxNames;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TokenizedBatch;
import dev.listkit.core.util.Vectors;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime computation behind {@link OnnxModel}, over an exported model directory
 * ({@link OnnxExporter}): the modality and text graphs give embeddings (L2-normalised here, as the DJL inference does); captions come
 * from the same greedy / beam / nucleus code as DJL ({@link GreedySearch} etc.) driving the KV-cached
 * {@code caption_step} graph. Frozen text features come from the MiniLM tower (also ONNX Runtime).
 *
 * <p>Owns its four sessions; the text tower and tokenizer are the caller's. Close it. Sessions are
 * thread-safe, so concurrent calls are allowed.
 */
public final class OnnxInference implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxInference.class);
    private final OrtEnvironment env;
    private final Path dir;
    private final OnnxModelManifest manifest;
    private final CaptionDecoderConfig decoding;
    private final OrtSession modality;
    private final OrtSession text;
    private final OrtSession memory;
    private final OrtSession step;
    private final String provider;
    private final Object[] inputDims; // modality input dims: Long fixed, String dynamic
    private final FrozenMiniLmTower textTower;
    private final CaptionTokenizer tokenizer;
    private final CaptionVocabulary vocabulary;

    /**
     * Opens the four graphs of {@code dir} and checks their inputs against {@code manifest}.
     *
     * @param textTower frozen features for {@code textInput = features} (else unused, may be null)
     * @throws ConfigException a missing graph, a file that is not an ONNX model, inputs that do not match
     *     (each names the file, and the expected and found inputs)
     */
    public OnnxInference(Path dir, OnnxModelManifest manifest, OrtOptions options, FrozenMiniLmTower textTower,
            CaptionTokenizer tokenizer, CaptionVocabulary vocabulary) throws ListkitException {
        this.env = OrtEnvironment.getEnvironment();
        this.dir = dir;
        this.manifest = manifest;
        this.decoding = manifest.decoder().config();
        this.textTower = textTower;
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        List<OrtSession> opened = new ArrayList<>();
        String[] chosen = new String[1];
        try (OrtSession.SessionOptions o = options.validate().sessionOptions(chosen)) {
            modality = open("modality", o, opened);
            text = open("text", o, opened);
            memory = open("captionMemory", o, opened);
            step = open("captionStep", o, opened);
            provider = chosen[0];
            inputDims = checkInputs();
        } catch (OrtException e) {
            closeAll(opened);
            throw new ListkitException(dir + ": cannot create ONNX Runtime sessions: " + e.getMessage(), e);
        } catch (ListkitException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
        LOG.info("ONNX Runtime {} provider for {} (threads {}, optimisation {})", provider, dir,
                options.threads() == 0 ? "default" : options.threads(), options.optimization());
    }

    /** The execution provider in use: "CUDA" or "CPU". */
    public String provider() {
        return provider;
    }

    /** L2-normalised joint-space embeddings of modality tensors, in input order: (N, E). */
    public float[][] embedModality(List<FloatTensor> items, int batchSize) throws ListkitException {
        float[][] out = new float[items.size()][];
        for (int[] idx : ShapeBatches.of(items, batchSize)) {
            try (OnnxTensor x = stack(items, idx); OrtSession.Result r = modality.run(Map.of(OnnxNames.INPUT, x))) {
                float[][] rows = rows((OnnxTensor) r.get(OnnxNames.EMBEDDING).orElseThrow()); // (B, E)
                for (int k = 0; k < idx.length; k++) {
                    out[idx[k]] = Vectors.normalized(rows[k]);
                }
            } catch (OrtException e) {
                throw runFailure("modality", e);
            }
        }
        return out;
    }

    /** L2-normalised joint-space embeddings of texts, in input order: (N, E). */
    public float[][] embed(List<String> texts) throws ListkitException {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        OnnxTensor input = null;
        try {
            if (manifest.textInput().equals("tokens")) {
                TokenizedBatch tok = tokenizer.encode(texts);
                long[] flat = new long[texts.size() * manifest.textLength()];
                for (int i = 0; i < texts.size(); i++) {
                    long[] ids = vocabulary.encode(tok.ids()[i], tok.attentionMask()[i], MiniLmResources.CLS_ID,
                            MiniLmResources.SEP_ID, manifest.textLength());
                    System.arraycopy(ids, 0, flat, i * manifest.textLength(), ids.length);
                }
                input = OnnxTensor.createTensor(env, LongBuffer.wrap(flat),
                        new long[] {texts.size(), manifest.textLength()}); // (N, L) compact ids
            } else {
                float[][] f = textTower.encode(texts); // (N, Dt)
                float[] flat = new float[f.length * manifest.textDim()];
                for (int i = 0; i < f.length; i++) {
                    System.arraycopy(f[i], 0, flat, i * manifest.textDim(), manifest.textDim());
                }
                input = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {f.length, manifest.textDim()});
            }
            String name = manifest.textInput().equals("tokens") ? OnnxNames.INPUT_IDS : OnnxNames.TEXT_FEATURES;
            try (OrtSession.Result r = text.run(Map.of(name, input))) {
                float[][] rows = rows((OnnxTensor) r.get(OnnxNames.EMBEDDING).orElseThrow());
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = Vectors.normalized(rows[i]);
                }
                return rows;
            }
        } catch (OrtException e) {
            throw runFailure("text", e);
        } finally {
            if (input != null) {
                input.close();
            }
        }
    }

    /**
     * Captions by {@code strategy}: one per input for greedy and beam, {@code candidates} for nucleus. The modality
     * graph runs in batches of {@code batchSize}; the decoder runs whole {@link ShapeBatches#groups} (one
     * {@code caption_step} run per token for every row of a group), each input keeping the random streams of its
     * place in its batch.
     */
    public List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException {
        return captions(items, batchSize, strategy, null);
    }

    /** {@link #embedModality} and {@link #captions} from one run of the modality graph per batch. */
    public EmbeddedCaptions embedAndCaption(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException {
        float[][] embeddings = new float[items.size()][];
        List<List<String>> captions = captions(items, batchSize, strategy, embeddings);
        return new EmbeddedCaptions(embeddings, captions);
    }

    /** Captions; when {@code embeddings} is not null, the normalised embeddings of the same run fill it. */
    private List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy,
            float[][] embeddings) throws ListkitException {
        strategy.validate();
        List<List<String>> out = new ArrayList<>(Collections.nCopies(items.size(), List.<String>of()));
        for (ShapeBatches.Group g : ShapeBatches.groups(items, batchSize, ShapeBatches.decodeInputs(strategy,
                batchSize))) {
            int n = g.items().length;
            List<List<long[]>> ids = new ArrayList<>();
            try (OnnxTensor tokens = encodeGroup(items, g, embeddings)) { // (G, T, Dm)
                OrtSession.Result kv = memory.run(Map.of(OnnxNames.MEMORY, tokens));
                OrtStepDecoder steps;
                try {
                    steps = new OrtStepDecoder(env, step, kv, manifest.decoder());
                } catch (OrtException | RuntimeException e) {
                    kv.close();
                    throw e;
                }
                try (steps) {
                    switch (strategy.kind()) {
                        case "beam" -> BeamSearch.generate(steps, decoding, n, new BeamSearchConfig(
                                strategy.beamSize(), strategy.lengthPenalty(), strategy.maxTokens()))
                                .forEach(h -> ids.add(List.of(h.tokens())));
                        case "nucleus" -> NucleusSampler.generate(steps, decoding, g.streams(), new NucleusConfig(
                                strategy.topP(), strategy.temperature(), strategy.candidates(), strategy.seed(),
                                strategy.maxTokens())).forEach(hs -> ids.add(hs.stream().map(Hypothesis::tokens)
                                .toList()));
                        default -> GreedySearch.generate(steps, decoding, n, strategy.maxTokens())
                                .forEach(t -> ids.add(List.of(t)));
                    }
                }
            } catch (OrtException e) {
                throw runFailure("captionStep", e);
            } catch (IllegalArgumentException e) { // e.g. maxTokens beyond the decoder's positions
                throw new ConfigException("caption strategy: " + e.getMessage(), e);
            }
            for (int k = 0; k < n; k++) {
                out.set(g.items()[k], ids.get(k).stream().map(t -> tokenizer.decode(vocabulary.decode(t)).strip())
                        .toList());
            }
        }
        return out;
    }

    /**
     * Runs the modality graph over each batch of {@code g} and returns the group's tokens as one tensor
     * (G, T, Dm), in group order; fills {@code embeddings} (normalised, by item index) when it is not null.
     */
    private OnnxTensor encodeGroup(List<FloatTensor> items, ShapeBatches.Group g, float[][] embeddings)
            throws ListkitException {
        float[] all = null;
        long[] shape = null;
        int row = 0;
        for (int[] idx : g.batches()) {
            try (OnnxTensor x = stack(items, idx); OrtSession.Result r = modality.run(Map.of(OnnxNames.INPUT, x))) {
                OnnxTensor tokens = (OnnxTensor) r.get(OnnxNames.TOKENS).orElseThrow(); // (B, T, Dm)
                long[] s = tokens.getInfo().getShape();
                int per = (int) (s[1] * s[2]);
                if (all == null) {
                    shape = new long[] {g.items().length, s[1], s[2]};
                    all = new float[g.items().length * per];
                }
                tokens.getFloatBuffer().get(all, row * per, idx.length * per);
                if (embeddings != null) {
                    float[][] rows = rows((OnnxTensor) r.get(OnnxNames.EMBEDDING).orElseThrow()); // (B, E)
                    for (int k = 0; k < idx.length; k++) {
                        embeddings[idx[k]] = Vectors.normalized(rows[k]);
                    }
                }
                row += idx.length;
            } catch (OrtException e) {
                throw runFailure("modality", e);
            }
        }
        try {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(all), shape);
        } catch (OrtException e) {
            throw runFailure("captionMemory", e);
        }
    }

    private OrtSession open(String role, OrtSession.SessionOptions o, List<OrtSession> opened)
            throws ConfigException {
        Path file = manifest.graph(dir, role);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": missing; model.json names it as the '" + role + "' graph of " + dir);
        }
        try {
            OrtSession s = env.createSession(file.toString(), o);
            opened.add(s);
            return s;
        } catch (OrtException e) {
            throw new ConfigException(file + ": not a loadable ONNX model (" + e.getMessage() + ")", e);
        }
    }

    /** Checks every graph's inputs against the manifest; returns the modality input's dims. */
    private Object[] checkInputs() throws OrtException, ConfigException {
        OnnxModelManifest.Decoder d = manifest.decoder();
        Object[] sample = new Object[manifest.sampleShape().size() + 1];
        sample[0] = "batch";
        for (int i = 0; i < manifest.sampleShape().size(); i++) {
            sample[i + 1] = manifest.sampleShape().get(i);
        }
        Object[] found = expect("modality", modality, Map.of(OnnxNames.INPUT, sample), true);
        if (manifest.textInput().equals("tokens")) {
            expect("text", text, Map.of(OnnxNames.INPUT_IDS, new Object[] {"batch", "tokens"}), false);
        } else {
            expect("text", text, Map.of(OnnxNames.TEXT_FEATURES, new Object[] {"batch", (long) manifest.textDim()}),
                    false);
        }
        expect("captionMemory", memory, Map.of(OnnxNames.MEMORY, new Object[] {"batch", "tokens",
            (long) d.memoryDim()}), false);
        Map<String, Object[]> stepInputs = new java.util.LinkedHashMap<>();
        stepInputs.put(OnnxNames.INPUT_IDS, new Object[] {"batch", "tokens"});
        Object[] kv = {"batch", (long) d.heads(), "tokens", (long) d.headDim()};
        for (int i = 0; i < d.layers(); i++) {
            for (String n : List.of(OnnxNames.crossKey(i), OnnxNames.crossValue(i), OnnxNames.pastKey(i),
                    OnnxNames.pastValue(i))) {
                stepInputs.put(n, kv);
            }
        }
        expect("captionStep", step, stepInputs, false);
        return found;
    }

    /**
     * Checks that {@code session} has exactly the {@code expected} inputs (names, ranks, sizes): a number
     * must match (or, with {@code fixedMayBeDynamic}, be a dynamic axis in the graph), a name must be a
     * dynamic axis.
     *
     * @return the modality input's dims as the graph declares them
     */
    private Object[] expect(String role, OrtSession session, Map<String, Object[]> expected, boolean fixedMayBeDynamic)
            throws OrtException, ConfigException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        StringBuilder foundText = new StringBuilder();
        for (Map.Entry<String, NodeInfo> e : inputs.entrySet()) {
            long[] shape = e.getValue().getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
            foundText.append(foundText.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(Arrays.toString(shape).replace("-1", "?"));
        }
        StringBuilder expectedText = new StringBuilder();
        for (Map.Entry<String, Object[]> e : expected.entrySet()) {
            expectedText.append(expectedText.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(Arrays.toString(e.getValue()).replaceAll("batch|tokens", "?"));
        }
        boolean ok = inputs.keySet().equals(expected.keySet());
        Object[] declared = null;
        for (Map.Entry<String, Object[]> e : expected.entrySet()) {
            if (!ok) {
                break;
            }
            long[] shape = ((TensorInfo) inputs.get(e.getKey()).getInfo()).getShape();
            Object[] want = e.getValue();
            ok = shape.length == want.length;
            declared = new Object[shape.length];
            for (int i = 0; ok && i < shape.length; i++) {
                declared[i] = shape[i] < 0 ? "dynamic" : (Object) shape[i];
                if (want[i] instanceof Long fixed) {
                    ok = shape[i] == fixed || (fixedMayBeDynamic && shape[i] < 0);
                } else {
                    ok = shape[i] < 0;
                }
            }
        }
        if (!ok) {
            throw new ConfigException(manifest.graph(dir, role) + ": inputs do not match " + OnnxModelManifest.FILE
                    + ": expected " + expectedText + "; found " + foundText);
        }
        return declared;
    }

    /** Items {@code idx} (one shape) as a (B, ...) tensor, after checking the shape against the graph. */
    private OnnxTensor stack(List<FloatTensor> items, int[] idx) throws ListkitException {
        long[] shape = items.get(idx[0]).shape();
        boolean ok = shape.length + 1 == inputDims.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = !(inputDims[i + 1] instanceof Long fixed) || fixed == shape[i];
        }
        if (!ok) {
            throw new ConfigException(manifest.graph(dir, "modality") + ": expects input (batch, "
                    + Arrays.toString(Arrays.copyOfRange(inputDims, 1, inputDims.length)).replaceAll("[\\[\\]]", "")
                    + "), found an item of shape " + Arrays.toString(shape));
        }
        try {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(ShapeBatches.stack(items, idx)),
                    ShapeBatches.shape(items, idx)); // (B, ...)
        } catch (OrtException e) {
            throw runFailure("modality", e);
        }
    }

    private static float[][] rows(OnnxTensor t) {
        long[] shape = t.getInfo().getShape();
        int n = (int) shape[0];
        int d = (int) shape[1];
        FloatBuffer fb = t.getFloatBuffer();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            fb.get(out[i]);
        }
        return out;
    }

    private ListkitException runFailure(String role, OrtException e) {
        return new ListkitException(manifest.graph(dir, role) + ": ONNX Runtime failed: " + e.getMessage(), e);
    }

    private static void closeAll(List<OrtSession> sessions) {
        for (OrtSession s : sessions) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // closing after a failure: the first error is what the caller needs
            }
        }
    }

    @Override
    public void close() throws ListkitException {
        try {
            modality.close();
            text.close();
            memory.close();
            step.close();
        } catch (OrtException e) {
            throw new ListkitException(dir + ": cannot close the ONNX Runtime sessions: " + e.getMessage(), e);
        }
    }
}
