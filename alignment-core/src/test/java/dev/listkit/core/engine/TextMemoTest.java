package dev.listkit.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The round's model embeds each text once; what it returns is what the model gave. */
class TextMemoTest {
    /** Counts the texts the model is asked to embed. */
    private static final class Counting extends ConceptModelView {
        final List<String> asked = new ArrayList<>();

        @Override
        public float[][] embed(List<String> texts) {
            asked.addAll(texts);
            return super.embed(texts);
        }
    }

    /** A {@link ConceptModel} that can be subclassed here. */
    private static class ConceptModelView implements dev.listkit.core.inference.InferenceModel {
        private final ConceptModel m = new ConceptModel();

        @Override
        public dev.listkit.core.modality.Modality modality() {
            return m.modality();
        }

        @Override
        public float[][] embedModality(List<dev.listkit.core.data.FloatTensor> items, int batchSize) {
            return m.embedModality(items, batchSize);
        }

        @Override
        public float[][] embed(List<String> texts) {
            return m.embed(texts);
        }

        @Override
        public List<List<String>> captions(List<dev.listkit.core.data.FloatTensor> items, int batchSize,
                dev.listkit.core.config.CaptionStrategy strategy) {
            return m.captions(items, batchSize, strategy);
        }

        @Override
        public Path directory() {
            return m.directory();
        }

        @Override
        public dev.listkit.core.config.Recipe recipe() {
            return m.recipe();
        }

        @Override
        public String runtime() {
            return m.runtime();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void eachTextIsEmbeddedOnceAndTheVectorsAreTheModels() throws Exception {
        Counting model = new Counting();
        EngineContext ctx = TextMemo.of(new EngineContext(model, Path.of("cache"), Map.of(), 1, 1));
        assertSame(ctx, TextMemo.of(ctx), "wrapped once");
        assertSame(ctx.model(), ctx.scorer(), "a model that scores stays one model");
        float[][] a = ctx.model().embed(List.of("a dog", "rain", "a dog"));
        float[][] b = ctx.model().embed(List.of("rain", "a siren", "a dog"));
        assertEquals(List.of("a dog", "rain", "a siren"), model.asked, "each distinct text once, in first-seen order");
        float[][] direct = new ConceptModel().embed(List.of("a dog", "rain", "a siren"));
        assertArrayEquals(direct[0], a[0]);
        assertArrayEquals(direct[1], a[1]);
        assertArrayEquals(direct[0], a[2]);
        assertArrayEquals(direct[1], b[0]);
        assertArrayEquals(direct[2], b[1]);
        assertArrayEquals(direct[0], b[2]);
        assertEquals("test", ctx.model().runtime());
    }

    @Test
    void aSeparateScorerIsTheOneRemembered() throws Exception {
        Counting model = new Counting();
        Counting scorer = new Counting();
        EngineContext ctx = TextMemo.of(new EngineContext(model, Path.of("cache"), Map.of(), 1, 1, scorer));
        assertSame(model, ctx.model(), "the captioning model is not wrapped");
        assertNotSame(ctx.model(), ctx.scorer());
        ctx.scorer().embed(List.of("a dog", "rain"));
        ctx.scorer().embed(List.of("rain", "a dog"));
        assertEquals(List.of("a dog", "rain"), scorer.asked, "the scorer embeds each text once");
        assertEquals(List.of(), model.asked, "the captioning model embeds nothing");
    }
}
