package dev.listkit.core.eval.compositional;

import dev.listkit.core.lexicon.CaptionWords;
import java.util.List;

/**
 * A caption cut into words with coarse parts of speech and its simple noun phrases, as {@link CaptionParser}
 * finds them.
 *
 * @param text     the caption
 * @param tokens   its words with character offsets
 * @param tags     one part of speech per word
 * @param breaks   {@code breaks[i]}: punctuation stands between word {@code i - 1} and word {@code i}
 * @param phrases  the noun phrases, left to right
 */
record ParsedCaption(String text, List<CaptionWords.Token> tokens, List<Tag> tags, boolean[] breaks,
                     List<NounPhrase> phrases) {

    /** A coarse part of speech. */
    enum Tag {
        DETERMINER, NUMBER, ADJECTIVE, NOUN, VERB, AUXILIARY, PREPOSITION, CONJUNCTION, PRONOUN, OTHER
    }

    /**
     * A noun phrase {@code [determiners] [modifiers] head}: {@code a little girl}, {@code two dogs},
     * {@code the tennis ball}.
     *
     * @param start      index of its first word
     * @param head       index of its head noun (its last word)
     * @param modifiers  indices of the words between the determiners and the head
     * @param adjectives the modifiers that are adjectives WordNet knows (a subset of {@code modifiers})
     * @param compound   true when a modifier is a noun or unknown ({@code tennis ball}): the head is not
     *                   replaced alone
     * @param plural     true for a plural head
     * @param headLemma  the head's WordNet noun lemma ({@code dogs → dog})
     * @param position   true when the head names a position ({@code background}) or a measure of what follows
     *                   ({@code a set of}, {@code a group of}) rather than a thing: such phrases are not edited
     */
    record NounPhrase(int start, int head, List<Integer> modifiers, List<Integer> adjectives, boolean compound,
                      boolean plural, String headLemma, boolean position) {
        /** Index of the first word after the determiners. */
        int firstContent() {
            return modifiers.isEmpty() ? head : modifiers.get(0);
        }
    }

    /** The lower-case word at {@code i}. */
    String word(int i) {
        return tokens.get(i).lower();
    }

    /** Number of words. */
    int size() {
        return tokens.size();
    }

    /** The phrase whose head is word {@code i}, or null. */
    NounPhrase phraseWithHead(int i) {
        for (NounPhrase p : phrases) {
            if (p.head() == i) {
                return p;
            }
        }
        return null;
    }
}
