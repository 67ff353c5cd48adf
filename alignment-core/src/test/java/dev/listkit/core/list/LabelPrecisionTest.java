package dev.listkit.core.list;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.engine.ManifestRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pseudo-label precision: does a synthetic caption name what its sample really shows? */
class LabelPrecisionTest {
    private static LabelPrecision.Truth label(String l, boolean novel) {
        return new LabelPrecision.Truth(l, List.of("the sound of " + l.replace('_', ' ')), novel);
    }

    private static ManifestRecord rec(String id, String status, String caption) {
        return new ManifestRecord(id, "ds", id + ".wav", 1, status, status.equals("accepted") ? null : "x: y",
                List.of(), List.of(), caption, Map.of());
    }

    @Test
    void aCaptionNamesALabelWhenItHasEveryWordOfIt() {
        assertTrue(LabelPrecision.names("a dog barks, dog bark heard", label("dog_bark", false), Set.of()));
        assertFalse(LabelPrecision.names("a dog is heard", label("dog_bark", false), Set.of()));
        assertTrue(LabelPrecision.names("crickets chirp", label("cricket", false), Set.of()), "plural and singular");
        assertFalse(LabelPrecision.names(null, label("dog", false), Set.of()));
        // Captioned data (no label): a content word shared with a hidden caption, medium words not counting.
        LabelPrecision.Truth human = new LabelPrecision.Truth(null, List.of("A black dog runs on the grass .",
                "a photo of a puppy"), false);
        assertTrue(LabelPrecision.names("two dogs play", human, Set.of("photo")));
        assertFalse(LabelPrecision.names("a photo of a cat", human, Set.of("photo")));
    }

    @Test
    void acceptedAndRejectedSharesNovelAndKnownApart() {
        Map<String, LabelPrecision.Truth> truth = Map.of("a", label("dog", false), "b", label("cow", true),
                "c", label("rain", true), "d", label("siren", false), "e", label("cat", false));
        List<ManifestRecord> records = List.of(rec("a", "accepted", "a dog barks"), rec("b", "accepted", "the sound of cow"),
                rec("c", "accepted", "the sound of dog"), rec("d", "rejected", "a siren wails"),
                new ManifestRecord("e", "ds", "e.wav", 1, "skipped", "decode: bad", List.of(), List.of(), null, Map.of()),
                rec("unknown", "accepted", "whatever"));
        Map<String, Double> m = LabelPrecision.metrics(records, truth, Set.of());
        assertEquals(3.0, m.get("engine/accepted"));
        assertEquals(1.0, m.get("engine/rejected"));
        assertEquals(0.666667, m.get("engine/precision/accepted"));
        assertEquals(1.0, m.get("engine/precision/rejected"));
        assertEquals(0.5, m.get("engine/precision/acceptedNovel"));
        assertEquals(1.0, m.get("engine/precision/acceptedKnown"));
        assertEquals(2.0, m.get("engine/acceptedNovel"));
    }

    /** A caption in other words names its label when the label is its nearest in a text space. */
    @Test
    void nearestLabelCountsSynonyms() throws Exception {
        LabelPrecision.TextEmbedder synonyms = texts -> {
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < out.length; i++) {
                String t = texts.get(i);
                float cow = t.contains("cow") || t.contains("cattle") ? 1 : 0;
                float dog = t.contains("dog") ? 1 : 0;
                float n = (float) Math.sqrt(cow * cow + dog * dog + 0.01);
                out[i] = new float[] {cow / n, dog / n, 0.1f / n};
            }
            return out;
        };
        Map<String, LabelPrecision.Truth> truth = Map.of("a", label("cow", true), "b", label("dog", false),
                "c", label("cow", true));
        List<ManifestRecord> records = List.of(rec("a", "accepted", "the sound of cattle, bovinae"),
                rec("b", "accepted", "the sound of cattle"), rec("c", "rejected", "a dog barks"));
        Map<String, Boolean> near = LabelPrecision.nearestLabel(records, truth, synonyms);
        assertEquals(Map.of("a", true, "b", false, "c", false), near);
        Map<String, Double> m = LabelPrecision.metrics(records, truth, Set.of(), near);
        assertEquals(0.5, m.get("engine/nearestLabel/accepted"));
        assertEquals(0.0, m.get("engine/nearestLabel/rejected"));
        assertEquals(1.0, m.get("engine/nearestLabel/acceptedNovel"));
        assertEquals(0.0, m.get("engine/precision/accepted"), "no caption has the label's word");
    }
}
