package dev.listkit.vision.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.listkit.core.ConfigException;
import dev.listkit.vision.transform.Normalization;
import java.lang.ref.Cleaner;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A frozen ONNX image backbone ({@link OnnxBackboneSpec}) as a parameterless DJL block run through ONNX
 * Runtime. Input: the vision modality's normalised {@code (B, 3, S, S)} tensor; the block undoes the
 * modality's normalisation and applies the model's own mean/std, runs the model and returns
 * {@code NDList(pooled (B, D), tokens (B, T, D))}. No gradient reaches the backbone.
 *
 * <p>The block owns its ORT session: {@link #close()} releases it; a block that becomes unreachable
 * without being closed is released by a {@link Cleaner}.
 */
public final class OnnxBackbone extends AbstractBlock implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OnnxBackboneSpec spec;
    private final Path file;
    private final OrtSession session;
    private final Cleaner.Cleanable cleanable;
    private final String inputName;
    private final int dim;
    private final int tokenRank;
    private long tokenCount;
    private final float[] scale = new float[3]; // backbone = modality * scale + shift, per channel
    private final float[] shift = new float[3];

    /**
     * Opens and checks the model.
     *
     * @param modalityNorm the normalisation the vision modality applied to its tensors
     * @param imageSize    the vision modality's image side S
     */
    public OnnxBackbone(OnnxBackboneSpec spec, Normalization modalityNorm, int imageSize) throws ConfigException {
        super((byte) 1);
        this.spec = spec;
        this.file = spec.modelPath();
        if (spec.inputSize() != imageSize) {
            throw new ConfigException("onnx encoder " + file + ": inputSize " + spec.inputSize()
                    + " but the vision modality makes " + imageSize + " px images; set modality.config.imageSize="
                    + spec.inputSize());
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("onnx encoder: model file " + file + " not found");
        }
        OrtSession s;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setInterOpNumThreads(1);
            s = OrtEnvironment.getEnvironment().createSession(file.toString(), opts);
        } catch (OrtException e) {
            throw new ConfigException("onnx encoder: " + file + " is not a loadable ONNX model: " + e.getMessage(), e);
        }
        session = s;
        cleanable = CLEANER.register(this, new Release(s));
        try {
            inputName = checkInput(spec, imageSize);
            int[] out = checkOutputs(spec, imageSize);
            dim = out[0];
            tokenRank = out[1];
        } catch (ConfigException | RuntimeException e) {
            close();
            throw e;
        }
        float[] mm = modalityNorm.meanArray();
        float[] ms = modalityNorm.stdArray();
        float[] bm = spec.normalization().meanArray();
        float[] bs = spec.normalization().stdArray();
        for (int c = 0; c < 3; c++) {
            // raw = x * ms + mm; backbone = (raw - bm) / bs
            scale[c] = ms[c] / bs[c];
            shift[c] = (mm[c] - bm[c]) / bs[c];
        }
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

    private String checkInput(OnnxBackboneSpec spec, int imageSize) throws ConfigException {
        Map<String, NodeInfo> inputs;
        try {
            inputs = session.getInputInfo();
        } catch (OrtException e) {
            throw new ConfigException("onnx encoder " + file + ": cannot read inputs: " + e.getMessage(), e);
        }
        String name = spec.input();
        if (name == null) {
            if (inputs.size() != 1) {
                throw new ConfigException("onnx encoder " + file + ": the model has inputs " + inputs.keySet()
                        + "; name the image input with 'input'");
            }
            name = inputs.keySet().iterator().next();
        } else if (!inputs.containsKey(name)) {
            throw new ConfigException("onnx encoder " + file + ": no input '" + name + "'; inputs: " + inputs.keySet());
        }
        long[] shape = tensorShape(inputs.get(name), "input '" + name + "'");
        long[] expected = {-1, 3, imageSize, imageSize};
        boolean ok = shape.length == 4 && (shape[1] == 3 || shape[1] < 0);
        for (int i = 2; ok && i < 4; i++) {
            ok = shape[i] < 0 || shape[i] == imageSize;
        }
        if (!ok) {
            throw new ConfigException("onnx encoder " + file + ": input '" + name + "' has shape " + dims(shape)
                    + "; expected " + dims(expected) + " (B, 3, inputSize, inputSize)");
        }
        return name;
    }

    /**
     * Checks the outputs' names and types, then runs the model once on a zero {@code (1, 3, S, S)} image
     * to learn the output shapes (exported models often leave them symbolic); returns {D, token rank}.
     */
    private int[] checkOutputs(OnnxBackboneSpec spec, int imageSize) throws ConfigException {
        Map<String, NodeInfo> outputs;
        try {
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new ConfigException("onnx encoder " + file + ": cannot read outputs: " + e.getMessage(), e);
        }
        for (String name : new String[] {spec.output(), spec.pooledOutput()}) {
            if (name != null && !outputs.containsKey(name)) {
                throw new ConfigException("onnx encoder " + file + ": no output '" + name + "'; outputs: "
                        + outputs.keySet());
            }
            if (name != null) {
                tensorShape(outputs.get(name), "output '" + name + "'");
            }
        }
        long[] shape;
        long[] pooled = null;
        long[] probe = {1, 3, imageSize, imageSize};
        try (OnnxTensor in = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                FloatBuffer.allocate(3 * imageSize * imageSize), probe);
                OrtSession.Result out = session.run(Map.of(inputName, in))) {
            shape = ((OnnxTensor) out.get(spec.output()).orElseThrow()).getInfo().getShape();
            if (spec.pooledOutput() != null) {
                pooled = ((OnnxTensor) out.get(spec.pooledOutput()).orElseThrow()).getInfo().getShape();
            }
        } catch (OrtException e) {
            throw new ConfigException("onnx encoder " + file + ": running the model on a " + dims(probe)
                    + " image failed: " + e.getMessage(), e);
        }
        long d = switch (shape.length) {
            case 2 -> shape[1]; // (B, D)
            case 3 -> shape[2]; // (B, T, D)
            case 4 -> shape[1]; // (B, D, H, W)
            default -> throw new ConfigException("onnx encoder " + file + ": output '" + spec.output() + "' has shape "
                    + dims(shape) + " for one image; expected (B, T, D), (B, D, H, W) or (B, D)");
        };
        if (shape[0] != 1) {
            throw new ConfigException("onnx encoder " + file + ": output '" + spec.output() + "' has shape "
                    + dims(shape) + " for one image; expected the batch first");
        }
        if (pooled != null && (pooled.length != 2 || pooled[0] != 1 || pooled[1] != d)) {
            throw new ConfigException("onnx encoder " + file + ": pooled output '" + spec.pooledOutput()
                    + "' has shape " + dims(pooled) + " for one image; expected [1, " + d + "] (the token width)");
        }
        tokenCount = switch (shape.length) {
            case 2 -> 1;
            case 3 -> shape[1];
            default -> shape[2] * shape[3];
        };
        return new int[] {(int) d, shape.length};
    }

    private long[] tensorShape(NodeInfo info, String what) throws ConfigException {
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new ConfigException("onnx encoder " + file + ": " + what + " is " + info.getInfo()
                    + "; expected a float32 tensor");
        }
        return t.getShape();
    }

    private static String dims(long[] shape) {
        return Arrays.toString(Arrays.stream(shape).mapToObj(v -> v < 0 ? "?" : Long.toString(v)).toArray());
    }

    /** Output width D. */
    public int dim() {
        return dim;
    }

    /** The spec. */
    public OnnxBackboneSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, 3, S, S), modality-normalised
        NDManager manager = x.getManager();
        long[] shape = x.getShape().getShape();
        float[] data = x.toFloatArray();
        int plane = (int) (shape[2] * shape[3]);
        for (int i = 0; i < data.length; i++) {
            int c = (i / plane) % 3;
            data[i] = data[i] * scale[c] + shift[c];
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                OrtSession.Result out = session.run(Map.of(inputName, in))) {
            NDArray tokens = toNd(manager, (OnnxTensor) out.get(spec.output()).orElseThrow());
            long b = shape[0];
            tokens = switch (tokenRank) {
                case 2 -> tokens.reshape(b, 1, dim); // (B, 1, D)
                case 4 -> tokens.reshape(b, dim, -1).transpose(0, 2, 1); // (B, H*W, D)
                default -> tokens; // (B, T, D)
            };
            NDArray pooled = spec.pooledOutput() == null ? tokens.mean(new int[] {1}) // (B, D)
                    : toNd(manager, (OnnxTensor) out.get(spec.pooledOutput()).orElseThrow());
            return new NDList(pooled, tokens);
        } catch (OrtException e) {
            throw new IllegalStateException("onnx encoder " + file + ": inference failed: " + e.getMessage(), e);
        }
    }

    private static NDArray toNd(NDManager manager, OnnxTensor t) {
        FloatBuffer fb = t.getFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        return manager.create(v, new Shape(t.getInfo().getShape()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long b = inputs[0].get(0);
        return new Shape[] {new Shape(b, dim), new Shape(b, tokenCount, dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // frozen: no parameters
    }

    /** Releases the ORT session. */
    @Override
    public void close() {
        cleanable.clean();
    }
}
