package dev.listkit.core.engine;

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
}
