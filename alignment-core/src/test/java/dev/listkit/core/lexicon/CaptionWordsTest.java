package dev.listkit.core.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionWordsTest {
    @Test
    void tokensKeepOffsetsAndInnerMarks() {
        String c = "A girl's x-ray, then \"two dogs\" run.";
        List<CaptionWords.Token> t = CaptionWords.tokenize(c);
        assertEquals(List.of("A", "girl's", "x-ray", "then", "two", "dogs", "run"),
                t.stream().map(CaptionWords.Token::text).toList());
        for (CaptionWords.Token tok : t) {
            assertEquals(tok.text(), c.substring(tok.start(), tok.end()));
        }
        assertEquals(List.of(), CaptionWords.tokenize(" ... -- !"));
        assertEquals("a dog runs on the beach", CaptionWords.normalise("  A dog runs, on THE beach ! "));
    }

    @Test
    void contentWordsDropStopWordsAndPlurals() {
        assertEquals(List.of("two", "dog", "play", "puppy", "beach", "box", "glass", "bus"),
                CaptionWords.contentWords("Two dogs play with the puppies on a beach near boxes, glasses and a bus"));
        assertEquals(List.of("child", "pink", "dress", "climbing", "set", "stair", "entry", "way"),
                CaptionWords.contentWords("A child in a pink dress is climbing up a set of stairs in an entry way ."));
        assertTrue(CaptionWords.isStopWord("the"));
        assertFalse(CaptionWords.isStopWord("dog"));
        assertEquals("is", CaptionWords.singular("is"));
        assertEquals(List.of(), CaptionWords.contentWords("it is in the"));
    }
}
