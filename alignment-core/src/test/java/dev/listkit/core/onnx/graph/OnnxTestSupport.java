package dev.listkit.core.onnx.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/** Runs graphs on ONNX Runtime for parity tests; perturbs DJL parameters so that no weight is trivial. */
public final class OnnxTestSupport {
    private OnnxTestSupport() {
    }

    /** Adds N(0, 0.05) noise to every parameter (LayerNorm gains, biases, BatchNorm statistics included). */
    public static void perturb(Block block, NDManager manager, long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        for (var p : block.getParameters()) {
            Parameter param = p.getValue();
            NDArray a = param.getArray();
            NDArray noise = manager.randomNormal(0f, 0.05f, a.getShape(), a.getDataType());
            if (p.getKey().endsWith("runningVar")) {
                a.muli(noise.abs().mul(10).add(0.5f)); // keep variances positive
            } else if (p.getKey().endsWith("runningMean")) {
                a.addi(noise.mul(4));
            } else {
                a.addi(noise);
            }
            noise.close();
        }
    }

    /** Runs {@code model} on named inputs (float[] or long[] with their shapes) and copies every output out. */
    public static Map<String, float[]> run(byte[] model, Map<String, Object[]> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                OrtSession s = env.createSession(model, o)) {
            Map<String, OnnxTensor> in = new HashMap<>();
            try {
                for (var e : inputs.entrySet()) {
                    long[] shape = (long[]) e.getValue()[1];
                    Object data = e.getValue()[0];
                    in.put(e.getKey(), data instanceof float[] f
                            ? OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape)
                            : OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) data), shape));
                }
                try (OrtSession.Result r = s.run(in)) {
                    Map<String, float[]> out = new HashMap<>();
                    for (Map.Entry<String, OnnxValue> e : r) {
                        FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                        float[] a = new float[fb.remaining()];
                        fb.get(a);
                        out.put(e.getKey(), a);
                    }
                    return out;
                }
            } finally {
                in.values().forEach(OnnxTensor::close);
            }
        }
    }

    /** Max |a - b|; fails on a length mismatch. */
    public static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    /** Max |a|, to check that a comparison is not between zeros. */
    public static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
