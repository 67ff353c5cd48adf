package dev.listkit.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code alttext} refiner's tag captions: a tagger's tags teach concepts the captioner cannot name (a class
 * without a paired example), with the tagger's confidence; the captioner's own caption stays where a tag
 * confirms it ({@code keepConfirmed}).
 */
class AltTextTagCaptionsTest {
    private static final ConceptModel MODEL = new ConceptModel();

    private static EngineContext ctx() {
        return new EngineContext(MODEL, Path.of("unused"), Map.of(), 1, 1);
    }

    private static EngineItem item(String caption, Map<String, String> metadata) {
        EngineItem item = new EngineItem("ds:x", "ds", "x", metadata);
        float[] v = {0, 0, 0, 1, 0};
        item.setEmbedding(MODEL.embedModality(List.of(new FloatTensor(v, new long[] {1, 5})), 1)[0]);
        item.candidates().addAll(List.of(caption, "a rain in the distance"));
        item.setCaption(caption);
        return item;
    }

    private static Refiner refiner(String json) throws ConfigException {
        return EngineRegistry.refiner(Json.parse(json));
    }

    @Test
    void tagsCaptionASampleTheCaptionerCannotName() throws Exception {
        Refiner r = refiner("{\"id\": \"alttext\", \"template\": \"the sound of {}\", \"tagCaptions\": true}");
        // The captioner never saw cattle: it says "dog"; the tagger knows better.
        EngineItem cow = item("a dog can be heard", Map.of("tags", "Cattle, bovinae; Moo; Animal",
                "tagScores", "0.8100;0.4200;0.3000"));
        EngineItem untagged = item("a dog can be heard", Map.of());
        r.refine(List.of(cow, untagged), ctx());
        assertEquals("the sound of cattle, bovinae", cow.caption());
        assertEquals(List.of("the sound of moo"), cow.alternatives()); // 0.42 >= 0.5 x 0.81
        assertEquals(0.81, cow.scores().get("tagger"));
        assertTrue(cow.steps().get(0).note().startsWith("tag caption; tags [Cattle, bovinae 0.81"), cow.steps().get(0).note());
        assertEquals("a dog can be heard", untagged.caption(), "no tags: the concept re-alignment as before");
        assertTrue(untagged.alternatives().isEmpty());
    }

    @Test
    void aSecondTagNeedsHalfTheTopScoreAndAMinimumScoreGatesTagCaptions() throws Exception {
        Refiner r = refiner("{\"id\": \"alttext\", \"template\": \"the sound of {}\", \"tagCaptions\": true,"
                + " \"minTagScore\": 0.3}");
        EngineItem one = item("a dog can be heard", Map.of("tags", "Bird; Chirp", "tagScores", "0.9;0.2"));
        EngineItem weak = item("a dog can be heard", Map.of("tags", "Bird; Chirp", "tagScores", "0.2;0.1"));
        r.refine(List.of(one, weak), ctx());
        assertEquals("the sound of bird", one.caption());
        assertTrue(one.alternatives().isEmpty());
        assertEquals("a dog can be heard", weak.caption());
    }

    @Test
    void keepConfirmedKeepsTheCaptionersCaptionWhenATagNamesItsConcept() throws Exception {
        Refiner r = refiner("{\"id\": \"alttext\", \"template\": \"the sound of {}\", \"tagCaptions\": true,"
                + " \"keepConfirmed\": true}");
        EngineItem dog = item("a dog can be heard", Map.of("tags", "Dog; Bark", "tagScores", "0.9;0.8"));
        EngineItem cow = item("a dog can be heard", Map.of("tags", "Cattle, bovinae", "tagScores", "0.7"));
        r.refine(List.of(dog, cow), ctx());
        assertEquals("a dog can be heard", dog.caption());
        assertEquals(List.of("the sound of dog", "the sound of bark"), dog.alternatives());
        assertTrue(dog.steps().get(0).note().startsWith("caption confirmed by a tag"), dog.steps().get(0).note());
        assertEquals("the sound of cattle, bovinae", cow.caption());
    }

    @Test
    void tagNamesBecomeCaptionWords() throws Exception {
        Refiner r = refiner("{\"id\": \"alttext\", \"template\": \"{} can be heard\", \"tagCaptions\": true,"
                + " \"maxTagCaptions\": 3, \"secondTagRatio\": 0.0}");
        EngineItem siren = item("a dog can be heard", Map.of("tags", "Fire engine, fire truck (siren); Bee, wasp, etc.; Whimper (dog)",
                "tagScores", "0.5;0.4;0.3"));
        r.refine(List.of(siren), ctx());
        assertEquals("fire engine, fire truck, siren can be heard", siren.caption());
        assertEquals(List.of("bee, wasp can be heard", "whimper, dog can be heard"), siren.alternatives());
        ConfigException e = assertThrows(ConfigException.class,
                () -> refiner("{\"id\": \"alttext\", \"keepConfirmed\": true}"));
        assertTrue(e.getMessage().contains("set tagCaptions true"), e.getMessage());
    }

    @Test
    void keepCaptionKeepsTheCaptionersSentenceAndAddsEveryTagCaption() throws Exception {
        Refiner r = refiner("{\"id\": \"alttext\", \"template\": \"a photo of {}\", \"tagCaptions\": true,"
                + " \"keepCaption\": true, \"maxTagCaptions\": 3, \"secondTagRatio\": 0.1}");
        // The captioner's sentence names the people and the action; the tagger names the breed and the ball.
        EngineItem dog = item("a man throws a ball to a dog", Map.of("tags", "golden retriever; tennis ball; croquet ball",
                "tagScores", "0.6;0.2;0.01"));
        EngineItem untagged = item("a man throws a ball to a dog", Map.of());
        r.refine(List.of(dog, untagged), ctx());
        assertEquals("a man throws a ball to a dog", dog.caption());
        assertEquals(List.of("a photo of golden retriever", "a photo of tennis ball"), dog.alternatives()); // 0.01 < 0.1 x 0.6
        assertEquals(0.6, dog.scores().get("tagger"));
        assertTrue(dog.steps().get(0).note().startsWith("caption kept, tags as alternatives"), dog.steps().get(0).note());
        assertEquals("a man throws a ball to a dog", untagged.caption());
        assertTrue(untagged.alternatives().isEmpty());
        ConfigException alone = assertThrows(ConfigException.class,
                () -> refiner("{\"id\": \"alttext\", \"keepCaption\": true}"));
        assertTrue(alone.getMessage().contains("set tagCaptions true"), alone.getMessage());
        ConfigException both = assertThrows(ConfigException.class,
                () -> refiner("{\"id\": \"alttext\", \"tagCaptions\": true, \"keepCaption\": true, \"keepConfirmed\": true}"));
        assertTrue(both.getMessage().contains("set one of them"), both.getMessage());
    }
}
