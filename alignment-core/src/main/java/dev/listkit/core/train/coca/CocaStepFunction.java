package dev.listkit.core.train.coca;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.nn.Scalars;
import dev.listkit.core.train.StepContext;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.StepLoss;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One CoCa training step over in-memory samples: a batch is drawn from a per-epoch permutation that
 * depends only on (seed, epoch), so a resumed run sees exactly the same batches; each sample gets a
 * random crop of the last axis, the modality's augmentation and a random one of its captions.
 */
public final class CocaStepFunction implements StepFunction {
    private final CocaModel model;
    private final Modality modality;
    private final List<PairedSample> samples;
    private final Map<String, float[]> textFeatures;
    private final Map<String, long[]> captionTokens;
    private final ContrastiveLoss contrastive;
    private final CaptionLoss captionLoss;
    private final double contrastiveWeight;
    private final double captionWeight;
    private final int batchSize;
    private final int cropLastAxis;
    private final boolean augment;
    private long inputNanos;
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    /** A step over {@code samples}; text features and caption tokens are looked up by caption. */
    public CocaStepFunction(CocaModel model, Modality modality, List<PairedSample> samples, Map<String, float[]> textFeatures,
            Map<String, long[]> captionTokens, ContrastiveLoss contrastive, CaptionLoss captionLoss,
            double contrastiveWeight, double captionWeight, int batchSize, int cropLastAxis, boolean augment) {
        this.model = model;
        this.modality = modality;
        this.samples = List.copyOf(samples);
        this.textFeatures = textFeatures;
        this.captionTokens = captionTokens;
        this.contrastive = contrastive;
        this.captionLoss = captionLoss;
        if (!(contrastiveWeight >= 0 && captionWeight >= 0 && contrastiveWeight + captionWeight > 0)) {
            throw new IllegalArgumentException("loss weights must be >= 0 and not both 0, got contrastive "
                    + contrastiveWeight + ", caption " + captionWeight);
        }
        this.contrastiveWeight = contrastiveWeight;
        this.captionWeight = captionWeight;
        this.batchSize = batchSize;
        this.cropLastAxis = cropLastAxis;
        this.augment = augment;
    }

    @Override
    public StepLoss compute(StepContext ctx) {
        long t0 = System.nanoTime();
        NDManager m = ctx.manager();
        int n = samples.size();
        int b = Math.min(batchSize, n);
        FloatTensor first = samples.get(0).features();
        long[] itemShape = cropped(first.shape());
        int itemSize = (int) Arrays.stream(itemShape).reduce(1, (x, y) -> x * y);
        float[] x = new float[b * itemSize];
        boolean textTokens = model.textFromTokens();
        int textDim = textTokens ? 0 : textFeatures.values().iterator().next().length;
        float[] text = new float[b * textDim];
        int length = captionTokens.values().iterator().next().length;
        long[] tokens = new long[b * length];
        long global = (ctx.step() * ctx.microSteps() + ctx.microStep()) * (long) b;
        for (int j = 0; j < b; j++) {
            long g = global + j;
            PairedSample s = samples.get(order(ctx.seed(), g / n)[(int) (g % n)]);
            SplittableRandom rng = new SplittableRandom(ctx.seed() * 0x9E3779B97F4A7C15L + g);
            FloatTensor f = crop(s.features(), rng);
            if (augment) {
                f = modality.augment(f, rng);
            }
            System.arraycopy(f.data(), 0, x, j * itemSize, itemSize);
            String caption = s.captions().get(rng.nextInt(s.captions().size()));
            if (!textTokens) {
                System.arraycopy(textFeatures.get(caption), 0, text, j * textDim, textDim);
            }
            System.arraycopy(captionTokens.get(caption), 0, tokens, j * length, length);
        }
        long[] xShape = new long[itemShape.length + 1];
        xShape[0] = b;
        System.arraycopy(itemShape, 0, xShape, 1, itemShape.length);
        NDArray xs = m.create(x, new Shape(xShape)); // (B, ...)
        NDArray tok = m.create(tokens, new Shape(b, length)); // (B, L)
        NDArray ts = textTokens ? tok : m.create(text, new Shape(b, textDim)); // (B, L) ids or (B, Dt) features
        inputNanos += System.nanoTime() - t0;
        NDList enc = model.encodeModality(ctx.parameters(), xs, true); // a (B, E), memory (B, T, Dm)
        // A loss with weight 0 is not computed at all: a contrastive-only model (a separate captioner does the
        // captions) never runs its decoder, a captioner never embeds the text.
        NDArray contrastiveLoss = null;
        if (contrastiveWeight > 0) {
            NDArray textEmb = model.embedText(ctx.parameters(), ts, true); // (B, E)
            contrastiveLoss = contrastive.compute(model, ctx.parameters(), enc.get(0), textEmb); // ()
        }
        NDArray caption = null;
        if (captionWeight > 0) {
            // Only the batch's longest caption decides the decoder's length: the trailing columns are padding in
            // every row, which the causal decoder never attends to from earlier positions and the loss ignores, so
            // cutting them changes nothing but the cost (short label captions: about half of it).
            int used = usedLength(tokens, b, length);
            NDArray dec = used == length ? tok : tok.get(new NDIndex(":, :" + used)); // (B, L') with L' <= L
            NDArray logits = model.captionLogits(ctx.parameters(), dec.get(new NDIndex(":, :-1")), enc.get(1), true);
            caption = captionLoss.compute(logits, dec.get(new NDIndex(":, 1:"))); // (B, L'-1, V) vs (B, L'-1)
        }
        NDArray total = contrastiveLoss == null ? Scalars.mul(caption, captionWeight) // ()
                : caption == null ? Scalars.mul(contrastiveLoss, contrastiveWeight)
                : Scalars.mul(contrastiveLoss, contrastiveWeight).add(Scalars.mul(caption, captionWeight));
        Map<String, NDArray> parts = new java.util.LinkedHashMap<>();
        if (contrastiveLoss != null) {
            parts.put("contrastive", contrastiveLoss);
        }
        if (caption != null) {
            parts.put("caption", caption);
        }
        return new StepLoss(total, parts);
    }

    /** One past the last non-padding position of any row of {@code tokens} (B rows of L), at least 2. */
    static int usedLength(long[] tokens, int b, int length) {
        int used = 2;
        for (int j = 0; j < b; j++) {
            for (int t = length - 1; t >= used; t--) {
                if (tokens[j * length + t] != CaptionVocabulary.PAD) {
                    used = t + 1;
                    break;
                }
            }
        }
        return used;
    }

    /**
     * Seconds spent building batches (choosing samples, crop, augmentation, copying into arrays). The
     * trainer waits for all of it: batches are built on the training thread from in-memory features.
     */
    public double inputSeconds() {
        return inputNanos / 1e9;
    }

    private long[] cropped(long[] shape) {
        long[] s = shape.clone();
        if (cropLastAxis > 0 && s[s.length - 1] > cropLastAxis) {
            s[s.length - 1] = cropLastAxis;
        }
        return s;
    }

    /** A random window of {@code cropLastAxis} along the last axis (all samples share one length). */
    private FloatTensor crop(FloatTensor f, SplittableRandom rng) {
        long[] shape = f.shape();
        int last = (int) shape[shape.length - 1];
        if (cropLastAxis <= 0 || last <= cropLastAxis) {
            return f;
        }
        int start = rng.nextInt(last - cropLastAxis + 1);
        int rows = f.size() / last;
        float[] out = new float[rows * cropLastAxis];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(f.data(), r * last + start, out, r * cropLastAxis, cropLastAxis);
        }
        long[] s = shape.clone();
        s[s.length - 1] = cropLastAxis;
        return new FloatTensor(out, s);
    }

    /** The permutation of epoch {@code epoch}, a pure function of (seed, epoch). */
    private synchronized int[] order(long seed, long epoch) {
        if (epoch != cachedEpoch) {
            int n = samples.size();
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            SplittableRandom r = new SplittableRandom(seed ^ (epoch * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L));
            for (int i = n - 1; i > 0; i--) {
                int k = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[k];
                p[k] = t;
            }
            cachedOrder = p;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }
}
