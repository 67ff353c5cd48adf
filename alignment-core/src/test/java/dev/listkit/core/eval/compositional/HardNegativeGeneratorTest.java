package dev.listkit.core.eval.compositional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.lexicon.Inflection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardNegativeGeneratorTest {
    private static List<CaptionedItem> flickr;
    private static Benchmark benchmark;

    @BeforeAll
    static void generate() throws Exception {
        flickr = FlickrItems.read(0, 100);
        benchmark = HardNegativeGenerator.builder().optSeed(0).build().generate(flickr);
    }

    @Test
    void everyKindOnRealFlickrCaptions() {
        assertEquals(100, benchmark.items());
        assertEquals(500, benchmark.positives());
        assertTrue(benchmark.unknown() < 50, "few captions have words WordNet lacks: " + benchmark.unknown());
        for (NegativeKind k : NegativeKind.values()) {
            int n = benchmark.generated().get(k.id());
            assertTrue(n >= (k == NegativeKind.SWAP_ATT ? 20 : 150), k.id() + ": " + benchmark.generated());
        }
        assertEquals(benchmark.pairs().size(), benchmark.generated().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void eachKindEditsTheCaptionAsItSays() {
        for (HardNegative h : benchmark.pairs()) {
            List<String> p = CaptionWords.words(h.positive());
            List<String> n = CaptionWords.words(h.negative());
            String what = h.kind() + ": " + h.positive() + " → " + h.negative();
            assertFalse(h.change().isBlank(), what);
            switch (NegativeKind.of(h.kind())) {
                case REPLACE_OBJ, REPLACE_ATT, REPLACE_REL -> {
                    // one place changes: what differs between the common prefix and suffix is a word or a phrase
                    int prefix = 0;
                    while (prefix < Math.min(p.size(), n.size()) && p.get(prefix).equals(n.get(prefix))) {
                        prefix++;
                    }
                    int suffix = 0;
                    while (suffix < Math.min(p.size(), n.size()) - prefix
                            && p.get(p.size() - 1 - suffix).equals(n.get(n.size() - 1 - suffix))) {
                        suffix++;
                    }
                    assertTrue(p.size() - prefix - suffix <= 4 && n.size() - prefix - suffix <= 3, what);
                }
                case SWAP_OBJ, SWAP_ATT -> assertEquals(withoutArticles(p), withoutArticles(n), what);
                case ADD_OBJ -> {
                    assertEquals(p.size() + 3, n.size(), what);
                    assertTrue(n.contains("and"), what);
                }
                case ADD_ATT -> assertEquals(p.size() + 1, n.size(), what);
            }
        }
    }

    @Test
    void negativesDifferFromEveryReferenceOfTheirItem() {
        Map<String, Set<String>> refs = new HashMap<>();
        for (CaptionedItem item : flickr) {
            Set<String> s = new HashSet<>();
            item.captions().forEach(c -> s.add(CaptionWords.normalise(c)));
            refs.put(item.id(), s);
        }
        for (HardNegative h : benchmark.pairs()) {
            assertTrue(refs.get(h.item()).contains(CaptionWords.normalise(h.positive())), h.toString());
            assertFalse(refs.get(h.item()).contains(CaptionWords.normalise(h.negative())), h.toString());
        }
    }

    @Test
    void articlesAgreeWithTheWordAfterThem() {
        for (HardNegative h : benchmark.pairs()) {
            List<String> n = CaptionWords.words(h.negative());
            List<String> p = CaptionWords.words(h.positive());
            if (wrongArticles(n) > wrongArticles(p)) {
                throw new AssertionError("article disagrees: " + h);
            }
        }
    }

    @Test
    void sameSeedSameBenchmarkOtherSeedAnother(@TempDir Path tmp) throws Exception {
        Benchmark again = HardNegativeGenerator.builder().optSeed(0).build().generate(flickr);
        assertEquals(benchmark.pairs(), again.pairs());
        benchmark.writeJsonl(tmp.resolve("a.jsonl"));
        again.writeJsonl(tmp.resolve("b.jsonl"));
        assertEquals(Files.readString(tmp.resolve("a.jsonl")), Files.readString(tmp.resolve("b.jsonl")));
        assertEquals(benchmark.pairs().size(), Files.readAllLines(tmp.resolve("a.jsonl")).size());
        Benchmark other = HardNegativeGenerator.builder().optSeed(1).build().generate(flickr);
        assertNotEquals(benchmark.pairs(), other.pairs());
        // One item's pairs do not depend on the items after it.
        Benchmark prefix = HardNegativeGenerator.builder().optSeed(0).build().generate(flickr.subList(0, 1));
        List<HardNegative> first = benchmark.pairs().stream().filter(h -> h.item().equals(flickr.get(0).id()))
                .filter(h -> !h.kind().startsWith("add-")).toList();
        assertEquals(first, prefix.pairs().stream().filter(h -> !h.kind().startsWith("add-")).toList());
    }

    @Test
    void knownEdits() throws Exception {
        assertEquals(Set.of("A big girl climbing into a wooden playhouse ."),
                negatives("A little girl climbing into a wooden playhouse .", NegativeKind.REPLACE_ATT));
        assertEquals(Set.of("A young man sits on a bench ."),
                negatives("An old man sits on a bench .", NegativeKind.REPLACE_ATT));
        assertEquals(Set.of("Two women are sitting ."), negatives("Two men are sitting .", NegativeKind.REPLACE_OBJ));
        assertTrue(Set.of("Two men are standing .", "Two men are lying .").containsAll(
                negatives("Two men are sitting .", NegativeKind.REPLACE_REL)));
        assertEquals(Set.of("A little girl climbing out of a wooden playhouse ."),
                negatives("A little girl climbing into a wooden playhouse .", NegativeKind.REPLACE_REL));
        assertTrue(Set.of("A rock in a red shirt climbs a man .", "A shirt in a red man climbs a rock .",
                "A man in a red rock climbs a shirt .").containsAll(
                negatives("A man in a red shirt climbs a rock .", NegativeKind.SWAP_OBJ)));
        assertEquals(Set.of("A man in a blue shirt and a red hat ."),
                negatives("A man in a red shirt and a blue hat .", NegativeKind.SWAP_ATT));
        // "A black dog and a white cat" would swap to a list that says the same: not made.
        assertEquals(Set.of(), negatives("A dog and a cat .", NegativeKind.SWAP_OBJ));
    }

    @Test
    void referencesRuleOutNegativesThatMayBeTrue() throws Exception {
        CaptionedItem item = new CaptionedItem("x", List.of("A black dog runs on the grass .",
                "A black and white dog runs on the grass ."));
        Benchmark b = HardNegativeGenerator.builder().optKinds(EnumSet.of(NegativeKind.REPLACE_ATT)).build()
                .generate(List.of(item));
        assertFalse(b.pairs().isEmpty());
        for (HardNegative h : b.pairs()) {
            assertFalse(CaptionWords.words(h.negative()).contains("white") && h.positive().startsWith("A black dog"),
                    "white is in a reference: " + h);
        }
    }

    @Test
    void captionsWithUnknownWordsMakeNoNegatives() throws Exception {
        Benchmark b = HardNegativeGenerator.builder().build()
                .generate(List.of(new CaptionedItem("x", List.of("A black dog runs on the xqzzyv ."))));
        assertEquals(1, b.unknown());
        assertEquals(List.of(), b.pairs());
    }

    private static Set<String> negatives(String caption, NegativeKind kind) throws Exception {
        Set<String> out = new HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            Benchmark b = HardNegativeGenerator.builder().optSeed(seed).optKinds(EnumSet.of(kind)).build()
                    .generate(List.of(new CaptionedItem("x", List.of(caption))));
            b.pairs().forEach(h -> out.add(h.negative()));
        }
        return out;
    }

    private static List<String> withoutArticles(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (!w.equals("a") && !w.equals("an")) {
                out.add(w);
            }
        }
        out.sort(null);
        return out;
    }

    private static int wrongArticles(List<String> w) {
        int wrong = 0;
        for (int i = 0; i + 1 < w.size(); i++) {
            if (w.get(i).equals("a") || w.get(i).equals("an")) {
                wrong += w.get(i).equals(Inflection.article(w.get(i + 1))) ? 0 : 1;
            }
        }
        return wrong;
    }
}
