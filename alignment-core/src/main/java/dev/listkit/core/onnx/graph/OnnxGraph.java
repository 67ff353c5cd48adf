package dev.listkit.core.onnx.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one ONNX graph (opset {@value #OPSET}, default domain): named inputs and outputs with fixed or
 * symbolic (dynamic) dimensions, float/int64 initializers and nodes. Every value name is unique; the
 * helpers return the name of the value they produce, so a forward pass reads like the DJL code it
 * mirrors:
 *
 * <pre>{@code
 * OnnxGraph g = new OnnxGraph("text");
 * String x = g.input("text_features", OnnxGraph.Type.FLOAT, "batch", 384);
 * String y = g.op("MatMul", x, g.initializer("w", weightsT, 384, 64)); // (B, 64)
 * g.output(y, "embedding", OnnxGraph.Type.FLOAT, "batch", 64);
 * byte[] model = g.toModel(Map.of("recipe", "..."));
 * }</pre>
 *
 * <p>Holds only Java arrays (weights are copied out of NDArrays when added); not thread-safe.
 */
public final class OnnxGraph {
    /** The operator set every exported graph uses. */
    public static final int OPSET = 17;
    /** ONNX IR version matching opset 17 (ONNX 1.12). */
    public static final int IR_VERSION = 8;

    /** Tensor element types used by listkit graphs ({@code TensorProto.DataType} codes). */
    public enum Type {
        FLOAT(1), INT64(7), BOOL(9);

        final int code;

        Type(int code) {
            this.code = code;
        }

        /** The {@code TensorProto.DataType} code (e.g. for a Cast's {@code to}). */
        public int code() {
            return code;
        }
    }

    /** A node attribute (built by the static factories). */
    public static final class Attr {
        private final ProtoWriter proto;

        private Attr(ProtoWriter proto) {
            this.proto = proto;
        }

        /** An INT attribute. */
        public static Attr i(String name, long value) {
            return new Attr(new ProtoWriter().string(1, name).varint(3, value).varint(20, 2));
        }

        /** A FLOAT attribute. */
        public static Attr f(String name, float value) {
            return new Attr(new ProtoWriter().string(1, name).float32(2, value).varint(20, 1));
        }

        /** An INTS attribute. */
        public static Attr ints(String name, long... values) {
            return new Attr(new ProtoWriter().string(1, name).packedVarints(8, values).varint(20, 7));
        }
    }

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, String> intConstants = new HashMap<>();
    private long initializerBytes;

    /** An empty graph called {@code name}. */
    public OnnxGraph(String name) {
        this.name = name;
    }

    /**
     * Declares a graph input.
     *
     * @param dims each a {@link Number} (fixed size) or a {@link String} (symbolic, dynamic axis)
     * @return {@code inputName}
     */
    public String input(String inputName, Type type, Object... dims) {
        claim(inputName);
        inputs.add(valueInfo(inputName, type, dims));
        return inputName;
    }

    /** Declares {@code value} as the graph output {@code outputName} (an Identity renames it if needed). */
    public void output(String value, String outputName, Type type, Object... dims) {
        if (!value.equals(outputName)) {
            claim(outputName);
            nodes.add(node("Identity", List.of(value), List.of(outputName), List.of()));
        }
        outputs.add(valueInfo(outputName, type, dims));
    }

    /** A float32 initializer of {@code shape} from row-major {@code data}. */
    public String initializer(String hint, float[] data, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(hint + ": " + data.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        return rawInitializer(hint, Type.FLOAT, raw.array(), shape);
    }

    /** A float32 initializer holding a copy of {@code array} (any float type is converted). */
    public String initializer(String hint, NDArray array) {
        float[] data = array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()
                : array.toType(DataType.FLOAT32, false).toFloatArray();
        return initializer(hint, data, array.getShape().getShape());
    }

    /** A 1-D int64 constant (shared between uses). */
    public String ints(long... values) {
        String key = java.util.Arrays.toString(values);
        String existing = intConstants.get(key);
        if (existing != null) {
            return existing;
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        String out = rawInitializer("const_i64", Type.INT64, raw.array(), values.length);
        intConstants.put(key, out);
        return out;
    }

    /** A 0-D int64 constant. */
    public String scalarInt(long value) {
        ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return rawInitializer("scalar_i64", Type.INT64, raw.array());
    }

    /** A 0-D float constant. */
    public String scalar(float value) {
        ByteBuffer raw = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return rawInitializer("scalar_f32", Type.FLOAT, raw.array());
    }

    /** A single-output node; returns its output's name. Empty strings are absent optional inputs. */
    public String op(String opType, String... in) {
        return op(opType, List.of(), in);
    }

    /** A single-output node with attributes; returns its output's name. */
    public String op(String opType, List<Attr> attrs, String... in) {
        return ops(opType, 1, attrs, in)[0];
    }

    /** A node with {@code count} outputs; returns their names. */
    public String[] ops(String opType, int count, List<Attr> attrs, String... in) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = fresh(opType.toLowerCase(java.util.Locale.ROOT));
        }
        nodes.add(node(opType, List.of(in), List.of(out), attrs));
        return out;
    }

    /** Bytes of weights held so far (ONNX files over 2 GB would need external data, unsupported). */
    public long initializerBytes() {
        return initializerBytes;
    }

    /**
     * The serialised {@code ModelProto} holding this graph.
     *
     * @param metadata {@code metadata_props}, in order
     * @param modelVersion {@code model_version}
     */
    public byte[] toModel(Map<String, String> metadata, long modelVersion) {
        if (initializerBytes > Integer.MAX_VALUE - (1 << 20)) {
            throw new IllegalStateException(name + ": " + initializerBytes + " bytes of weights exceed the 2 GB"
                    + " protobuf limit");
        }
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));
        ProtoWriter model = new ProtoWriter().varint(1, IR_VERSION).string(2, "listkit")
                .string(3, OnnxGraph.class.getPackage().getImplementationVersion() == null ? "dev"
                        : OnnxGraph.class.getPackage().getImplementationVersion())
                .string(4, "dev.listkit").varint(5, modelVersion).message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
        for (Map.Entry<String, String> e : new LinkedHashMap<>(metadata).entrySet()) {
            model.message(14, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
        }
        return model.toByteArray();
    }

    private String rawInitializer(String hint, Type type, byte[] raw, long... shape) {
        String n = fresh(hint);
        initializers.add(new ProtoWriter().packedVarints(1, shape).varint(2, type.code).string(8, n).bytes(9, raw));
        initializerBytes += raw.length;
        return n;
    }

    private ProtoWriter node(String opType, List<String> in, List<String> out, List<Attr> attrs) {
        ProtoWriter n = new ProtoWriter();
        in.forEach(s -> n.string(1, s));
        out.forEach(s -> n.string(2, s));
        n.string(3, "n" + nodes.size() + "_" + opType);
        n.string(4, opType);
        attrs.forEach(a -> n.message(5, a.proto));
        return n;
    }

    private static ProtoWriter valueInfo(String name, Type type, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof Number num) {
                dim.varint(1, num.longValue());
            } else if (d instanceof String s) {
                dim.string(2, s);
            } else {
                throw new IllegalArgumentException(name + ": a dimension must be a number or a name, got " + d);
            }
            shape.message(1, dim);
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, type.code).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }

    private String fresh(String hint) {
        String base = hint.replaceAll("[^A-Za-z0-9_.]", "_");
        int n = counters.merge(base, 1, Integer::sum);
        String candidate = base + "_" + n;
        while (names.contains(candidate)) {
            n = counters.merge(base, 1, Integer::sum);
            candidate = base + "_" + n;
        }
        names.add(candidate);
        return candidate;
    }

    private void claim(String valueName) {
        if (!names.add(valueName)) {
            throw new IllegalArgumentException("value name already used in graph " + name + ": " + valueName);
        }
    }
}
