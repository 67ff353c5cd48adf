package dev.listkit.core.onnx.graph;

/**
 * A modality encoder that can write its inference forward pass into an ONNX graph. The contract is the
 * encoder contract of {@link dev.listkit.core.modality.Modality#encoder}: input {@code (B, ...)}, outputs
 * pooled {@code (B, D)} and tokens {@code (B, T, D)}. Implemented by the core {@link
 * dev.listkit.core.nn.PatchTransformer} and by modality plugins' encoders, so the core exporter never
 * names a modality.
 *
 * <pre>{@code
 * public String[] exportOnnx(OnnxGraph g, String input) {
 *     String h = OnnxBlocks.conv2d(g, conv, input);          // (B, C, H, W)
 *     String tokens = ...;                                    // (B, T, D)
 *     return new String[] {g.op("ReduceMean", List.of(OnnxGraph.Attr.ints("axes", 1),
 *             OnnxGraph.Attr.i("keepdims", 0)), tokens), tokens};
 * }
 * }</pre>
 */
public interface OnnxExportable {
    /**
     * Emits the inference (not training) forward pass; parameters are copied as initializers.
     *
     * @param input name of the {@code (B, ...)} input value
     * @return the names of pooled {@code (B, D)} and tokens {@code (B, T, D)}
     */
    String[] exportOnnx(OnnxGraph g, String input);

    /**
     * The per-sample dimensions the graph input declares: a number for a fixed size, a name for a dynamic
     * axis. By default every dimension is fixed to the modality's sample shape.
     */
    default Object[] onnxSampleDims(long[] sampleShape) {
        Object[] dims = new Object[sampleShape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = sampleShape[i];
        }
        return dims;
    }
}
