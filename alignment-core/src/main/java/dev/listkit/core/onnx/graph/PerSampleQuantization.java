package dev.listkit.core.onnx.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a dynamically quantised ONNX graph so that every sample of a batch is quantised on its own.
 *
 * <p>Why: ONNX {@code DynamicQuantizeLinear} takes one scale and zero point over its whole input tensor. With a
 * batch of B sequences (B, T, D), every sequence's activation range (and the padding's) sets the scale used for
 * all of them, so a text's embedding depends on its batch companions (MiniLM vectors move by up to 0.03 per
 * component; equal-length batches without padding do not help). This rewrite computes the scale and zero
 * point per sample, over axes 1 and 2, exactly as {@code DynamicQuantizeLinear} would for that sample alone
 * (same min/max with zero included, same rounding), quantises with ONNX Runtime's per-axis
 * {@code com.microsoft.QuantizeLinear}, and keeps {@code MatMulInteger} exact by subtracting the per-sample zero
 * point's term {@code zp_a · Σ_k (W[k, n] - zp_w[n])} in int32. For a sample in a batch of equal-length
 * sequences the result is bit-identical to running the original graph on that sample alone (tested on
 * MiniLM); with padding, the padding still enters the sample's range.
 *
 * <p>Handled pattern (what {@code onnxruntime.quantization.quantize_dynamic} writes): each
 * {@code DynamicQuantizeLinear} input is (B, T, D); its quantised output and zero point feed only
 * {@code MatMulInteger} nodes as inputs A and a_zero_point; each of those has an int8/uint8 2-D initializer as
 * B and an optional scalar or per-column initializer as b_zero_point; its scale may feed anything (it becomes
 * (B, 1, 1), which broadcasts against (B, T, N)). Anything else is refused with the node's name. The result
 * needs ONNX Runtime (it uses a {@code com.microsoft} operator).
 *
 * <pre>{@code
 * PerSampleQuantization.Result r = PerSampleQuantization.rewrite(Files.readAllBytes(model));
 * session = env.createSession(r.model(), options); // r.quantizers() DynamicQuantizeLinear nodes replaced
 * }</pre>
 */
public final class PerSampleQuantization {
    /** Prefix of every value, node and initializer name the rewrite adds. */
    public static final String PREFIX = "listkit_per_sample_quant/";

    private static final String MS_DOMAIN = "com.microsoft";
    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT8 = 3;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    /**
     * The rewritten model.
     *
     * @param model serialised {@code ModelProto}
     * @param quantizers {@code DynamicQuantizeLinear} nodes made per-sample
     * @param matMuls {@code MatMulInteger} nodes given a per-sample zero-point correction
     */
    public record Result(byte[] model, int quantizers, int matMuls) {
    }

    private PerSampleQuantization() {
    }

    /**
     * Rewrites {@code model} (a serialised {@code ModelProto}); a graph without {@code DynamicQuantizeLinear}
     * comes back unchanged with zero counts.
     *
     * @throws OnnxGraphException on malformed protobuf or a quantisation pattern other than the one described
     */
    public static Result rewrite(byte[] model) throws OnnxGraphException {
        try {
            return new Rewrite(model).run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new OnnxGraphException("cannot rewrite the ONNX model for per-sample quantisation: "
                    + e.getMessage(), e);
        }
    }

    /** One parsed node: its fields as read, plus the whole field to copy it unchanged. */
    private record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
            byte[] rawField) {
        boolean is(String type) {
            return opType.equals(type) && (domain.isEmpty() || domain.equals("ai.onnx"));
        }
    }

    /** An integer initializer's shape and values. */
    private record IntTensor(long[] dims, int[] values) {
    }

    private static final class Rewrite {
        private final byte[] model;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, byte[]> initializers = new HashMap<>();
        private final Set<String> graphOutputs = new HashSet<>();
        private final Map<String, List<Node>> consumers = new HashMap<>();
        private final List<ProtoWriter> newInitializers = new ArrayList<>();
        private final Map<String, String> constants = new HashMap<>();
        private int defaultOpset = -1;
        private boolean hasMsDomain;
        private int nodeCount;

        Rewrite(byte[] model) {
            this.model = model;
        }

        Result run() throws OnnxGraphException {
            byte[] graph = null;
            ProtoReader top = new ProtoReader(model, 0, model.length);
            while (top.next()) {
                if (top.field() == 7) {
                    graph = top.bytes();
                } else if (top.field() == 8) {
                    readOpset(top.nested());
                }
            }
            if (graph == null) {
                throw new OnnxGraphException("the ONNX model has no graph");
            }
            readGraph(graph);
            List<Node> quantizers = nodes.stream().filter(n -> n.is("DynamicQuantizeLinear")).toList();
            if (quantizers.isEmpty()) {
                return new Result(model, 0, 0);
            }
            if (defaultOpset < 11) {
                throw new OnnxGraphException("opset " + defaultOpset + " of the default domain: need 11 or later");
            }
            Set<String> redefined = new HashSet<>();
            Map<Node, Integer> quantizerIndex = new IdentityHashMap<>();
            Map<String, Integer> zeroPointOf = new HashMap<>(); // quantised value -> quantizer index
            for (Node q : quantizers) {
                validate(q);
                quantizerIndex.put(q, quantizerIndex.size());
                zeroPointOf.put(q.outputs().get(0), quantizerIndex.get(q));
                redefined.add(q.outputs().get(1));
                redefined.add(q.outputs().get(2));
            }
            int matMuls = 0;
            ProtoWriter out = new ProtoWriter();
            ProtoReader g = new ProtoReader(graph, 0, graph.length);
            int nodeIndex = 0;
            while (g.next()) {
                if (g.field() == 1) {
                    Node n = nodes.get(nodeIndex++);
                    if (quantizerIndex.containsKey(n)) {
                        writeQuantizer(out, n, quantizerIndex.get(n));
                    } else if (n.is("MatMulInteger") && zeroPointOf.containsKey(n.inputs().get(0))) {
                        writeMatMul(out, n, zeroPointOf.get(n.inputs().get(0)));
                        matMuls++;
                    } else {
                        out.raw(n.rawField());
                    }
                } else if (g.field() == 13 && redefined.contains(valueInfoName(g.nested()))) {
                    continue; // the scale and zero point change shape: drop their declared types
                } else {
                    out.raw(g.rawField());
                }
            }
            newInitializers.forEach(t -> out.message(5, t));

            ProtoWriter rewritten = new ProtoWriter();
            top = new ProtoReader(model, 0, model.length);
            while (top.next()) {
                if (top.field() == 7) {
                    rewritten.message(7, out);
                } else {
                    rewritten.raw(top.rawField());
                }
            }
            if (!hasMsDomain) {
                rewritten.message(8, new ProtoWriter().string(1, MS_DOMAIN).varint(2, 1));
            }
            return new Result(rewritten.toByteArray(), quantizers.size(), matMuls);
        }

        private void readOpset(ProtoReader r) {
            String domain = "";
            long version = 0;
            while (r.next()) {
                if (r.field() == 1) {
                    domain = r.string();
                } else if (r.field() == 2) {
                    version = r.value();
                }
            }
            if (domain.isEmpty() || domain.equals("ai.onnx")) {
                defaultOpset = (int) version;
            } else if (domain.equals(MS_DOMAIN)) {
                hasMsDomain = true;
            }
        }

        private void readGraph(byte[] graph) throws OnnxGraphException {
            Set<String> names = new HashSet<>();
            ProtoReader g = new ProtoReader(graph, 0, graph.length);
            while (g.next()) {
                switch (g.field()) {
                    case 1 -> {
                        Node n = readNode(g.nested(), g.rawField());
                        nodes.add(n);
                        names.addAll(n.outputs());
                        names.add(n.name());
                        for (String in : n.inputs()) {
                            consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                        }
                    }
                    case 5 -> {
                        byte[] tensor = g.bytes();
                        String name = tensorName(tensor);
                        initializers.put(name, tensor);
                        names.add(name);
                    }
                    case 12 -> graphOutputs.add(valueInfoName(g.nested()));
                    default -> {
                        // name, inputs, value_info, docs: copied unchanged
                    }
                }
            }
            for (String name : names) {
                if (name.startsWith(PREFIX)) {
                    throw new OnnxGraphException("the graph already holds a name starting with " + PREFIX + ": "
                            + name + " (rewritten twice?)");
                }
            }
        }

        private void validate(Node q) throws OnnxGraphException {
            if (q.inputs().size() != 1 || q.outputs().size() != 3) {
                throw new OnnxGraphException("DynamicQuantizeLinear " + q.name() + " must have 1 input and 3 outputs");
            }
            String quantised = q.outputs().get(0);
            String zeroPoint = q.outputs().get(2);
            for (String v : List.of(quantised, zeroPoint, q.outputs().get(1))) {
                if (graphOutputs.contains(v)) {
                    throw new OnnxGraphException("DynamicQuantizeLinear " + q.name() + ": " + v + " is a graph output");
                }
            }
            for (Node c : consumers.getOrDefault(quantised, List.of())) {
                if (!c.is("MatMulInteger") || c.inputs().size() < 3 || c.inputs().lastIndexOf(quantised) != 0
                        || !c.inputs().get(2).equals(zeroPoint)) {
                    throw new OnnxGraphException("DynamicQuantizeLinear " + q.name() + " feeds " + c.opType() + " "
                            + c.name() + " " + c.inputs() + "; only MatMulInteger(A = its output, a_zero_point ="
                            + " its zero point) can be made per-sample");
                }
            }
            for (Node c : consumers.getOrDefault(zeroPoint, List.of())) {
                if (!c.is("MatMulInteger") || !c.inputs().get(0).equals(quantised)) {
                    throw new OnnxGraphException("the zero point of DynamicQuantizeLinear " + q.name() + " feeds "
                            + c.opType() + " " + c.name() + "; only its own MatMulInteger nodes may use it");
                }
            }
        }

        /** Per-sample min/max → scale and zero point → per-axis QuantizeLinear, as DynamicQuantizeLinear does. */
        private void writeQuantizer(ProtoWriter out, Node q, int index) {
            String x = q.inputs().get(0); // (B, T, D)
            String p = PREFIX + index + "/";
            String zero = scalarFloat(0f);
            String qmax = scalarFloat(255f);
            reduce(out, "ReduceMin", x, p + "min"); // (B,)
            reduce(out, "ReduceMax", x, p + "max"); // (B,)
            node(out, "Min", "", List.of(p + "min", zero), p + "min0", List.of()); // range includes 0
            node(out, "Max", "", List.of(p + "max", zero), p + "max0", List.of());
            node(out, "Sub", "", List.of(p + "max0", p + "min0"), p + "range", List.of());
            node(out, "Div", "", List.of(p + "range", qmax), p + "scale_raw", List.of());
            // ORT uses scale 1 for an all-zero sample; any positive scale quantises it to the zero point 0
            node(out, "Max", "", List.of(p + "scale_raw", scalarFloat(Float.MIN_NORMAL)), p + "scale", List.of());
            node(out, "Div", "", List.of(p + "min0", p + "scale"), p + "min_over_scale", List.of());
            node(out, "Sub", "", List.of(zero, p + "min_over_scale"), p + "zp_raw", List.of());
            node(out, "Clip", "", List.of(p + "zp_raw", zero, qmax), p + "zp_clipped", List.of());
            node(out, "Round", "", List.of(p + "zp_clipped"), p + "zp_float", List.of()); // half to even
            node(out, "Cast", "", List.of(p + "zp_float"), p + "zp", List.of(intAttr("to", UINT8)));
            node(out, "QuantizeLinear", MS_DOMAIN, List.of(x, p + "scale", p + "zp"), q.outputs().get(0),
                    List.of(intAttr("axis", 0))); // (B, T, D) uint8
            String sampleShape = int64s(-1, 1, 1);
            node(out, "Reshape", "", List.of(p + "scale", sampleShape), q.outputs().get(1), List.of()); // (B, 1, 1)
            node(out, "Cast", "", List.of(p + "zp_float"), p + "zp_int32", List.of(intAttr("to", INT32)));
            node(out, "Reshape", "", List.of(p + "zp_int32", sampleShape), zeroPointInt32(index), List.of());
        }

        /** MatMulInteger without the A zero point, minus zp_a · column sums of (W - zp_w), all int32. */
        private void writeMatMul(ProtoWriter out, Node m, int quantizer) {
            String w = m.inputs().get(1);
            String wZero = m.inputs().size() > 3 ? m.inputs().get(3) : "";
            int[] colSums = columnSums(m, w, wZero);
            String p = PREFIX + "matmul" + nodeCount + "/";
            String sums = tensor(p + "column_sums", INT32, new long[] {colSums.length}, int32Bytes(colSums));
            List<String> in = new ArrayList<>(List.of(m.inputs().get(0), w, scalarUint8Zero()));
            if (!wZero.isEmpty()) {
                in.add(wZero);
            }
            node(out, "MatMulInteger", "", in, p + "raw", List.of()); // (B, T, N) int32
            node(out, "Mul", "", List.of(zeroPointInt32(quantizer), sums), p + "correction", List.of()); // (B, 1, N)
            node(out, "Sub", "", List.of(p + "raw", p + "correction"), m.outputs().get(0), List.of());
        }

        private int[] columnSums(Node m, String w, String wZero) {
            IntTensor weights = intTensor(m, w);
            if (weights.dims().length != 2) {
                throw new IllegalArgumentException("MatMulInteger " + m.name() + ": weights " + w + " have shape "
                        + java.util.Arrays.toString(weights.dims()) + ", need 2-D (K, N)");
            }
            int k = (int) weights.dims()[0];
            int n = (int) weights.dims()[1];
            int[] zp = new int[n];
            if (!wZero.isEmpty()) {
                IntTensor z = intTensor(m, wZero);
                if (z.values().length == 1) {
                    java.util.Arrays.fill(zp, z.values()[0]);
                } else if (z.values().length == n) {
                    zp = z.values();
                } else {
                    throw new IllegalArgumentException("MatMulInteger " + m.name() + ": b_zero_point " + wZero
                            + " has " + z.values().length + " values for " + n + " columns");
                }
            }
            int[] sums = new int[n];
            for (int row = 0; row < k; row++) {
                for (int col = 0; col < n; col++) {
                    sums[col] += weights.values()[row * n + col] - zp[col]; // |sum| < K * 255: no overflow
                }
            }
            return sums;
        }

        private IntTensor intTensor(Node m, String name) {
            byte[] t = initializers.get(name);
            if (t == null) {
                throw new IllegalArgumentException("MatMulInteger " + m.name() + ": " + name
                        + " is not an initializer (weights must be constant)");
            }
            List<Long> dims = new ArrayList<>();
            int type = 0;
            byte[] raw = null;
            List<Long> ints = new ArrayList<>();
            ProtoReader r = new ProtoReader(t, 0, t.length);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> {
                        for (long d : r.varints()) {
                            dims.add(d);
                        }
                    }
                    case 2 -> type = (int) r.value();
                    case 5 -> {
                        for (long v : r.varints()) {
                            ints.add(v);
                        }
                    }
                    case 9 -> raw = r.bytes();
                    case 13, 14 -> {
                        if (r.field() == 13 || r.value() != 0) {
                            throw new IllegalArgumentException(name + " is stored as external data");
                        }
                    }
                    default -> {
                        // name, doc string
                    }
                }
            }
            if (type != INT8 && type != UINT8) {
                throw new IllegalArgumentException("MatMulInteger " + m.name() + ": " + name + " has data type "
                        + type + ", need int8 (3) or uint8 (2)");
            }
            long count = 1;
            for (long d : dims) {
                count *= d;
            }
            int[] values = new int[(int) count];
            if (raw != null) {
                if (raw.length != count) {
                    throw new IllegalArgumentException(name + ": " + raw.length + " bytes for " + count + " values");
                }
                for (int i = 0; i < values.length; i++) {
                    values[i] = type == INT8 ? raw[i] : raw[i] & 0xFF;
                }
            } else if (ints.size() == count) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = ints.get(i).intValue();
                }
            } else {
                throw new IllegalArgumentException(name + ": " + ints.size() + " values for " + count);
            }
            return new IntTensor(dims.stream().mapToLong(Long::longValue).toArray(), values);
        }

        /** Reduces (B, T, D) over axes 1 and 2 to (B,); opset 18 moved the axes from an attribute to an input. */
        private void reduce(ProtoWriter out, String opType, String x, String output) {
            if (defaultOpset >= 18) {
                node(out, opType, "", List.of(x, int64s(1, 2)), output, List.of(intAttr("keepdims", 0)));
            } else {
                node(out, opType, "", List.of(x), output, List.of(intsAttr("axes", 1, 2), intAttr("keepdims", 0)));
            }
        }

        private static String zeroPointInt32(int quantizer) {
            return PREFIX + quantizer + "/zp_int32_per_sample"; // (B, 1, 1)
        }

        private void node(ProtoWriter out, String opType, String domain, List<String> inputs, String output,
                List<ProtoWriter> attrs) {
            ProtoWriter n = new ProtoWriter();
            inputs.forEach(s -> n.string(1, s));
            n.string(2, output);
            n.string(3, PREFIX + "node" + nodeCount++ + "_" + opType);
            n.string(4, opType);
            attrs.forEach(a -> n.message(5, a));
            if (!domain.isEmpty()) {
                n.string(7, domain);
            }
            out.message(1, n);
        }

        private static ProtoWriter intAttr(String name, long value) {
            return new ProtoWriter().string(1, name).varint(3, value).varint(20, ATTR_INT);
        }

        private static ProtoWriter intsAttr(String name, long... values) {
            return new ProtoWriter().string(1, name).packedVarints(8, values).varint(20, ATTR_INTS);
        }

        private String scalarFloat(float v) {
            return constants.computeIfAbsent("f" + Float.floatToRawIntBits(v), k -> tensor(PREFIX + "const_" + k,
                    FLOAT, new long[0], ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array()));
        }

        private String scalarUint8Zero() {
            return constants.computeIfAbsent("u8_0", k -> tensor(PREFIX + "const_" + k, UINT8, new long[0],
                    new byte[1]));
        }

        private String int64s(long... values) {
            return constants.computeIfAbsent("i64" + java.util.Arrays.toString(values), k -> {
                ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                for (long v : values) {
                    b.putLong(v);
                }
                return tensor(PREFIX + "const_shape" + constants.size(), INT64, new long[] {values.length}, b.array());
            });
        }

        private String tensor(String name, int type, long[] dims, byte[] raw) {
            newInitializers.add(new ProtoWriter().packedVarints(1, dims).varint(2, type).string(8, name).bytes(9, raw));
            return name;
        }

        private static byte[] int32Bytes(int[] values) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) {
                b.putInt(v);
            }
            return b.array();
        }

        private static Node readNode(ProtoReader r, byte[] rawField) {
            List<String> in = new ArrayList<>();
            List<String> out = new ArrayList<>();
            String name = "";
            String opType = "";
            String domain = "";
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> in.add(r.string());
                    case 2 -> out.add(r.string());
                    case 3 -> name = r.string();
                    case 4 -> opType = r.string();
                    case 7 -> domain = r.string();
                    default -> {
                        // attributes, doc string: kept in rawField
                    }
                }
            }
            return new Node(name.isEmpty() ? opType + "->" + out : name, opType, domain, in, out, rawField);
        }

        private static String tensorName(byte[] tensor) {
            ProtoReader r = new ProtoReader(tensor, 0, tensor.length);
            while (r.next()) {
                if (r.field() == 8) {
                    return r.string();
                }
            }
            return "";
        }

        private static String valueInfoName(ProtoReader r) {
            while (r.next()) {
                if (r.field() == 1) {
                    return r.string();
                }
            }
            return "";
        }
    }
}
