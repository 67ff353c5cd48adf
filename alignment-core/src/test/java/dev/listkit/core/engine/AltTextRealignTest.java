package dev.listkit.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@code alttext} refiner keeps the best-aligned caption unless the metadata (e.g. a tower's tags) adds
 * a concept the alignment model confirms; so without metadata it never lowers a sample's alignment.
 */
class AltTextRealignTest {
    private static final ConceptModel MODEL = new ConceptModel();

    private static EngineContext ctx() {
        return new EngineContext(MODEL, Path.of("unused"), Map.of(), 1, 1);
    }

    /** A sample with concept strengths {@code v}, its candidates, starting from the best-aligned one. */
    private static EngineItem item(float[] v, List<String> candidates, Map<String, String> metadata) {
        EngineItem item = new EngineItem("ds:x", "ds", "x", metadata);
        FloatTensor f = new FloatTensor(v, new long[] {1, v.length});
        item.setEmbedding(MODEL.embedModality(List.of(f), 1)[0]);
        item.candidates().addAll(candidates);
        item.setCaption(best(item));
        return item;
    }

    private static String best(EngineItem item) {
        String best = null;
        double score = Double.NEGATIVE_INFINITY;
        for (String c : item.candidates()) {
            double s = alignment(item, c);
            if (s > score) {
                score = s;
                best = c;
            }
        }
        return best;
    }

    private static double alignment(EngineItem item, String caption) {
        float[] t = MODEL.embed(List.of(caption))[0];
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            s += t[i] * item.embedding()[i];
        }
        return s;
    }

    private static Refiner alttext(double margin) throws Exception {
        return EngineRegistry.refiner(Json.parse("{\"id\": \"alttext\", \"metadataKeys\": [\"tags\"], \"margin\": "
                + margin + "}"));
    }

    @Test
    void withoutMetadataTheAlignmentNeverDrops() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        List<String> words = ConceptModel.CONCEPTS;
        List<EngineItem> items = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            float[] v = new float[words.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextDouble();
            }
            List<String> candidates = new ArrayList<>();
            for (int c = 0; c < 4; c++) { // captions naming 1-3 random concepts, as a weak captioner writes them
                StringBuilder sb = new StringBuilder("a");
                for (int k = 0, m = 1 + r.nextInt(3); k < m; k++) {
                    sb.append(k == 0 ? " " : " and ").append(words.get(r.nextInt(words.size())));
                }
                candidates.add(sb.append(" in the distance").toString());
            }
            EngineItem item = item(v, candidates, Map.of());
            items.add(item);
            before.add(alignment(item, item.caption()));
        }
        for (double margin : new double[] {0.05, 0.3, 1.0}) {
            alttext(margin).refine(items, ctx());
            for (int n = 0; n < items.size(); n++) {
                EngineItem item = items.get(n);
                assertTrue(alignment(item, item.caption()) >= before.get(n) - 1e-9, "margin " + margin + ": "
                        + item.steps().get(item.steps().size() - 1));
            }
        }
    }

    @Test
    void aConfirmedTagIsAppendedAndAnUnconfirmedOneChangesNothing() throws Exception {
        // A dog barking over a siren: both concepts strong; the captioner only names the dog.
        float[] v = {1f, 0f, 0.95f, 0f, 0.05f};
        List<String> candidates = List.of("a dog can be heard", "a bird in the distance");
        EngineItem tagged = item(v, candidates, Map.of("tags", "Siren; Engine"));
        EngineItem unconfirmed = item(v, candidates, Map.of("tags", "Engine"));
        alttext(0.1).refine(List.of(tagged, unconfirmed), ctx());
        assertEquals("a dog can be heard with siren", tagged.caption(), tagged.steps().toString());
        assertTrue(tagged.steps().get(0).note().contains("appended [siren]"), tagged.steps().toString());
        assertEquals("a dog can be heard", unconfirmed.caption(), "engine is not confirmed: nothing changes");
        assertTrue(unconfirmed.steps().get(0).note().contains("engine]") && unconfirmed.steps().get(0).note()
                .contains("unchanged"), unconfirmed.steps().toString());
    }
}
