package dev.listkit.core.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.EngineTestData;
import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalanceFilterTest {
    private static final EngineContext CTX = EngineTestData.context(Path.of("."), Map.of(), 1);

    @Test
    void capsFrequentConceptsAndKeepsItemsWithARareOne() throws Exception {
        CaptionFilter f = new BalanceFilterProvider().create(Json.parse("{\"type\": \"balance\", \"maxPerConcept\": 2}"));
        List<EngineItem> items = List.of(
                EngineTestData.item("a", "A dog runs on the grass", 0.9),
                EngineTestData.item("b", "Two dogs run on grass", 0.8),
                EngineTestData.item("c", "the dog runs", 0.7),            // dog 2, run 2: rejected
                EngineTestData.item("d", "a dog runs with a frisbee", 0.6), // frisbee is new: kept
                EngineTestData.item("e", "A cat sleeps", 0.1));
        f.apply(items, CTX);
        assertTrue(items.get(0).alive() && items.get(1).alive() && items.get(3).alive() && items.get(4).alive());
        assertEquals("balance: every concept is at the cap of 2 (most frequent: 'dog' x2)", items.get(2).reason());
    }

    @Test
    void scoreOrderDecidesWhoIsKeptAndTheResultIsDeterministic() throws Exception {
        List<String> captions = EngineTestData.flickrCaptions(2000);
        int cap = 20;
        List<EngineItem> first = new ArrayList<>();
        List<EngineItem> second = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            double score = ((i * 7919L) % 1000) / 1000.0;
            first.add(EngineTestData.item("i" + i, captions.get(i), score));
            second.add(EngineTestData.item("i" + i, captions.get(i), score));
        }
        CaptionFilter f = new BalanceFilter(BalanceConfig.from(Json.parse("{\"maxPerConcept\": " + cap + "}")));
        f.apply(first, CTX);
        f.apply(second, CTX);
        Map<String, Integer> counts = new HashMap<>();
        int rejected = 0;
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).reason(), second.get(i).reason());
            if (first.get(i).alive()) {
                for (String c : CaptionWords.contentWords(first.get(i).caption())) {
                    counts.merge(c, 1, Integer::sum);
                }
            } else {
                rejected++;
            }
        }
        // Common Flickr8k concepts (dog, man, water) are capped; each kept item added one to each concept, and
        // an item is only kept while one of its concepts is under the cap, so no rejected item's concepts are
        // all below the cap.
        assertTrue(rejected > 50, "rejected " + rejected);
        for (EngineItem it : first) {
            if (!it.alive()) {
                for (String c : CaptionWords.contentWords(it.caption())) {
                    assertTrue(counts.getOrDefault(c, 0) >= cap, it.id() + " rejected although '" + c + "' has "
                            + counts.getOrDefault(c, 0));
                }
            }
        }
        // Every item brings several concepts, so a head concept keeps more than the cap (items kept for a rarer
        // word still count), but fewer than before.
        int dogsBefore = 0;
        for (String c : captions) {
            dogsBefore += CaptionWords.contentWords(c).contains("dog") ? 1 : 0;
        }
        assertTrue(counts.get("dog") >= cap && counts.get("dog") < dogsBefore * 0.9,
                "dog kept " + counts.get("dog") + " of " + dogsBefore);
    }

    @Test
    void maxPerConceptIsRequired() {
        ConfigException missing = assertThrows(ConfigException.class, () -> BalanceConfig.from(Json.parse("{}")));
        assertTrue(missing.getMessage().contains("'maxPerConcept' is required"), missing.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> BalanceConfig.from(Json.parse("{\"maxPerConcept\": 3, \"cap\": 2}")));
        assertTrue(unknown.getMessage().contains("unknown key 'cap'"), unknown.getMessage());
        ConfigException range = assertThrows(ConfigException.class,
                () -> BalanceConfig.from(Json.parse("{\"maxPerConcept\": 0}")));
        assertTrue(range.getMessage().contains("maxPerConcept must be >= 1"), range.getMessage());
    }
}
