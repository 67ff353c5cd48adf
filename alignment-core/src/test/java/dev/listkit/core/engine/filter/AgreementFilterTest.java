package dev.listkit.core.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

class AgreementFilterTest {
    private static EngineItem item(String id, String caption, List<String> candidates, Map<String, String> metadata) {
        EngineItem it = new EngineItem(id, "test", id + ".wav", metadata);
        it.setCaption(caption);
        it.candidates().addAll(candidates);
        return it;
    }

    private static void apply(CaptionFilter f, List<EngineItem> items) throws Exception {
        f.apply(items, EngineTestData.context(Path.of("."), Map.of(), 1));
    }

    @Test
    void keepsASampleWhenMOfItsKCandidatesNameItsMainConcept() throws Exception {
        CaptionFilter f = new AgreementFilterProvider().create(Json.parse("{\"minAgree\": 3}"));
        assertEquals("agreement", f.id());
        // "dogs" and "dog" are one concept; the caption's main concept is the one most candidates name.
        EngineItem sure = item("a", "a dog barks", List.of("a dog barks", "dogs barking", "a cat meows", "dog"), Map.of());
        EngineItem guess = item("b", "a dog barks", List.of("a dog barks", "rain on a roof", "a cat meows", "siren"),
                Map.of());
        EngineItem empty = item("c", "it is", List.of("it is", "a dog"), Map.of());
        apply(f, List.of(sure, guess, empty));
        assertTrue(sure.alive(), sure.reason());
        assertEquals(3.0, sure.scores().get("agreement"));
        assertEquals("agreement: 1 of 4 voters name 'dog' (min 3)", guess.reason());
        assertEquals("agreement: the caption names no concept", empty.reason());
    }

    @Test
    void metadataValuesVoteToo() throws Exception {
        CaptionFilter f = new AgreementFilterProvider().create(Json.parse("{\"minAgree\": 2, \"metadataKeys\": [\"tags\"]}"));
        EngineItem tagged = item("a", "the sound of cattle", List.of("cattle lowing", "a pig"),
                Map.of("tags", "Cattle, bovinae; Moo"));
        EngineItem untagged = item("b", "the sound of cattle", List.of("cattle lowing", "a pig"), Map.of());
        apply(f, List.of(tagged, untagged));
        assertTrue(tagged.alive(), tagged.reason());
        assertEquals(2.0, tagged.scores().get("agreement")); // one candidate and the tags
        assertEquals("agreement: 1 of 2 voters name 'cattle' (min 2)", untagged.reason());
    }

    @Test
    void configErrorsNameTheKey() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> new AgreementFilterProvider().create(Json.parse("{}")));
        assertTrue(missing.getMessage().contains("'minAgree' is required"), missing.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> new AgreementFilterProvider().create(Json.parse("{\"minAgre\": 2}")));
        assertTrue(unknown.getMessage().contains("unknown key 'minAgre'"), unknown.getMessage());
    }
}
