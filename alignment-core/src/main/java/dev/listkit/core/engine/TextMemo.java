package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.inference.EmbeddedCaptions;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.modality.Modality;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The round's model with its text embeddings remembered: within a round the model does not change, and the same
 * texts come back at every stage (rerank embeds the candidates, the alttext refiner its concept prompts, score the
 * final captions, which are mostly candidates already embedded) and in every shard (concept prompts such as
 * "the sound of rain"). {@link #embed} runs the model only on texts it has not seen; a text's vector is the one the
 * model gave the first time (the joint-space projection of a text does not depend on the other texts of its call).
 * Everything else is passed through. Thread-safe; closing it closes nothing (the runner owns the model).
 * Returned vectors are shared: do not modify them.
 */
final class TextMemo implements InferenceModel {
    private final InferenceModel model;
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

    private TextMemo(InferenceModel model) {
        this.model = model;
    }

    /**
     * {@code ctx} with its scorer (the model that embeds texts: the captioning model itself or a separate one)
     * memoised; unchanged when it already is. When the model scores, the memo stands for both, so
     * {@code ctx.scorer() == ctx.model()} still tells that they are one model.
     */
    static EngineContext of(EngineContext ctx) {
        if (ctx.scorer() instanceof TextMemo) {
            return ctx;
        }
        TextMemo scorer = new TextMemo(ctx.scorer());
        InferenceModel model = ctx.scorer() == ctx.model() ? scorer : ctx.model();
        return new EngineContext(model, ctx.cacheDir(), ctx.env(), ctx.seed(), ctx.round(), scorer);
    }

    @Override
    public float[][] embed(List<String> texts) throws ListkitException {
        for (String t : texts) {
            if (t == null) {
                return model.embed(texts); // the model says what is wrong with it
            }
        }
        List<String> missing = new ArrayList<>(new LinkedHashSet<>(texts.stream()
                .filter(t -> !vectors.containsKey(t)).toList()));
        if (!missing.isEmpty()) {
            float[][] e = model.embed(missing); // (M, E)
            for (int i = 0; i < e.length; i++) {
                vectors.putIfAbsent(missing.get(i), e[i]);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectors.get(texts.get(i));
        }
        return out;
    }

    @Override
    public Modality modality() {
        return model.modality();
    }

    @Override
    public float[][] embedModality(List<FloatTensor> items, int batchSize) throws ListkitException {
        return model.embedModality(items, batchSize);
    }

    @Override
    public List<List<String>> captions(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException {
        return model.captions(items, batchSize, strategy);
    }

    @Override
    public EmbeddedCaptions embedAndCaption(List<FloatTensor> items, int batchSize, CaptionStrategy strategy)
            throws ListkitException {
        return model.embedAndCaption(items, batchSize, strategy);
    }

    @Override
    public Path directory() {
        return model.directory();
    }

    @Override
    public Recipe recipe() {
        return model.recipe();
    }

    @Override
    public String runtime() {
        return model.runtime();
    }

    /** Closes nothing: the model belongs to whoever opened it. */
    @Override
    public void close() {
    }
}
