package dev.listkit.core.onnx.graph;

/**
 * Input and output names of the exported graphs, shared by the exporter and the runtime.
 *
 * <pre>
 * modality.onnx        input (B, ...)                         → embedding (B, E), tokens (B, T, Dm)
 * text.onnx            text_features (B, Dt) | input_ids (B, L) → embedding (B, E)
 * caption_memory.onnx  memory (B, T, Dm)                      → cross_key_i, cross_value_i (B, H, T, hd)
 * caption_step.onnx    input_ids (B, S), cross_key_i, cross_value_i, past_key_i, past_value_i (B, H, P, hd)
 *                                                             → logits (B, S, V), present_key_i, present_value_i (B, H, P+S, hd)
 * </pre>
 * Embeddings are not normalised (the runtime L2-normalises, as the DJL inference does).
 */
public final class OnnxNames {
    /** Modality tensor input. */
    public static final String INPUT = "input";
    /** Joint-space embedding output (unnormalised). */
    public static final String EMBEDDING = "embedding";
    /** Modality tokens output (the caption decoder's memory). */
    public static final String TOKENS = "tokens";
    /** Frozen text features input. */
    public static final String TEXT_FEATURES = "text_features";
    /** Compact token ids input (int64). */
    public static final String INPUT_IDS = "input_ids";
    /** Caption memory input. */
    public static final String MEMORY = "memory";
    /** Next-token logits output. */
    public static final String LOGITS = "logits";

    private OnnxNames() {
    }

    /** Cross-attention keys of decoder layer i. */
    public static String crossKey(int i) {
        return "cross_key_" + i;
    }

    /** Cross-attention values of decoder layer i. */
    public static String crossValue(int i) {
        return "cross_value_" + i;
    }

    /** Cached self-attention keys of decoder layer i (input). */
    public static String pastKey(int i) {
        return "past_key_" + i;
    }

    /** Cached self-attention values of decoder layer i (input). */
    public static String pastValue(int i) {
        return "past_value_" + i;
    }

    /** Self-attention keys of decoder layer i including the new positions (output). */
    public static String presentKey(int i) {
        return "present_key_" + i;
    }

    /** Self-attention values of decoder layer i including the new positions (output). */
    public static String presentValue(int i) {
        return "present_value_" + i;
    }
}
