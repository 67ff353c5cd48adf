package dev.listkit.core.inference.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.listkit.core.nn.StepDecoder;
import dev.listkit.core.onnx.graph.OnnxNames;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link StepDecoder} over the exported {@code caption_step} graph: feeds one token per row with the past
 * keys/values and keeps the present ones (as ONNX Runtime tensors, not copied) for the next step; reordering
 * copies rows. Owns every tensor it holds (the step session is not its own); close it.
 */
final class OrtStepDecoder implements StepDecoder<OrtException>, AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession step;
    private final int layers;
    private final int vocab;
    private final OnnxTensor[] cross; // cross_key_i, cross_value_i: (R, H, Tm, hd)
    private OnnxTensor[] past; // past_key_i, past_value_i: (R, H, P, hd)
    private final List<AutoCloseable> owned = new ArrayList<>(); // what holds cross and past now

    /**
     * @param memoryResult the {@code caption_memory} outputs for R rows; this decoder takes ownership
     */
    OrtStepDecoder(OrtEnvironment env, OrtSession step, OrtSession.Result memoryResult,
            OnnxModelManifest.Decoder d) throws OrtException {
        this.env = env;
        this.step = step;
        this.layers = d.layers();
        this.vocab = d.vocabSize();
        this.cross = new OnnxTensor[2 * layers];
        this.past = new OnnxTensor[2 * layers];
        owned.add(memoryResult);
        for (int i = 0; i < layers; i++) {
            cross[2 * i] = (OnnxTensor) memoryResult.get(OnnxNames.crossKey(i)).orElseThrow();
            cross[2 * i + 1] = (OnnxTensor) memoryResult.get(OnnxNames.crossValue(i)).orElseThrow();
        }
        long rows = cross[0].getInfo().getShape()[0];
        long[] empty = {rows, d.heads(), 0, d.headDim()};
        for (int i = 0; i < past.length; i++) {
            past[i] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), empty);
            owned.add(past[i]);
        }
    }

    @Override
    public float[] step(long[] tokens) throws OrtException {
        Map<String, OnnxTensor> in = new HashMap<>();
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), new long[] {tokens.length, 1})) {
            in.put(OnnxNames.INPUT_IDS, ids);
            for (int i = 0; i < layers; i++) {
                in.put(OnnxNames.crossKey(i), cross[2 * i]);
                in.put(OnnxNames.crossValue(i), cross[2 * i + 1]);
                in.put(OnnxNames.pastKey(i), past[2 * i]);
                in.put(OnnxNames.pastValue(i), past[2 * i + 1]);
            }
            OrtSession.Result r = step.run(in);
            float[] logits = new float[tokens.length * vocab];
            ((OnnxTensor) r.get(OnnxNames.LOGITS).orElseThrow()).getFloatBuffer().get(logits); // (R, 1, V)
            OnnxTensor[] present = new OnnxTensor[past.length];
            for (int i = 0; i < layers; i++) {
                present[2 * i] = (OnnxTensor) r.get(OnnxNames.presentKey(i)).orElseThrow();
                present[2 * i + 1] = (OnnxTensor) r.get(OnnxNames.presentValue(i)).orElseThrow();
            }
            // The old past tensors go; the cross tensors stay: re-own them by copy only if their holder closes.
            replacePast(present, r);
            return logits;
        }
    }

    @Override
    public void reorder(int[] rows) throws OrtException {
        List<AutoCloseable> fresh = new ArrayList<>();
        try {
            OnnxTensor[] newCross = new OnnxTensor[cross.length];
            OnnxTensor[] newPast = new OnnxTensor[past.length];
            for (int i = 0; i < cross.length; i++) {
                newCross[i] = gather(cross[i], rows);
                fresh.add(newCross[i]);
                newPast[i] = gather(past[i], rows);
                fresh.add(newPast[i]);
            }
            closeOwned();
            owned.addAll(fresh);
            System.arraycopy(newCross, 0, cross, 0, cross.length);
            past = newPast;
        } catch (OrtException | RuntimeException e) {
            for (AutoCloseable c : fresh) {
                closeQuietly(c);
            }
            throw e;
        }
    }

    /** Rows {@code rows} of a (R, ...) tensor as a new tensor (R', ...). */
    private OnnxTensor gather(OnnxTensor t, int[] rows) throws OrtException {
        long[] shape = t.getInfo().getShape();
        FloatBuffer src = t.getFloatBuffer(); // a copy
        int rowSize = (int) (src.capacity() / Math.max(1, shape[0]));
        float[] out = new float[rows.length * rowSize];
        float[] all = new float[src.capacity()];
        src.get(all);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(all, rows[i] * rowSize, out, i * rowSize, rowSize);
        }
        long[] newShape = shape.clone();
        newShape[0] = rows.length;
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(out), newShape);
    }

    /** The step result now holds the past; the cross tensors may live in an older holder that must stay. */
    private void replacePast(OnnxTensor[] present, OrtSession.Result r) {
        List<AutoCloseable> keep = new ArrayList<>();
        for (AutoCloseable c : owned) {
            boolean holdsCross = false;
            for (OnnxTensor x : cross) {
                holdsCross |= c == x || (c instanceof OrtSession.Result res && contains(res, x));
            }
            if (holdsCross) {
                keep.add(c);
            } else {
                closeQuietly(c);
            }
        }
        owned.clear();
        owned.addAll(keep);
        owned.add(r);
        past = present;
    }

    private static boolean contains(OrtSession.Result r, OnnxTensor t) {
        for (Map.Entry<String, OnnxValue> e : r) {
            if (e.getValue() == t) {
                return true;
            }
        }
        return false;
    }

    private void closeOwned() {
        owned.forEach(OrtStepDecoder::closeQuietly);
        owned.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot free an ONNX Runtime value: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeOwned();
    }
}
