package dev.listkit.core.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.EngineTestData;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeuristicsFilterTest {
    private static HeuristicsFilter defaults() throws ConfigException {
        return new HeuristicsFilter(HeuristicsConfig.from(null));
    }

    @Test
    void realHumanCaptionsPass() throws Exception {
        HeuristicsFilter f = defaults();
        List<String> captions = EngineTestData.flickrCaptions(500);
        int rejected = 0;
        for (String c : captions) {
            if (f.check(c) != null) {
                rejected++;
            }
        }
        // Human captions are the positive class: at most a handful may trip a rule — here typos ("aross",
        // "moutains", "magizine": non-words, 10 of the first 500) and one trailing comma; compounds ("wetsuit",
        // "shirtless", "t-shirt", "ATV 's") pass.
        assertTrue(rejected <= 15, rejected + " of 500 Flickr8k captions rejected");
        assertNull(f.check("Ship horn")); // OpenSFX label: no function word, but WordNet knows both words
        assertNull(f.check("A frog."));
    }

    @Test
    void eachRuleRejectsWithItsName() throws Exception {
        HeuristicsFilter f = defaults();
        assertTrue(f.check("dog").startsWith("min-words: 1 words < 2"), f.check("dog"));
        assertTrue(f.check("a dog dog dog dog").startsWith("repeat: 60%"), f.check("a dog dog dog dog"));
        String loop = "a dog is running on the grass on the grass on the grass";
        assertTrue(f.check(loop).startsWith("repeated-bigram: "), f.check(loop));
        assertTrue(f.check("12 34 56 a dog").startsWith("alpha: 40%"), f.check("12 34 56 a dog"));
        String spanish = "un perro corriendo en el parque";
        assertTrue(f.check(spanish).startsWith("language: 50% of the words"), f.check(spanish));
        assertTrue(f.check("xqzt vrbnk plofq").startsWith("language: "), f.check("xqzt vrbnk plofq"));
        String longCaption = "a dog and a cat and a bird and a horse and a cow"
                + " and a pig and a goat and a sheep and a duck and a hen and a fox and a wolf and a bear and a deer";
        HeuristicsFilter shortMax = new HeuristicsFilter(HeuristicsConfig.from(Json.parse("{\"maxWords\": 10}")));
        assertTrue(shortMax.check(longCaption).startsWith("max-words: "), shortMax.check(longCaption));
        HeuristicsFilter fw = new HeuristicsFilter(HeuristicsConfig.from(Json.parse("{\"vocabulary\": \"function-words\"}")));
        assertTrue(fw.check("Ship horn").startsWith("language: no English function word in"), fw.check("Ship horn"));
        HeuristicsFilter none = new HeuristicsFilter(HeuristicsConfig.from(Json.parse("{\"vocabulary\": \"none\"}")));
        assertNull(none.check("xqzt vrbnk plofq"));
    }

    /** The three captions a person rejected in an esc50-list gallery (issue 17), which the filter once accepted. */
    @Test
    void captionsAPersonRejectsAreRejected() throws Exception {
        HeuristicsFilter f = defaults();
        assertEquals("nonword: [whoei] are not English words (max 0)", f.check("toy heard whoei the"));
        assertEquals("punctuation: stray '.' after 'a'", f.check("a. metal."));
        assertEquals("nonword: [recordingfe] are not English words (max 0)", f.check("a pig recordingfe."));
        // Each new rule on its own.
        assertEquals("dangling: the caption ends on 'the'", f.check("a dog barks at the"));
        assertTrue(f.check("the sound of a", Set.of("sound"), Map.of()).startsWith("content: 0 content words"),
                f.check("the sound of a", Set.of("sound"), Map.of()));
        assertTrue(f.check("a dog barks . loudly").startsWith("punctuation: stray '.' inside the caption"));
        assertTrue(f.check("a dog ,barks").startsWith("punctuation: stray ','"), f.check("a dog ,barks"));
        assertTrue(f.check("a dog (barks)").startsWith("punctuation: stray '('"), f.check("a dog (barks)"));
        // What should pass: tokenised human text, commas, inner marks, numbers, a tag name from the metadata.
        assertNull(f.check("A black dog runs across the grass ."));
        assertNull(f.check("a dog barks, then a car passes!"));
        assertNull(f.check("the man's x-ray shows 2 dogs and a cat"));
        assertNull(f.check("a shirtless man in a wetsuit"));
        assertNull(f.check("the sound of dog bark"));
        assertNull(f.check("the sound of cattle, bovinae", Set.of("sound"), Map.of("tags", "Cattle, bovinae; Moo")));
        // The rules can be relaxed.
        HeuristicsFilter loose = new HeuristicsFilter(HeuristicsConfig.from(Json.parse(
                "{\"maxNonWords\": 1, \"punctuation\": false, \"dangling\": false, \"minContentWords\": 0}")));
        assertNull(loose.check("toy heard whoei the"));
        assertNull(loose.check("a. metal."));
        HeuristicsFilter allow = new HeuristicsFilter(HeuristicsConfig.from(Json.parse("{\"allowWords\": [\"Whoei\"]}")));
        assertEquals("dangling: the caption ends on 'the'", allow.check("toy heard whoei the"));
    }

    @Test
    void applyReadsTheModalityMediumWordsAndTheSampleMetadata() throws Exception {
        CaptionFilter f = new HeuristicsFilterProvider().create(Json.parse("{}"));
        EngineItem tag = new EngineItem("t", "test", "t.wav", Map.of("tags", "Whoosh, swoosh, swish"));
        tag.setCaption("the sound of whoosh, swoosh, swish");
        EngineItem glued = EngineTestData.item("g", "the sound of swooshfe", null);
        f.apply(List.of(tag, glued), EngineTestData.context(Path.of("."), Map.of(), 1));
        assertTrue(tag.alive(), tag.reason());
        assertEquals("heuristics: nonword: [swooshfe] are not English words (max 0)", glued.reason());
    }

    @Test
    void applyRejectsOnlyLiveItemsAndKeepsFirstReason() throws Exception {
        CaptionFilter f = new HeuristicsFilterProvider().create(Json.parse("{\"type\": \"heuristics\", \"minWords\": 3}"));
        assertEquals("heuristics", f.id());
        List<EngineItem> items = EngineTestData.items(List.of("A black dog runs across the grass .", "a dog",
                "a dog dog dog dog", "two people walk along a beach"));
        items.get(3).reject("alignment", "score 0.1 < 0.2");
        f.apply(items, EngineTestData.context(Path.of("."), Map.of(), 1));
        assertTrue(items.get(0).alive());
        assertEquals("heuristics: min-words: 2 words < 3", items.get(1).reason());
        assertTrue(items.get(2).reason().startsWith("heuristics: repeat: "));
        assertEquals("alignment: score 0.1 < 0.2", items.get(3).reason());
    }

    @Test
    void configErrorsNameTheKey() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> HeuristicsConfig.from(Json.parse("{\"minWord\": 3}")));
        assertTrue(unknown.getMessage().contains("unknown key 'minWord'"), unknown.getMessage());
        ConfigException range = assertThrows(ConfigException.class,
                () -> HeuristicsConfig.from(Json.parse("{\"minWords\": 5, \"maxWords\": 4}")));
        assertTrue(range.getMessage().contains("maxWords"), range.getMessage());
        ConfigException vocab = assertThrows(ConfigException.class,
                () -> HeuristicsConfig.from(Json.parse("{\"vocabulary\": \"klingon\"}")));
        assertTrue(vocab.getMessage().contains("vocabulary"), vocab.getMessage());
        ConfigException type = assertThrows(ConfigException.class,
                () -> HeuristicsConfig.from(Json.parse("{\"maxRepeatFraction\": \"high\"}")));
        assertTrue(type.getMessage().contains("maxRepeatFraction"), type.getMessage());
    }
}
