package dev.listkit.core.engine.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.EngineTestData;
import dev.listkit.core.engine.RefineStep;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.lexicon.Inflection;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordNetRefinerTest {
    private static EngineContext ctx(long seed) {
        return EngineTestData.context(Path.of("."), Map.of(), seed);
    }

    private static List<EngineItem> run(String config, List<String> captions, long seed) throws Exception {
        List<EngineItem> items = EngineTestData.items(captions);
        try (Refiner r = new WordNetRefinerProvider().create(Json.parse(config))) {
            r.refine(items, ctx(seed));
        }
        return items;
    }

    @Test
    void realCaptionsAreDiversifiedDeterministicallyWithoutTouchingStopWords() throws Exception {
        List<String> captions = EngineTestData.flickrCaptions(300);
        String config = "{\"probability\": 0.5}";
        List<EngineItem> a = run(config, captions, 42);
        List<EngineItem> b = run(config, captions, 42);
        List<EngineItem> c = run(config, captions, 43);
        int changed = 0;
        int differentSeed = 0;
        for (int i = 0; i < captions.size(); i++) {
            String before = captions.get(i);
            EngineItem it = a.get(i);
            RefineStep s = it.steps().get(0);
            assertEquals(b.get(i).caption(), it.caption(), "same seed and id, same caption");
            assertEquals(before, s.before());
            assertEquals(it.caption(), s.after());
            if (!s.after().equals(before)) {
                changed++;
                int subs = s.note().split("; ").length;
                assertTrue(subs >= 1 && subs <= 3, s.note());
                for (String sub : s.note().split("; ")) {
                    String to = sub.substring(sub.indexOf('→') + 1, sub.lastIndexOf(" ("));
                    assertTrue(s.after().contains(to), s.note() + " -> " + s.after());
                }
                // The original's stop words survive, in order (a/an may swap; a replacement such as "go up" may
                // bring its own).
                assertTrue(isSubsequence(stopWords(before), stopWords(s.after())), before + " -> " + s.after());
            } else {
                assertEquals("no substitution", s.note());
            }
            differentSeed += c.get(i).caption().equals(it.caption()) ? 0 : 1;
        }
        assertTrue(changed > 150, "changed " + changed + " of 300");
        assertTrue(differentSeed > 50, "another seed changed only " + differentSeed);
    }

    private static boolean isSubsequence(List<String> small, List<String> big) {
        int j = 0;
        for (String w : big) {
            if (j < small.size() && small.get(j).equals(w)) {
                j++;
            }
        }
        return j == small.size();
    }

    private static List<String> stopWords(String caption) {
        List<String> out = new ArrayList<>();
        for (String w : CaptionWords.words(caption)) {
            if (CaptionWords.isStopWord(w)) {
                out.add(w.equals("an") ? "a" : w);
            }
        }
        return out;
    }

    @Test
    void hypernymsKeepInflectionCaseAndArticles() throws Exception {
        String config = "{\"probability\": 1, \"hypernymProbability\": 1, \"maxSubstitutions\": 5}";
        EngineItem dogs = run(config, List.of("Two dogs"), 1).get(0);
        assertTrue(Set.of("Two canines", "Two canids").contains(dogs.caption()), dogs.caption());
        EngineItem little = run(config, List.of("A little girl"), 1).get(0);
        assertTrue(little.caption().startsWith("A little "), little.caption()); // adjective use: kept
        EngineItem car = run("{\"probability\": 1, \"hypernymProbability\": 0}", List.of("A car"), 1).get(0);
        // car's first sense: {car, auto, automobile, machine, motorcar}: "an" before a vowel.
        assertTrue(Set.of("An auto", "An automobile", "A machine", "A motorcar").contains(car.caption()), car.caption());
        EngineItem running = run("{\"probability\": 1, \"hypernymProbability\": 0, \"pos\": [\"verb\"]}",
                List.of("the man is running"), 3).get(0);
        assertTrue(running.caption().startsWith("the man is ") && running.caption().endsWith("ing"),
                running.caption());
        EngineItem untouched = run("{\"probability\": 0}", List.of("A black dog runs across the grass ."), 1).get(0);
        assertEquals("A black dog runs across the grass .", untouched.caption());
    }

    @Test
    void inflectionRules() {
        assertEquals("canines", Inflection.like("dogs", "dog", "canine", true));
        assertEquals("motor vehicles", Inflection.like("cars", "car", "motor vehicle", true));
        assertEquals("chasing after", Inflection.like("running", "run", "chase after", false));
        assertEquals("hurries", Inflection.like("runs", "run", "hurry", false));
        assertEquals("stopped", Inflection.like("halted", "halt", "stop", false));
        assertEquals("making", Inflection.ing("make"));
        assertEquals("lying", Inflection.ing("lie"));
        assertEquals("boxes", Inflection.plural("box"));
        assertEquals(null, Inflection.like("ran", "run", "sprint", false));
    }

    @Test
    void configErrorsNameTheKey() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> WordNetRefinerConfig.from(Json.parse("{\"prob\": 0.2}")));
        assertTrue(unknown.getMessage().contains("unknown key 'prob'"), unknown.getMessage());
        ConfigException pos = assertThrows(ConfigException.class,
                () -> WordNetRefinerConfig.from(Json.parse("{\"pos\": [\"adverb\"]}")));
        assertTrue(pos.getMessage().contains("pos: unknown part of speech 'adverb'"), pos.getMessage());
        ConfigException p = assertThrows(ConfigException.class,
                () -> WordNetRefinerConfig.from(Json.parse("{\"probability\": 1.5}")));
        assertTrue(p.getMessage().contains("probability must be in [0, 1]"), p.getMessage());
        assertNotEquals(WordNetRefiner.seed(1, "a"), WordNetRefiner.seed(1, "b"));
    }
}
