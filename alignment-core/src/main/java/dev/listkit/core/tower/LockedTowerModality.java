package dev.listkit.core.tower;

import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Hashing;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A modality whose samples are a frozen tower's outputs (locked-tower training): {@link #load} decodes and
 * preprocesses with the plugin's modality, runs the {@link FrozenEncoder} once per view and returns
 * {@code (V, 1 + T + C, D)} — per view the pooled vector, the T tokens, then (when the tower has a classifier)
 * its K logits in C = ⌈K / D⌉ rows, zero-padded, from which {@link #tags} reads the sample's top tags.
 * Everything downstream (the feature
 * cache, training, the data engine, evaluation) then works on these small tensors: the tower runs once per
 * sample, and the feature cache (keyed by {@link #fingerprint()}, which includes the tower's
 * {@link FrozenEncoder#hash()}) is what training and the data engine read. A cache written with another
 * model has another fingerprint and is recomputed, never reused.
 *
 * <p>View 0 is the sample as loaded; view v ≥ 1 is the plugin's training augmentation under a seed derived
 * from the file name and v. {@link #augment} picks one view at random (it moves it to slot 0); the encoder
 * ({@link CachedTowerReader}) reads slot 0. Immutable and thread-safe; owns the tower: {@link #close()}.
 */
public final class LockedTowerModality implements Modality, AutoCloseable {
    /** Bumped when the packing of tower outputs changes (part of the fingerprint). */
    public static final String VERSION = "locked-tower-2";

    private final Modality base;
    private final FrozenEncoder tower;
    private final int views;
    private final int classRows; // C = ceil(K / D) rows of logits after the tokens, 0 without a classifier
    private final String fingerprint;

    /**
     * @param base  the plugin's modality (decoding and preprocessing)
     * @param tower the frozen encoder over {@code base}'s tensors; owned from now on
     */
    public LockedTowerModality(Modality base, FrozenEncoder tower) {
        this.base = base;
        this.tower = tower;
        this.views = tower.views();
        this.classRows = (tower.classes() + tower.dim() - 1) / tower.dim();
        this.fingerprint = Hashing.sha256(String.join("|", VERSION, base.fingerprint(), tower.hash(),
                Integer.toString(views)));
    }

    /** The plugin's modality underneath. */
    public Modality base() {
        return base;
    }

    /** The frozen tower. */
    public FrozenEncoder tower() {
        return tower;
    }

    /** Views V cached per sample. */
    public int views() {
        return views;
    }

    @Override
    public String id() {
        return base.id();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public long[] sampleShape() {
        return new long[] {views, rows(), tower.dim()}; // (V, 1 + T + C, D)
    }

    @Override
    public Set<String> fileExtensions() {
        return base.fileExtensions();
    }

    @Override
    public FloatTensor load(Path media) throws MediaException {
        FloatTensor x = base.load(media);
        int n = x.size();
        float[] batch = new float[views * n];
        System.arraycopy(x.data(), 0, batch, 0, n);
        for (int v = 1; v < views; v++) {
            FloatTensor a = base.augment(x, new SplittableRandom(viewSeed(media, v)));
            if (!Arrays.equals(a.shape(), x.shape())) {
                throw new MediaException(media, "augmentation view " + v + " has shape " + a.shapeString()
                        + ", the sample " + x.shapeString() + "; frozen-tower views need equal shapes");
            }
            System.arraycopy(a.data(), 0, batch, v * n, n);
        }
        long[] shape = new long[x.shape().length + 1];
        shape[0] = views;
        System.arraycopy(x.shape(), 0, shape, 1, x.shape().length);
        TowerOutputs o;
        try {
            o = tower.encode(batch, shape);
        } catch (ListkitException e) {
            throw new MediaException(media, e.getMessage(), e);
        }
        int packed = (1 + o.tokens()) * o.dim();
        int per = rows() * o.dim();
        float[] out = new float[views * per];
        for (int v = 0; v < views; v++) {
            System.arraycopy(o.packed(v), 0, out, v * per, packed);
            if (classRows > 0) {
                System.arraycopy(o.logits(v), 0, out, v * per + packed, o.classes());
            }
        }
        return new FloatTensor(out, new long[] {views, rows(), o.dim()}); // (V, 1 + T + C, D)
    }

    private int rows() {
        return 1 + tower.tokenCount() + classRows;
    }

    /** True when the tower has a classifier, so that {@link #tags} gives a sample's tags. */
    public boolean tagged() {
        return classRows > 0;
    }

    /**
     * The top tags of a sample returned by {@link #load} (from view 0, the sample as loaded), or null when
     * the tower has no classifier.
     */
    public Tags tags(FloatTensor sample) {
        if (classRows == 0) {
            return null;
        }
        int start = (1 + tower.tokenCount()) * tower.dim(); // view 0's logits
        float[] logits = java.util.Arrays.copyOfRange(sample.data(), start, start + tower.classes());
        return tower.tags(logits);
    }

    /** The augmentation seed of view {@code v} of a file: a pure function of its name and v. */
    static long viewSeed(Path media, int v) {
        Path name = media.getFileName();
        return Long.parseUnsignedLong(Hashing.sha256((name == null ? media : name) + "#" + v).substring(0, 15), 16);
    }

    /** One cached view chosen by {@code rng}, moved to slot 0 (the others keep their places). */
    @Override
    public FloatTensor augment(FloatTensor features, SplittableRandom rng) {
        if (views == 1) {
            return features;
        }
        int v = rng.nextInt(views);
        if (v == 0) {
            return features;
        }
        float[] d = features.data().clone();
        int per = d.length / views;
        System.arraycopy(features.data(), v * per, d, 0, per);
        System.arraycopy(features.data(), 0, d, v * per, per);
        return new FloatTensor(d, features.shape());
    }

    @Override
    public List<String> zeroShotTemplates() {
        return base.zeroShotTemplates();
    }

    /** The plugin's words for its medium ("sound", "photo"): the captions are the plugin's. */
    @Override
    public Set<String> captionStopWords() {
        return base.captionStopWords();
    }

    /** As the plugin shows its files. */
    @Override
    public java.util.Optional<String> htmlMediaElement(String extension) {
        return base.htmlMediaElement(extension);
    }

    /** The reader of cached outputs (whatever the spec: the tower was chosen when this modality was made). */
    @Override
    public Block encoder(JsonNode spec) {
        return new CachedTowerReader(tower.dim(), tower.tokenCount());
    }

    @Override
    public int encoderDim(JsonNode spec) {
        return tower.dim();
    }

    /** Releases the tower. */
    @Override
    public void close() {
        tower.close();
    }
}
