package dev.listkit.core.eval.compositional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.lexicon.CaptionWords;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metric on real Flickr8k pairs with scorers whose answer is known: it can pass, fail, and sit at chance. */
class CompositionalityEvaluatorTest {
    private static Benchmark benchmark;
    private static Map<String, Set<String>> references;
    private static Map<String, Set<String>> referenceWords;

    @BeforeAll
    static void generate() throws Exception {
        List<CaptionedItem> items = FlickrItems.read(200, 100);
        benchmark = HardNegativeGenerator.builder().optSeed(3).build().generate(items);
        references = new HashMap<>();
        referenceWords = new HashMap<>();
        for (CaptionedItem item : items) {
            Set<String> r = new HashSet<>();
            Set<String> w = new HashSet<>();
            for (String c : item.captions()) {
                r.add(CaptionWords.normalise(c));
                w.addAll(CaptionWords.words(c));
            }
            references.put(item.id(), r);
            referenceWords.put(item.id(), w);
        }
    }

    /** A scorer that prefers the original words: 1 for a caption of the item, 0 for anything else. */
    private static double reference(String item, String text) {
        return references.get(item).contains(CaptionWords.normalise(text)) ? 1 : 0;
    }

    private static CompositionalityResult score(java.util.function.ToDoubleBiFunction<String, String> f)
            throws Exception {
        return CompositionalityEvaluator.evaluate(benchmark, pairs -> {
            double[][] out = new double[pairs.size()][2];
            for (int p = 0; p < pairs.size(); p++) {
                out[p][0] = f.applyAsDouble(pairs.get(p).item(), pairs.get(p).positive());
                out[p][1] = f.applyAsDouble(pairs.get(p).item(), pairs.get(p).negative());
            }
            return out;
        });
    }

    @Test
    void aScorerThatKnowsTheReferencesIsAlwaysRight() throws Exception {
        CompositionalityResult r = score(CompositionalityEvaluatorTest::reference);
        assertEquals(0.5, r.chance());
        assertEquals(benchmark.pairs().size(), r.pairs());
        r.kinds().forEach((k, a) -> {
            assertTrue(a.pairs() > 0, k);
            assertEquals(1.0, a.accuracy(), 0.0, k);
            assertEquals(0.0, a.standardError(), 0.0, k);
        });
        assertEquals(1.0, r.mean(), 0.0);
    }

    @Test
    void itsOppositeIsAlwaysWrong() throws Exception {
        CompositionalityResult r = score((item, text) -> -reference(item, text));
        r.kinds().forEach((k, a) -> assertEquals(0.0, a.accuracy(), 0.0, k));
    }

    @Test
    void aScorerThatCannotTellThemApartIsAtChance() throws Exception {
        CompositionalityResult constant = score((item, text) -> 1.0);
        constant.kinds().forEach((k, a) -> {
            assertEquals(a.pairs(), a.ties(), k);
            assertEquals(0.5, a.accuracy(), 0.0, k);
        });
        Map<String, Long> seeds = new HashMap<>();
        CompositionalityResult random = score((item, text) ->
                new SplittableRandom(seeds.computeIfAbsent(item + "|" + text, k -> (long) seeds.size())).nextDouble());
        random.kinds().forEach((k, a) -> assertTrue(Math.abs(a.accuracy() - 0.5) < 4 * Math.sqrt(0.25 / a.pairs()),
                k + ": " + a));
        assertEquals(0.5, random.mean(), 0.05);
    }

    @Test
    void aBagOfWordsScorerFailsOnlyTheSwaps() throws Exception {
        // The share of the text's words that some reference uses: blind to word order (articles, which a swap
        // may change from "a" to "an", left out).
        CompositionalityResult r = score((item, text) -> {
            List<String> w = CaptionWords.words(text).stream().filter(x -> !x.equals("a") && !x.equals("an")).toList();
            return w.stream().filter(referenceWords.get(item)::contains).count() / (double) w.size();
        });
        for (String swap : List.of("swap-obj", "swap-att")) {
            assertEquals(0.5, r.kinds().get(swap).accuracy(), 0.0, swap + " keeps the words: " + r.kinds().get(swap));
        }
        for (String k : List.of("replace-obj", "replace-att", "add-obj", "add-att")) {
            assertTrue(r.kinds().get(k).accuracy() > 0.9, k + ": " + r.kinds().get(k));
        }
    }

    @Test
    void aKindWithoutPairsHasNoAccuracy() throws Exception {
        Benchmark empty = new Benchmark(0, 0, 0, 0, Map.of("swap-att", 0), List.of());
        CompositionalityResult r = CompositionalityEvaluator.evaluate(empty, pairs -> new double[0][2]);
        assertEquals(0, r.kinds().get("swap-att").pairs());
        assertNull(r.kinds().get("swap-att").accuracy());
        assertNull(r.mean());
    }
}
