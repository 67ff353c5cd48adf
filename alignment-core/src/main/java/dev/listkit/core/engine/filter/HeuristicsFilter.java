package dev.listkit.core.engine.filter;

import dev.listkit.core.ListkitException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.lexicon.WordNet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Local filter {@code heuristics}: rejects captions that are too short or too long, that loop on a word or
 * a bigram (a captioner's typical failure), or that do not look like English. The reason names the rule:
 * {@code heuristics: repeat: ...}. See {@link HeuristicsConfig} for the keys.
 */
public final class HeuristicsFilter implements CaptionFilter {
    /** Rule names used in rejection reasons. */
    public static final String MIN_WORDS = "min-words";
    public static final String MAX_WORDS = "max-words";
    public static final String REPEAT = "repeat";
    public static final String REPEATED_BIGRAM = "repeated-bigram";
    public static final String ALPHA = "alpha";
    public static final String LANGUAGE = "language";

    private final HeuristicsConfig config;

    public HeuristicsFilter(HeuristicsConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "heuristics";
    }

    @Override
    public boolean global() {
        return false;
    }

    @Override
    public void apply(List<EngineItem> items, EngineContext ctx) throws ListkitException {
        for (EngineItem it : items) {
            if (!it.alive()) {
                continue;
            }
            String why = check(it.caption() == null ? "" : it.caption());
            if (why != null) {
                it.reject(id(), why);
            }
        }
    }

    /** The first rule {@code caption} breaks as {@code rule: detail}, or null when it passes. */
    public String check(String caption) throws ListkitException {
        List<String> words = CaptionWords.words(caption);
        int n = words.size();
        if (n < config.minWords()) {
            return MIN_WORDS + ": " + n + " words < " + config.minWords();
        }
        if (n > config.maxWords()) {
            return MAX_WORDS + ": " + n + " words > " + config.maxWords();
        }
        int repeats = 0;
        Set<String> seen = new HashSet<>();
        for (String w : words) {
            if (!CaptionWords.isStopWord(w) && !seen.add(w)) {
                repeats++;
            }
        }
        double repeatFraction = repeats / (double) n;
        if (repeatFraction > config.maxRepeatFraction()) {
            return REPEAT + ": " + percent(repeatFraction) + " of the words repeat an earlier word (max "
                    + percent(config.maxRepeatFraction()) + ")";
        }
        if (n >= 3) {
            int bigramRepeats = 0;
            Set<String> bigrams = new HashSet<>();
            for (int i = 1; i < n; i++) {
                if (!bigrams.add(words.get(i - 1) + ' ' + words.get(i))) {
                    bigramRepeats++;
                }
            }
            double f = bigramRepeats / (double) (n - 1);
            if (f > config.maxRepeatedBigramFraction()) {
                return REPEATED_BIGRAM + ": " + percent(f) + " of the word pairs repeat an earlier pair (max "
                        + percent(config.maxRepeatedBigramFraction()) + ")";
            }
        }
        String[] chunks = caption.strip().split("\\s+");
        int alpha = 0;
        int counted = 0;
        for (String chunk : chunks) {
            String t = stripPunctuation(chunk);
            if (t.isEmpty()) {
                continue; // a lone dash or full stop
            }
            counted++;
            if (new CaptionWords.Token(t, 0, t.length()).asciiAlphabetic()) {
                alpha++;
            }
        }
        double alphaFraction = counted == 0 ? 0 : alpha / (double) counted;
        if (alphaFraction < config.minAlphaFraction()) {
            return ALPHA + ": " + percent(alphaFraction) + " of the tokens are plain ASCII words (min "
                    + percent(config.minAlphaFraction()) + ")";
        }
        switch (config.vocabulary()) {
            case "function-words" -> {
                if (words.stream().noneMatch(CaptionWords::isStopWord)) {
                    return LANGUAGE + ": no English function word in '" + caption + "'";
                }
            }
            case "wordnet" -> {
                double known = knownFraction(words);
                if (known < config.minKnownFraction()) {
                    return LANGUAGE + ": " + percent(known) + " of the words are English function words or WordNet "
                            + "lemmas (min " + percent(config.minKnownFraction()) + ")";
                }
            }
            default -> {
                // "none": no language check
            }
        }
        return null;
    }

    private static double knownFraction(List<String> words) throws ListkitException {
        WordNet wn = WordNet.get();
        int known = 0;
        for (String w : words) {
            if (CaptionWords.isStopWord(w) || (w.length() > 1 && new CaptionWords.Token(w, 0, w.length()).asciiAlphabetic()
                    && wn.knows(w))) {
                known++;
            }
        }
        return known / (double) words.size();
    }

    /** Strips leading and trailing punctuation and symbols (keeps letters, digits and inner marks). */
    private static String stripPunctuation(String chunk) {
        int a = 0;
        int b = chunk.length();
        while (a < b && !Character.isLetterOrDigit(chunk.charAt(a))) {
            a++;
        }
        while (b > a && !Character.isLetterOrDigit(chunk.charAt(b - 1))) {
            b--;
        }
        String t = chunk.substring(a, b);
        // Inner apostrophes and hyphens are English ("don't", "x-ray"): drop them before the ASCII check.
        return t.replace("'", "").replace("-", "").replace("’", "");
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * f);
    }
}
