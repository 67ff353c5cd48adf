package dev.listkit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.listkit.core.ConfigException;
import dev.listkit.core.loss.ClipLoss;
import dev.listkit.core.loss.SigLipLoss;
import dev.listkit.core.nn.CaptionDecoder;
import dev.listkit.core.nn.CaptionDecoderConfig;
import dev.listkit.core.onnx.graph.OnnxExportable;
import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.onnx.graph.OnnxGraph.Type;
import dev.listkit.core.onnx.graph.OnnxNames;
import dev.listkit.core.text.ProjectionHead;
import dev.listkit.core.text.TextPooling;
import dev.listkit.core.text.TransformerTextEncoder;
import dev.listkit.core.text.TransformerTextEncoderConfig;

/**
 * A CoCa-style model over any modality: the modality's encoder gives a pooled vector and tokens; the
 * pooled vector is projected into the joint space, frozen text features (e.g. MiniLM sentence
 * embeddings) are projected into the same space, and a caption decoder cross-attends to the tokens.
 *
 * <pre>
 * x (B, ...) ─ encoder ─┬─ pooled (B, Dm) ─ modalityProjection ─ a (B, E)  ┐
 *                       └─ tokens (B, T, Dm) ─ decoder ─ logits (B, L, V)  │ InfoNCE(a, b) + caption CE
 * text features (B, Dt) ─ textProjection ─ b (B, E)                        ┘
 * </pre>
 *
 * <p>As a {@link Block}: {@code NDList(x, textFeatures, tokens)} → {@code NDList(a, b, logits)}. The model
 * owns no memory of its own; its parameters belong to the manager it is initialised with.
 */
public final class CocaModel extends AbstractBlock {
    private final Block encoder;
    private final int encoderDim;
    private final int textDim;
    private final ProjectionHead modalityProjection;
    private final ProjectionHead textProjection; // frozen-feature text tower, or null
    private final TransformerTextEncoder textEncoder; // trainable text tower, or null
    private final int textLength;
    private final CaptionDecoder decoder;
    private final Parameter logitScale;
    private final Parameter logitBias;

    /**
     * @param encoder    the modality encoder, {@code NDList(x)} → {@code NDList(pooled (B, Dm), tokens (B, T, Dm))}
     * @param encoderDim Dm
     * @param textDim    Dt, width of the frozen text features
     * @param config     architecture
     * @param vocabulary the decoder's vocabulary
     * @param sigmoid    true for a SigLIP objective: the scale starts at 10 and a learnable bias (-10) is added
     */
    public CocaModel(Block encoder, int encoderDim, int textDim, CocaConfig config, CaptionVocabulary vocabulary,
            boolean sigmoid) throws ConfigException {
        config.validate();
        this.encoder = addChildBlock("encoder", encoder);
        this.encoderDim = encoderDim;
        this.textDim = textDim;
        this.modalityProjection = addChildBlock("modalityProjection", new ProjectionHead(encoderDim, config.embedDim()));
        CocaConfig.TextSpec t = config.text();
        if (t.trainable()) {
            // Trainable text tower over the decoder's compact vocabulary; pooled at EOS when causal.
            this.textProjection = null;
            this.textEncoder = addChildBlock("textEncoder", new TransformerTextEncoder(new TransformerTextEncoderConfig(
                    vocabulary.size(), t.dim(), t.layers(), t.heads(), 4f, config.decoder().maxLength(),
                    config.embedDim(), t.causal() == null || t.causal(),
                    t.causal() == null || t.causal() ? TextPooling.EOT : TextPooling.MEAN)));
        } else {
            this.textProjection = addChildBlock("textProjection", new ProjectionHead(textDim, config.embedDim()));
            this.textEncoder = null;
        }
        this.textLength = config.decoder().maxLength();
        CocaConfig.DecoderSpec d = config.decoder();
        this.decoder = addChildBlock("decoder", new CaptionDecoder(new CaptionDecoderConfig(vocabulary.size(), d.dim(),
                d.layers(), d.heads(), d.mlpRatio(), d.maxLength(), encoderDim, CaptionVocabulary.BOS,
                CaptionVocabulary.EOS, CaptionVocabulary.PAD)));
        this.logitScale = addParameter(Parameter.builder().setName("logitScale").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer((float) (sigmoid
                        ? SigLipLoss.INITIAL_LOG_SCALE : ClipLoss.INITIAL_LOG_SCALE)))
                .build());
        this.logitBias = !sigmoid ? null : addParameter(Parameter.builder().setName("logitBias")
                .setType(Parameter.Type.OTHER).optShape(new Shape(1))
                .optInitializer(new ConstantInitializer((float) SigLipLoss.INITIAL_BIAS)).build());
    }

    /** True when the model was built for the sigmoid (SigLIP) objective. */
    public boolean sigmoid() {
        return logitBias != null;
    }

    /** The learnable SigLIP bias, shape (1); only for models built with {@code sigmoid}. */
    public NDArray logitBias(ParameterStore ps, NDArray like, boolean training) {
        if (logitBias == null) {
            throw new IllegalStateException("this model has no logit bias: it was built for InfoNCE");
        }
        return ps.getValue(logitBias, like.getDevice(), training);
    }

    /** The caption decoder (for generation). */
    public CaptionDecoder decoder() {
        return decoder;
    }

    /**
     * Encodes a batch of modality tensors.
     *
     * @return {@code NDList(embedding (B, E) unnormalised, tokens (B, T, Dm))}
     */
    public NDList encodeModality(ParameterStore ps, NDArray x, boolean training) {
        NDList out = encoder.forward(ps, new NDList(x), training); // pooled (B, Dm), tokens (B, T, Dm)
        NDArray a = modalityProjection.forward(ps, new NDList(out.get(0)), training).singletonOrThrow(); // (B, E)
        return new NDList(a, out.get(1));
    }

    /** True when the text tower reads caption token ids (B, L) rather than frozen features (B, Dt). */
    public boolean textFromTokens() {
        return textEncoder != null;
    }

    /**
     * Text embeddings (B, E), unnormalised: from frozen features (B, Dt) through the projection, or
     * from compact caption ids (B, L), padded with {@link CaptionVocabulary#PAD}, through the
     * trainable transformer (see {@link #textFromTokens()}).
     */
    public NDArray embedText(ParameterStore ps, NDArray textInput, boolean training) {
        if (textEncoder != null) {
            NDArray keep = textInput.neq(CaptionVocabulary.PAD).toType(DataType.INT64, false); // (B, L)
            return textEncoder.encode(ps, textInput, keep, training); // (B, E)
        }
        return textProjection.forward(ps, new NDList(textInput), training).singletonOrThrow(); // (B, E)
    }

    /** Teacher-forced caption logits (B, L, V) for input tokens (B, L) given modality tokens (B, T, Dm). */
    public NDArray captionLogits(ParameterStore ps, NDArray tokens, NDArray memory, boolean training) {
        return decoder.forward(ps, tokens, memory, null, training);
    }

    /** The learnable log logit scale, shape (1). */
    public NDArray logitScale(ParameterStore ps, NDArray like, boolean training) {
        return ps.getValue(logitScale, like.getDevice(), training);
    }

    /**
     * Writes the modality graph: {@code input (B, ...)} → {@code embedding (B, E)} (unnormalised) and
     * {@code tokens (B, T, Dm)}, the ONNX form of {@link #encodeModality}.
     *
     * @param sampleShape the modality's sample shape (without the batch axis)
     * @throws ConfigException the encoder does not implement {@link OnnxExportable}
     */
    public void exportModalityGraph(OnnxGraph g, long[] sampleShape) throws ConfigException {
        if (!(encoder instanceof OnnxExportable exportable)) {
            throw new ConfigException("the modality encoder " + encoder.getClass().getName()
                    + " cannot be exported to ONNX: it does not implement " + OnnxExportable.class.getName());
        }
        Object[] sample = exportable.onnxSampleDims(sampleShape);
        Object[] dims = new Object[sample.length + 1];
        dims[0] = "batch";
        System.arraycopy(sample, 0, dims, 1, sample.length);
        String x = g.input(OnnxNames.INPUT, Type.FLOAT, dims);
        String[] out = exportable.exportOnnx(g, x); // pooled (B, Dm), tokens (B, T, Dm)
        g.output(modalityProjection.exportOnnx(g, out[0], "modalityProjection"), OnnxNames.EMBEDDING, Type.FLOAT,
                "batch", modalityProjection.outputDim());
        g.output(out[1], OnnxNames.TOKENS, Type.FLOAT, "batch", "tokens", encoderDim);
    }

    /**
     * Writes the text graph, the ONNX form of {@link #embedText}: {@code text_features (B, Dt)} or, for a
     * trainable tower, {@code input_ids (B, L)} (int64, padded with {@link CaptionVocabulary#PAD}) →
     * {@code embedding (B, E)}, unnormalised.
     */
    public void exportTextGraph(OnnxGraph g) {
        String e;
        if (textEncoder != null) {
            String ids = g.input(OnnxNames.INPUT_IDS, Type.INT64, "batch", "text_tokens");
            e = textEncoder.exportOnnx(g, ids, CaptionVocabulary.PAD);
        } else {
            String x = g.input(OnnxNames.TEXT_FEATURES, Type.FLOAT, "batch", textDim);
            e = textProjection.exportOnnx(g, x, "textProjection");
        }
        g.output(e, OnnxNames.EMBEDDING, Type.FLOAT, "batch", modalityProjection.outputDim());
    }

    /** The joint embedding width E. */
    public int embedDim() {
        return modalityProjection.outputDim();
    }

    /** Width Dt of the frozen text features the text projection reads (unused by a trainable tower). */
    public int textDim() {
        return textDim;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList enc = encodeModality(ps, inputs.get(0), training);
        NDArray b = embedText(ps, inputs.get(1), training);
        NDArray logits = captionLogits(ps, inputs.get(2), enc.get(1), training);
        return new NDList(enc.get(0), b, logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        long e = modalityProjection.outputDim(); // the joint width E
        return new Shape[] {new Shape(batch, e), new Shape(batch, e),
            new Shape(batch, inputShapes[2].get(1), decoder.config().vocabSize())};
    }

    /** Initialises with a probe of the modality tensor shape (B, ...), text (B, Dt) and tokens (B, L). */
    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        modalityProjection.initialize(manager, dataType, new Shape(1, encoderDim));
        if (textEncoder != null) {
            textEncoder.initialize(manager, dataType, new Shape(1, textLength), new Shape(1, textLength));
        } else {
            textProjection.initialize(manager, dataType, new Shape(1, textDim));
        }
        decoder.initialize(manager, dataType, inputShapes[2], new Shape(1, 1, encoderDim));
    }
}
