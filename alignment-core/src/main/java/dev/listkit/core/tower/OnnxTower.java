package dev.listkit.core.tower;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.util.Hashing;
import java.lang.ref.Cleaner;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frozen pretrained encoder on ONNX Runtime, for any modality: opens the model of an
 * {@link OnnxTowerSpec}, checks its input against the modality's tensors ({@link TowerInput}) and its named
 * outputs by running it once, and turns a batch into pooled vectors {@code (B, D)} and tokens
 * {@code (B, T, D)}: a {@code (B, C, H, W)} map becomes H·W tokens of width C (or {@code tokenGrid} cells),
 * a {@code (B, T, D)} sequence T tokens, a {@code (B, D)} vector one token.
 *
 * <p>Every problem found while opening is a {@link ConfigException} that names the file and what was
 * expected vs found, so a recipe fails before any training starts. The tower owns its ORT session:
 * {@link #close()} releases it (a tower that becomes unreachable unclosed is released by a {@link Cleaner}).
 * {@link #run} is thread-safe.
 */
public final class OnnxTower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxTower.class);
    private static final Cleaner CLEANER = Cleaner.create();
    /** Bumped when the way outputs become tokens changes (part of {@link #hash()}). */
    static final String VERSION = "onnx-tower-1";

    private final OnnxTowerSpec spec;
    private final TowerInput input;
    private final Path file;
    private final List<Path> files;
    private final String filesSha256;
    private final OrtSession session;
    private final Cleaner.Cleanable cleanable;
    private final String provider;
    private final String inputName;
    private final boolean fixedBatch;
    private final Set<String> outputs = new LinkedHashSet<>();
    private final int dim;
    private final int tokenRank; // rank of the token output (2, 3, 4), 0 when tokens = the pooled vector
    private final int[] grid; // (h, w) cells the tokens are pooled to, or null
    private final int tokenCount;
    private final List<String> labels; // null without a classifier
    private final String hash;

    /**
     * Opens and checks the model.
     *
     * @throws ConfigException the models root or a file is missing, the file is not ONNX, the input's rank or
     *     size does not fit the modality's tensors, a named output is missing or has the wrong rank or width,
     *     or the label file's length differs from the classifier output (each message names the file)
     */
    public OnnxTower(OnnxTowerSpec spec, TowerInput input) throws ConfigException {
        this.spec = spec;
        this.input = input;
        this.file = spec.modelPath();
        this.files = ModelFiles.of(file);
        this.filesSha256 = ModelFiles.sha256(files);
        Path labelFile = spec.labelsPath();
        List<String> names = labelFile == null ? null : LabelFile.read(labelFile);
        OrtSession s;
        String chosen;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            if (spec.threads() > 0) {
                o.setIntraOpNumThreads(spec.threads());
            }
            o.setInterOpNumThreads(1);
            chosen = OrtProviders.choose(o, true);
            s = OrtEnvironment.getEnvironment().createSession(file.toString(), o);
        } catch (OrtException e) {
            throw new ConfigException("onnx encoder " + file + ": not a loadable ONNX model: " + e.getMessage(), e);
        }
        session = s;
        provider = chosen;
        cleanable = CLEANER.register(this, new Release(s));
        try {
            inputName = checkInput();
            fixedBatch = batchFixed();
            Probe p = probe(labelFile, names);
            dim = p.dim;
            tokenRank = p.tokenRank;
            grid = p.grid;
            tokenCount = p.tokens;
            labels = names;
        } catch (ConfigException | RuntimeException e) {
            close();
            throw e;
        }
        hash = Hashing.sha256(String.join("|", VERSION, filesSha256, inputName, String.valueOf(spec.pooledOutput()),
                String.valueOf(spec.tokensOutput()), String.valueOf(spec.tokenGrid()), String.valueOf(
                        spec.classifierOutput()), names == null ? "-" : Hashing.sha256(String.join("\n", names)),
                input.fingerprint(), String.valueOf(spec.preprocess())));
        LOG.info("onnx encoder {}: {} provider, D {}, {} tokens, sha256 {}", file, provider, dim, tokenCount,
                filesSha256.substring(0, 12));
    }

    private record Release(OrtSession session) implements Runnable {
        @Override
        public void run() {
            try {
                session.close();
            } catch (OrtException e) {
                // nothing more to release
            }
        }
    }

    private String err(String message) {
        return "onnx encoder " + file + ": " + message;
    }

    private String checkInput() throws ConfigException {
        Map<String, NodeInfo> inputs;
        try {
            inputs = session.getInputInfo();
        } catch (OrtException e) {
            throw new ConfigException(err("cannot read its inputs: " + e.getMessage()), e);
        }
        String name = spec.input();
        if (OnnxTowerSpec.blank(name)) {
            if (inputs.size() != 1) {
                throw new ConfigException(err("expected one input, found " + inputs.keySet()
                        + "; name the one to use with 'input'"));
            }
            name = inputs.keySet().iterator().next();
        } else if (!inputs.containsKey(name)) {
            throw new ConfigException(err("expected an input '" + name + "', found " + inputs.keySet()));
        }
        long[] shape = floatShape(inputs.get(name), "input '" + name + "'");
        long[] sample = input.sampleShape();
        long[] expected = new long[sample.length + 1];
        expected[0] = -1;
        System.arraycopy(sample, 0, expected, 1, sample.length);
        boolean ok = shape.length == expected.length;
        for (int i = 1; ok && i < shape.length; i++) {
            ok = shape[i] < 0 || shape[i] == expected[i];
        }
        if (!ok) {
            throw new ConfigException(err("input '" + name + "' has shape " + dims(shape) + " (rank " + shape.length
                    + "); the " + input.modality() + " modality makes " + dims(expected) + " (rank " + expected.length
                    + ")" + (input.hint().isEmpty() ? "" : "; " + input.hint())));
        }
        return name;
    }

    private boolean batchFixed() throws ConfigException {
        try {
            long b = ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape()[0];
            return b == 1;
        } catch (OrtException e) {
            throw new ConfigException(err("cannot read its inputs: " + e.getMessage()), e);
        }
    }

    private record Probe(int dim, int tokenRank, int[] grid, int tokens) {
    }

    /** Checks the named outputs exist, then runs one zero sample to learn their shapes. */
    private Probe probe(Path labelFile, List<String> names) throws ConfigException {
        Map<String, NodeInfo> declared;
        try {
            declared = session.getOutputInfo();
        } catch (OrtException e) {
            throw new ConfigException(err("cannot read its outputs: " + e.getMessage()), e);
        }
        for (String name : new String[] {spec.pooledOutput(), spec.tokensOutput(), spec.classifierOutput()}) {
            if (!OnnxTowerSpec.blank(name)) {
                if (!declared.containsKey(name)) {
                    throw new ConfigException(err("expected an output '" + name + "', found " + declared.keySet()));
                }
                floatShape(declared.get(name), "output '" + name + "'");
                outputs.add(name);
            }
        }
        long[] sample = input.sampleShape();
        long[] probe = new long[sample.length + 1];
        probe[0] = 1;
        System.arraycopy(sample, 0, probe, 1, sample.length);
        int n = (int) Arrays.stream(sample).reduce(1, (a, b) -> a * b);
        Map<String, long[]> shapes = new java.util.HashMap<>();
        try (OnnxTensor in = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.allocate(n), probe);
                OrtSession.Result out = session.run(Map.of(inputName, in), outputs)) {
            for (String name : outputs) {
                shapes.put(name, ((OnnxTensor) out.get(name).orElseThrow()).getInfo().getShape());
            }
        } catch (OrtException e) {
            throw new ConfigException(err("running it on one zero sample " + dims(probe) + " failed: " + e.getMessage()),
                    e);
        }
        long[] pooled = OnnxTowerSpec.blank(spec.pooledOutput()) ? null : shapes.get(spec.pooledOutput());
        long[] tokens = OnnxTowerSpec.blank(spec.tokensOutput()) ? null : shapes.get(spec.tokensOutput());
        if (pooled != null && (pooled.length != 2 || pooled[0] != 1)) {
            throw new ConfigException(err("pooled output '" + spec.pooledOutput() + "' has shape " + dims(pooled)
                    + " for one sample; expected [1, D]"));
        }
        int tokenRank = tokens == null ? 0 : tokens.length;
        if (tokens != null && (tokenRank < 2 || tokenRank > 4 || tokens[0] != 1)) {
            throw new ConfigException(err("tokens output '" + spec.tokensOutput() + "' has shape " + dims(tokens)
                    + " for one sample; expected [1, C, H, W], [1, T, D] or [1, D]"));
        }
        long d = tokens == null ? pooled[1] : switch (tokenRank) {
            case 2 -> tokens[1]; // (B, D)
            case 3 -> tokens[2]; // (B, T, D)
            default -> tokens[1]; // (B, C, H, W)
        };
        if (pooled != null && pooled[1] != d) {
            throw new ConfigException(err("pooled output '" + spec.pooledOutput() + "' has width " + pooled[1]
                    + " but the tokens of '" + spec.tokensOutput() + "' have width " + d + "; expected equal widths"));
        }
        long h = tokenRank == 4 ? tokens[2] : 1; // the token layout before pooling: h × w cells
        long w = switch (tokenRank) {
            case 4 -> tokens[3];
            case 3 -> tokens[1];
            default -> 1;
        };
        int[] g = null;
        List<Integer> tg = spec.tokenGrid();
        if (tg != null) {
            if (tokenRank == 2 || tokenRank == 0) {
                if (tg.get(0) != 1 || tg.get(1) != 1) {
                    throw new ConfigException(err("tokenGrid " + tg + " needs a token map or sequence; the tokens are "
                            + "one vector (expected [1, 1] or no tokenGrid)"));
                }
            } else if (tg.get(0) > h || tg.get(1) > w || (tokenRank == 3 && tg.get(0) != 1)) {
                throw new ConfigException(err("tokenGrid " + tg + " does not fit the tokens of '" + spec.tokensOutput()
                        + "', " + h + " × " + w + " cells for one sample" + (tokenRank == 3 ? " (a sequence takes [1, n])"
                        : "")));
            }
            g = new int[] {tg.get(0), tg.get(1)};
        }
        int count = g != null ? g[0] * g[1] : (int) (h * w);
        if (!OnnxTowerSpec.blank(spec.classifierOutput())) {
            long[] c = shapes.get(spec.classifierOutput());
            if (c.length != 2 || c[0] != 1) {
                throw new ConfigException(err("classifier output '" + spec.classifierOutput() + "' has shape "
                        + dims(c) + " for one sample; expected [1, K]"));
            }
            if (c[1] != names.size()) {
                throw new ConfigException("onnx encoder label file " + labelFile + ": " + names.size()
                        + " class names, but the classifier output '" + spec.classifierOutput() + "' of " + file
                        + " has " + c[1] + "; expected one name per output");
            }
        }
        return new Probe((int) d, tokenRank, g, count);
    }

    private long[] floatShape(NodeInfo info, String what) throws ConfigException {
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
            throw new ConfigException(err(what + " is " + info.getInfo() + "; expected a float32 tensor"));
        }
        return t.getShape();
    }

    static String dims(long[] shape) {
        return Arrays.toString(Arrays.stream(shape).mapToObj(v -> v < 0 ? "?" : Long.toString(v)).toArray());
    }

    /**
     * Runs the tower on a batch of the modality's tensors.
     *
     * @param batch (B, sampleShape...) values; not changed
     * @param shape the batch shape
     * @throws ListkitException ONNX Runtime failed on this batch (the message names the model and the shape)
     */
    public TowerOutputs run(float[] batch, long[] shape) throws ListkitException {
        int b = (int) shape[0];
        if (fixedBatch && b > 1) {
            return runOneByOne(batch, shape);
        }
        float[] x = batch.clone();
        if (input.transform() != null) {
            input.transform().apply(x, shape);
        }
        float[] pooled = new float[b * dim];
        float[] tokens = new float[b * tokenCount * dim];
        float[] logits = null;
        int classes = 0;
        try (OnnxTensor in = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(x), shape);
                OrtSession.Result out = session.run(Map.of(inputName, in), outputs)) {
            float[] tok = null;
            long[] tokShape = null;
            if (!OnnxTowerSpec.blank(spec.tokensOutput())) {
                OnnxTensor t = (OnnxTensor) out.get(spec.tokensOutput()).orElseThrow();
                tok = values(t);
                tokShape = t.getInfo().getShape();
            }
            if (!OnnxTowerSpec.blank(spec.pooledOutput())) {
                float[] p = values((OnnxTensor) out.get(spec.pooledOutput()).orElseThrow());
                System.arraycopy(p, 0, pooled, 0, pooled.length);
            }
            if (tok == null) {
                System.arraycopy(pooled, 0, tokens, 0, pooled.length); // the pooled vector is the one token
            } else {
                tokenize(tok, tokShape, b, pooled, tokens, OnnxTowerSpec.blank(spec.pooledOutput()));
            }
            if (!OnnxTowerSpec.blank(spec.classifierOutput())) {
                logits = values((OnnxTensor) out.get(spec.classifierOutput()).orElseThrow());
                classes = labels.size();
            }
        } catch (OrtException | RuntimeException e) {
            throw new ListkitException(err("inference failed on a " + dims(shape) + " batch: " + e.getMessage()), e);
        }
        return new TowerOutputs(b, dim, tokenCount, pooled, tokens, classes, logits);
    }

    private TowerOutputs runOneByOne(float[] batch, long[] shape) throws ListkitException {
        int b = (int) shape[0];
        int per = batch.length / b;
        long[] one = shape.clone();
        one[0] = 1;
        float[] pooled = new float[b * dim];
        float[] tokens = new float[b * tokenCount * dim];
        float[] logits = labels == null ? null : new float[b * labels.size()];
        for (int i = 0; i < b; i++) {
            TowerOutputs o = run(Arrays.copyOfRange(batch, i * per, (i + 1) * per), one);
            System.arraycopy(o.pooled(), 0, pooled, i * dim, dim);
            System.arraycopy(o.tokenValues(), 0, tokens, i * tokenCount * dim, tokenCount * dim);
            if (logits != null) {
                System.arraycopy(o.logits(), 0, logits, i * o.classes(), o.classes());
            }
        }
        return new TowerOutputs(b, dim, tokenCount, pooled, tokens, labels == null ? 0 : labels.size(), logits);
    }

    /**
     * Turns the raw token output into (B, T, D) tokens, pooled to the grid when one is set; fills the pooled
     * vector with the mean of all raw tokens when {@code meanPooled}.
     */
    private void tokenize(float[] raw, long[] shape, int b, float[] pooled, float[] tokens, boolean meanPooled) {
        int d = dim;
        int h = tokenRank == 4 ? (int) shape[2] : 1;
        int w = switch (tokenRank) {
            case 4 -> (int) shape[3];
            case 3 -> (int) shape[1];
            default -> 1;
        };
        int gh = grid == null ? h : grid[0];
        int gw = grid == null ? w : grid[1];
        if (gh * gw != tokenCount) {
            throw new IllegalStateException("the tokens output has " + h + " × " + w + " cells for this batch; the "
                    + "probe found " + tokenCount + " tokens: set tokenGrid to fix the token count");
        }
        for (int i = 0; i < b; i++) {
            for (int c = 0; c < d; c++) {
                double sum = 0;
                for (int y = 0; y < gh; y++) {
                    int y0 = y * h / gh;
                    int y1 = ((y + 1) * h + gh - 1) / gh;
                    for (int x = 0; x < gw; x++) {
                        int x0 = x * w / gw;
                        int x1 = ((x + 1) * w + gw - 1) / gw;
                        double cell = 0;
                        for (int yy = y0; yy < y1; yy++) {
                            for (int xx = x0; xx < x1; xx++) {
                                cell += raw[rawIndex(i, c, yy, xx, d, h, w)];
                            }
                        }
                        tokens[(i * tokenCount + y * gw + x) * d + c] = (float) (cell / ((y1 - y0) * (x1 - x0)));
                    }
                }
                if (meanPooled) {
                    for (int yy = 0; yy < h; yy++) {
                        for (int xx = 0; xx < w; xx++) {
                            sum += raw[rawIndex(i, c, yy, xx, d, h, w)];
                        }
                    }
                    pooled[i * d + c] = (float) (sum / (h * w));
                }
            }
        }
    }

    /** Index of sample i, channel c, cell (y, x) in the raw output: (B, C, H, W), (B, T, D) or (B, D). */
    private int rawIndex(int i, int c, int y, int x, int d, int h, int w) {
        return switch (tokenRank) {
            case 4 -> ((i * d + c) * h + y) * w + x;
            case 3 -> (i * w + x) * d + c;
            default -> i * d + c;
        };
    }

    private static float[] values(OnnxTensor t) {
        FloatBuffer fb = t.getFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        return v;
    }

    /** Width D of the pooled vector and of each token. */
    public int dim() {
        return dim;
    }

    /** Tokens per sample T. */
    public int tokenCount() {
        return tokenCount;
    }

    /** The classifier's class names in output order, or null when the tower has no classifier. */
    public List<String> labels() {
        return labels;
    }

    /** The spec it was opened from. */
    public OnnxTowerSpec spec() {
        return spec;
    }

    /** The model file. */
    public Path file() {
        return file;
    }

    /** The model file and its external data files. */
    public List<Path> files() {
        return files;
    }

    /** SHA-256 of the model's files alone. */
    public String filesSha256() {
        return filesSha256;
    }

    /**
     * SHA-256 of everything that decides the outputs: the model's files, the outputs used, the token grid,
     * the labels and the plugin's input mapping. Caches of tower outputs are keyed by it.
     */
    public String hash() {
        return hash;
    }

    /** {@code "CUDA"} or {@code "CPU"}. */
    public String provider() {
        return provider;
    }

    /** Releases the ORT session. */
    @Override
    public void close() {
        cleanable.clean();
    }
}
