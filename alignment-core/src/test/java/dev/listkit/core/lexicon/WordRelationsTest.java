package dev.listkit.core.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The WordNet relations, function-word classes and inflections the compositionality benchmark builds on. */
class WordRelationsTest {
    @Test
    void antonymsAndSisterTerms() throws Exception {
        WordNet wn = WordNet.get();
        assertEquals(List.of("woman"), lemmas(wn.antonyms("man", WordNet.Pos.NOUN)));
        assertTrue(lemmas(wn.antonyms("little", WordNet.Pos.ADJECTIVE)).contains("big"));
        assertTrue(lemmas(wn.antonyms("sit", WordNet.Pos.VERB)).contains("stand"));
        assertEquals(List.of(), wn.antonyms("silver", WordNet.Pos.ADJECTIVE), "no indirect antonyms (nonmetallic)");
        List<String> dogSisters = lemmas(wn.coHyponyms("dog", WordNet.Pos.NOUN, WordNet.TOO_GENERAL));
        assertTrue(dogSisters.containsAll(List.of("wolf", "fox")), dogSisters.toString());
        assertFalse(dogSisters.contains("dog"));
        assertTrue(lemmas(wn.coHyponyms("red", WordNet.Pos.NOUN, WordNet.TOO_GENERAL)).contains("blue"));
        assertEquals(List.of(), wn.coHyponyms("water", WordNet.Pos.NOUN, WordNet.TOO_GENERAL),
                "first hypernym 'binary compound' is too general");
    }

    @Test
    void ancestorsPartsSimilarityAndFrames() throws Exception {
        WordNet wn = WordNet.get();
        assertTrue(wn.hasAncestor("girl", WordNet.Pos.NOUN, "person"));
        assertTrue(wn.hasAncestor("puppy", WordNet.Pos.NOUN, "dog"));
        assertFalse(wn.hasAncestor("dog", WordNet.Pos.NOUN, "person"));
        assertTrue(wn.isPartOf("face", "head"));
        assertFalse(wn.isPartOf("head", "face"));
        assertTrue(wn.sameOrSimilar("tiny", "small", WordNet.Pos.ADJECTIVE));
        assertFalse(wn.sameOrSimilar("big", "small", WordNet.Pos.ADJECTIVE));
        assertTrue(wn.transitive("hold"));
        assertFalse(wn.transitive("arrive"));
        assertTrue(wn.baseForms("men", WordNet.Pos.NOUN).contains("man"));
    }

    @Test
    void functionWordClasses() {
        assertTrue(FunctionWords.is(FunctionWords.Kind.DETERMINER, "the"));
        assertTrue(FunctionWords.is(FunctionWords.Kind.PREPOSITION, "under"));
        assertTrue(FunctionWords.is(FunctionWords.Kind.PHRASE, "in front of"));
        assertTrue(FunctionWords.is(FunctionWords.Kind.POSITION, "background"));
        assertTrue(FunctionWords.isAny("her"));
        assertFalse(FunctionWords.isAny("dog"));
        assertFalse(FunctionWords.isAny("background"), "position nouns are nouns");
        assertEquals(Set.of("in front of", "next to"), Set.of("in front of", "next to").stream()
                .filter(FunctionWords.words(FunctionWords.Kind.PHRASE)::contains).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void articlesAndPlurals() {
        assertEquals("an", Inflection.article("apple"));
        assertEquals("an", Inflection.article("hour"));
        assertEquals("a", Inflection.article("university"));
        assertEquals("a", Inflection.article("dog"));
        assertEquals("women", Inflection.nounPlural("woman"));
        assertEquals("firemen", Inflection.nounPlural("fireman"));
        assertEquals("humans", Inflection.nounPlural("human"));
        assertEquals("people", Inflection.nounPlural("person"));
        assertEquals("wild dogs", Inflection.nounPlural("wild dog"));
        assertEquals("boxes", Inflection.nounPlural("box"));
    }

    private static List<String> lemmas(List<WordNet.Related> r) {
        return r.stream().map(WordNet.Related::lemma).toList();
    }
}
