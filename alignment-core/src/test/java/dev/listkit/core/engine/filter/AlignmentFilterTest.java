package dev.listkit.core.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.EngineTestData;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlignmentFilterTest {
    private static void apply(CaptionFilter f, List<EngineItem> items) throws Exception {
        f.apply(items, EngineTestData.context(Path.of("."), Map.of(), 1));
    }

    /** Six frequent "dog" captions scoring above two rare "siren" ones. */
    private static List<EngineItem> skewed() {
        List<EngineItem> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add(EngineTestData.item("d" + i, "a dog barks", 0.9 - 0.01 * i));
        }
        items.add(EngineTestData.item("s0", "a siren wails", 0.5));
        items.add(EngineTestData.item("s1", "a siren wails", 0.4));
        return items;
    }

    @Test
    void perConceptTopKKeepsRareConceptsThatAGlobalCutDrops() throws Exception {
        List<EngineItem> global = skewed();
        apply(new AlignmentFilterProvider().create(Json.parse("{\"topFraction\": 0.5}")), global);
        assertEquals(List.of("d0", "d1", "d2", "d3"), global.stream().filter(EngineItem::alive).map(EngineItem::id).toList());

        List<EngineItem> perConcept = skewed();
        CaptionFilter upl = new AlignmentFilterProvider().create(Json.parse("{\"perConceptTopK\": 2}"));
        assertTrue(upl.global());
        apply(upl, perConcept);
        assertEquals(List.of("d0", "d1", "s0", "s1"),
                perConcept.stream().filter(EngineItem::alive).map(EngineItem::id).toList());
        assertEquals("alignment: alignment 0.8800: not among the best 2 of concept 'dog' (6 items)",
                perConcept.get(2).reason());
    }

    @Test
    void readsAnyScoreKeyAndRanksItemsWithoutItLast() throws Exception {
        List<EngineItem> items = skewed();
        items.get(0).scores().put("tagger", 0.2);
        items.get(6).scores().put("tagger", 0.7);
        apply(new AlignmentFilterProvider().create(Json.parse("{\"minScore\": 0.5, \"scoreKey\": \"tagger\"}")), items);
        assertTrue(items.get(6).alive());
        assertFalse(items.get(0).alive());
        assertEquals("alignment: tagger 0.2000 < 0.5000", items.get(0).reason());
        assertTrue(items.get(1).reason().startsWith("alignment: tagger -Infinity < 0.5000"), items.get(1).reason());
    }

    @Test
    void configNeedsARule() {
        ConfigException none = assertThrows(ConfigException.class,
                () -> new AlignmentFilterProvider().create(Json.parse("{\"scoreKey\": \"tagger\"}")));
        assertTrue(none.getMessage().contains("set minScore, topFraction and/or perConceptTopK"), none.getMessage());
        assertThrows(ConfigException.class, () -> new AlignmentFilterProvider().create(Json.parse("{\"perConceptTopK\": 0}")));
    }
}
