package dev.listkit.core.engine;

import dev.listkit.core.lexicon.CaptionWords;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Word-level helpers shared by refiners and filters: tokens, stop words, content words (concepts). */
public final class Words {
    /**
     * Common English function words and caption fillers; never concepts. Words that name a medium
     * ("sound", "photo") come from the modality ({@code Modality.captionStopWords()}).
     */
    public static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "and", "or", "but", "of", "in", "on", "at",
            "to", "from", "by", "with", "without", "for", "into", "onto", "over", "under", "up", "down", "out", "off",
            "is", "are", "was", "were", "be", "been", "being", "am", "it", "its", "this", "that", "these", "those",
            "there", "here", "then", "than", "as", "while", "some", "someone", "something", "very", "can", "could",
            "his", "her", "their", "they", "he", "she", "we", "you", "i", "them", "him", "one", "two", "another",
            "other", "which", "who", "what", "when", "where", "also", "has", "have", "had", "do", "does",
            "s");

    private Words() {
    }

    /** Lower-case alphabetic tokens (apostrophes dropped), in order. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Distinct content words of {@code text} (tokens of 3+ letters that are neither stop words nor in
     * {@code mediumWords}), in order.
     *
     * @param mediumWords the modality's caption stop words ({@code Modality.captionStopWords()})
     */
    public static List<String> concepts(String text, Set<String> mediumWords) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tokens(text)) {
            if (t.length() >= 3 && !STOP_WORDS.contains(t) && !mediumWords.contains(t)) {
                out.add(t);
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The main concept of a caption: the one of its {@link #concepts} that the most {@code voters} share
     * (plural and singular count as one; ties: the earlier in the caption), or null when the caption has no concept. The voters are the
     * sample's other views of itself — its k caption candidates, its metadata tags — each counted once.
     *
     * <pre>{@code
     * mainConcept("a dog barks at a cat", List.of("a cat meows", "a dog and a cat", "cat"), Set.of())  // "cat"
     * }</pre>
     */
    public static String mainConcept(String caption, List<String> voters, Set<String> mediumWords) {
        List<String> mine = concepts(caption == null ? "" : caption, mediumWords);
        String best = null;
        int bestVotes = -1;
        for (String c : mine) {
            int v = votes(c, voters, mediumWords);
            if (v > bestVotes) {
                best = c;
                bestVotes = v;
            }
        }
        return best;
    }

    /** How many of {@code voters} have {@code concept} among their {@link #concepts}. */
    public static int votes(String concept, List<String> voters, Set<String> mediumWords) {
        String one = CaptionWords.singular(concept); // "dogs" and "dog" are one concept
        int n = 0;
        for (String v : voters) {
            if (v != null && concepts(v, mediumWords).stream().anyMatch(w -> CaptionWords.singular(w).equals(one))) {
                n++;
            }
        }
        return n;
    }
}
