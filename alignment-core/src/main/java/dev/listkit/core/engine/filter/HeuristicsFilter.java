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
    public static final String CONTENT = "content";
    public static final String NON_WORD = "nonword";
    public static final String PUNCTUATION = "punctuation";
    public static final String DANGLING = "dangling";

    /** Words a caption cannot end on: articles, conjunctions, prepositions that need an object, possessives. */
    static final Set<String> END_WORDS = Set.of("a", "an", "the", "and", "or", "but", "nor", "of", "with", "without",
            "to", "from", "by", "for", "into", "onto", "than", "its", "their", "his", "my", "your", "our",
            "these", "those", "whose"); // not "her": also an object ("seen from behind her")

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
            String why = check(it.caption() == null ? "" : it.caption(), ctx.mediumWords(), it.metadata());
            if (why != null) {
                it.reject(id(), why);
            }
        }
    }

    /** The first rule {@code caption} breaks as {@code rule: detail}, or null when it passes (no medium words, no metadata). */
    public String check(String caption) throws ListkitException {
        return check(caption, Set.of(), java.util.Map.of());
    }

    /**
     * The first rule {@code caption} breaks as {@code rule: detail}, or null when it passes.
     *
     * @param mediumWords the modality's words for its medium (not content words)
     * @param metadata    the sample's metadata: its words (e.g. tags) are not non-words
     */
    public String check(String caption, Set<String> mediumWords, java.util.Map<String, String> metadata)
            throws ListkitException {
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
        int content = dev.listkit.core.engine.Words.concepts(caption, mediumWords).size();
        if (content < config.minContentWords()) {
            return CONTENT + ": " + content + " content words (min " + config.minContentWords() + ") in '" + caption + "'";
        }
        if (config.vocabulary().equals("wordnet")) {
            List<String> nonWords = nonWords(caption, metadata);
            if (nonWords.size() > config.maxNonWords()) {
                return NON_WORD + ": " + nonWords + " are not English words (max " + config.maxNonWords() + ")";
            }
        }
        if (config.punctuation()) {
            String stray = strayPunctuation(caption.strip());
            if (stray != null) {
                return PUNCTUATION + ": " + stray;
            }
        }
        if (config.dangling() && END_WORDS.contains(words.get(n - 1))) {
            return DANGLING + ": the caption ends on '" + words.get(n - 1) + "'";
        }
        return null;
    }

    /**
     * The words that are not English: neither function words, nor WordNet lemmas, nor made of them (the head of
     * a hyphenated word; a known word with a derivational suffix, "shirtless", "kayakers"; two known words of 3+
     * letters run together, "wetsuit", "mountaintop"), nor acronyms as written ("ATV"), nor words of the
     * sample's metadata, nor allowed. Tokens with digits are numbers; a letter after an apostrophe ("horse 's")
     * is a clitic. What is left is a decoder's word pieces glued into a non-word ("recordingfe", "whoei") — or
     * a typo, which a human caption has now and then and a synthetic one need not.
     */
    private List<String> nonWords(String caption, java.util.Map<String, String> metadata) throws ListkitException {
        WordNet wn = WordNet.get();
        Set<String> own = new HashSet<>(config.allowWords());
        metadata.values().forEach(v -> own.addAll(CaptionWords.words(v)));
        List<String> out = new java.util.ArrayList<>();
        for (CaptionWords.Token t : CaptionWords.tokenize(caption)) {
            String w = t.lower();
            boolean clitic = w.length() == 1 && t.start() > 0 && "'’".indexOf(caption.charAt(t.start() - 1)) >= 0;
            boolean acronym = t.text().length() >= 2 && t.text().replaceFirst("s$", "").chars().allMatch(
                    c -> c >= 'A' && c <= 'Z');
            if (clitic || acronym || isFunctionWord(w) || own.contains(w) || w.chars().anyMatch(Character::isDigit)) {
                continue;
            }
            boolean known;
            if (w.contains("-")) { // a compound is English when its head (last part) is: "t-shirt", "tri-colored"
                String head = w.substring(w.lastIndexOf('-') + 1);
                known = isFunctionWord(head) || (head.length() > 1 && englishWord(wn, head.replaceAll("['’].*", "")));
            } else {
                known = true;
                for (String part : w.split("['’]")) {
                    known &= part.isEmpty() || isFunctionWord(part) || (part.length() > 1 && englishWord(wn, part))
                            || ((w.contains("'") || w.contains("’")) && part.length() <= 2); // dog's, don't
                }
            }
            if (!known) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean isFunctionWord(String w) {
        return CaptionWords.isStopWord(w) || dev.listkit.core.engine.Words.STOP_WORDS.contains(w);
    }

    /** Suffixes that make a word from a word ("shirtless", "kayakers", "snowmobiler"). */
    private static final List<String> SUFFIXES = List.of("less", "ness", "ers", "er", "r", "ly", "ing", "ed", "s");

    /** A WordNet lemma, a lemma with a derivational suffix, or two lemmas of 3+ letters run together. */
    private static boolean englishWord(WordNet wn, String w) throws ListkitException {
        if (wn.knows(w)) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (w.length() > suffix.length() + 2 && w.endsWith(suffix)
                    && wn.knows(w.substring(0, w.length() - suffix.length()))) {
                return true;
            }
        }
        for (int i = 3; i <= w.length() - 3; i++) {
            if (wn.knows(w.substring(0, i)) && wn.knows(w.substring(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first stray punctuation mark as a description, or null: marks must follow a word (spaces between are
     * tolerated);
     * {@code , ; :} are followed by a space and a word; {@code . ! ?} end the caption; no mark follows a
     * function word; inner apostrophes and hyphens belong to words; any other symbol is stray.
     */
    private static String strayPunctuation(String caption) {
        int n = caption.length();
        for (int i = 0; i < n; i++) {
            char c = caption.charAt(i);
            if (Character.isLetterOrDigit(c) || Character.isWhitespace(c)) {
                continue;
            }
            boolean inner = (c == '\'' || c == '’' || c == '-') && i > 0 && i + 1 < n
                    && Character.isLetterOrDigit(caption.charAt(i - 1)) && Character.isLetterOrDigit(caption.charAt(i + 1));
            // A clitic written apart ("horse 's") is tokenised text.
            boolean clitic = (c == '\'' || c == '’') && i > 0 && caption.charAt(i - 1) == ' ' && i + 1 < n
                    && Character.isLetter(caption.charAt(i + 1));
            if (inner || clitic) {
                continue;
            }
            String mark = "'" + c + "'";
            int j = i; // a space before a mark is tokenised text ("grass ." in Flickr8k), not a stray mark
            while (j > 0 && caption.charAt(j - 1) == ' ') {
                j--;
            }
            if (j == 0 || !Character.isLetterOrDigit(caption.charAt(j - 1))) {
                return "stray " + mark + " at " + i + " (not after a word)";
            }
            String before = lastWord(caption, j);
            if (CaptionWords.isStopWord(before) && END_WORDS.contains(before)) {
                return "stray " + mark + " after '" + before + "'";
            }
            if (c == '.' || c == '!' || c == '?') {
                String rest = caption.substring(i + 1);
                // A sentence may follow ("... camera . Another boy looks on ."): a space, then a capital letter.
                if (!rest.isBlank() && !(rest.startsWith(" ") && Character.isUpperCase(rest.strip().charAt(0)))) {
                    return "stray " + mark + " inside the caption, after '" + before + "'";
                }
            } else if (c == ',' || c == ';' || c == ':') {
                if (i + 2 >= n || caption.charAt(i + 1) != ' ' || !Character.isLetterOrDigit(caption.charAt(i + 2))) {
                    return "stray " + mark + " after '" + before + "' (not followed by a space and a word)";
                }
            } else {
                return "stray " + mark + " after '" + before + "'";
            }
        }
        return null;
    }

    /** The lower-case word that ends right before {@code end}. */
    private static String lastWord(String caption, int end) {
        int a = end;
        while (a > 0 && Character.isLetterOrDigit(caption.charAt(a - 1))) {
            a--;
        }
        return caption.substring(a, end).toLowerCase(Locale.ROOT);
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
