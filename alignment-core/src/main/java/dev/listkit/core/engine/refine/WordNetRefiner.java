package dev.listkit.core.engine.refine;

import dev.listkit.core.ListkitException;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.RefineStep;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.lexicon.Inflection;
import dev.listkit.core.lexicon.WordNet;
import dev.listkit.core.util.Hashing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refiner {@code wordnet}: lexical diversification. Replaces some nouns and verbs of the caption with a
 * synonym or a hypernym from the word's most frequent WordNet sense ({@code car → automobile},
 * {@code dogs → canines}), keeping inflection (plural, -s, -ing, -ed), capitalisation and the a/an article.
 * Stop words, determiners and number words are never touched, nor words used mostly as adjectives
 * ({@code little}, {@code black}). The part of speech is guessed from the previous word (after a determiner:
 * noun; after {@code to}/{@code is}: verb; {@code -ing}: verb; {@code -s} after a content word: verb).
 * Every choice draws from a random stream seeded by {@code ctx.seed()} and the item id, so a rerun gives
 * the same captions. The note lists the substitutions ({@code dogs→canines (hypernym)}).
 */
public final class WordNetRefiner implements Refiner {
    private static final Set<String> DETERMINERS = Set.of("a", "an", "the", "this", "that", "these", "those", "his",
            "her", "its", "their", "my", "our", "your", "some", "many", "several", "each", "every", "another", "two",
            "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "hundred",
            "thousand", "dozen", "of", "with", "and", "no");
    private static final Set<String> VERB_CUES = Set.of("to", "is", "are", "was", "were", "will", "can", "could",
            "would", "should", "may", "might", "must", "does", "do", "did", "be", "being", "been", "not");

    private final WordNetRefinerConfig config;
    private final AtomicLong substitutions = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();

    public WordNetRefiner(WordNetRefinerConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "wordnet";
    }

    @Override
    public void refine(List<EngineItem> items, EngineContext ctx) throws ListkitException {
        WordNet wn = WordNet.get();
        for (EngineItem it : items) {
            String before = it.caption();
            if (before == null || before.isBlank()) {
                it.steps().add(new RefineStep(id(), before, before, "no caption", true));
                continue;
            }
            SplittableRandom rnd = new SplittableRandom(seed(ctx.seed(), it.id()));
            RefineStep step = diversify(before, rnd, wn);
            it.steps().add(step);
            it.setCaption(step.after());
        }
    }

    /** The per-item stream seed: the first 8 bytes of SHA-256("seed/id"). */
    static long seed(long roundSeed, String itemId) {
        return Long.parseUnsignedLong(Hashing.sha256(roundSeed + "/" + itemId).substring(0, 16), 16);
    }

    RefineStep diversify(String caption, SplittableRandom rnd, WordNet wn) throws ListkitException {
        List<CaptionWords.Token> tokens = CaptionWords.tokenize(caption);
        String[] replaced = new String[tokens.size()];
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < tokens.size() && notes.size() < config.maxSubstitutions(); i++) {
            CaptionWords.Token t = tokens.get(i);
            String w = t.lower();
            if (w.length() < 3 || !t.asciiAlphabetic() || CaptionWords.isStopWord(w) || DETERMINERS.contains(w)) {
                continue;
            }
            // Draw for every eligible word, so one word's dictionary entry does not shift later choices.
            double draw = rnd.nextDouble();
            double kind = rnd.nextDouble();
            long pick = rnd.nextLong();
            if (draw >= config.probability()) {
                continue;
            }
            String prev = i > 0 ? tokens.get(i - 1).lower() : null;
            String next = i + 1 < tokens.size() ? tokens.get(i + 1).lower() : null;
            if (prev != null && isCompound(wn, prev, w) || next != null && isCompound(wn, w, next)) {
                continue; // part of a compound WordNet knows: "swimming trunks", "tennis ball"
            }
            WordNet.Pos pos = guessPos(w, prev, wn);
            if (pos == null || !config.pos().contains(pos.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            WordNet.Sense sense = wn.firstSense(w, pos);
            if (sense == null || sense.useCount() < config.minUseCount()) {
                continue;
            }
            WordNet.Sense adjective = wn.firstSense(w, WordNet.Pos.ADJECTIVE);
            if (adjective != null && adjective.useCount() >= sense.useCount()) {
                continue; // "a little girl", "a black dog": an adjective that also has a noun sense
            }
            boolean hyper = kind < config.hypernymProbability() && !sense.hypernyms().isEmpty()
                    || sense.synonyms().isEmpty();
            List<String> options = new ArrayList<>();
            for (String o : hyper ? sense.hypernyms() : sense.synonyms()) {
                boolean containsWord = (" " + o + " ").contains(" " + w + " ")
                        || (" " + o + " ").contains(" " + sense.lemma() + " ");
                if (o.split(" ").length <= config.maxLemmaWords() && !containsWord
                        && !(hyper && WordNet.TOO_GENERAL.contains(o))) {
                    options.add(o);
                }
            }
            if (options.isEmpty()) {
                continue;
            }
            String lemma = options.get((int) Math.floorMod(pick, (long) options.size()));
            String inflected = Inflection.like(w, sense.lemma(), lemma, pos == WordNet.Pos.NOUN);
            if (inflected == null || inflected.equals(w)) {
                continue;
            }
            replaced[i] = Character.isUpperCase(t.text().charAt(0)) ? capitalise(inflected) : inflected;
            notes.add(t.text() + "→" + replaced[i] + (hyper ? " (hypernym)" : " (synonym)"));
        }
        if (notes.isEmpty()) {
            unchanged.incrementAndGet();
            return new RefineStep(id(), caption, caption, "no substitution", false);
        }
        substitutions.addAndGet(notes.size());
        StringBuilder out = new StringBuilder(caption);
        for (int i = tokens.size() - 1; i >= 0; i--) {
            if (replaced[i] != null) {
                CaptionWords.Token t = tokens.get(i);
                out.replace(t.start(), t.end(), replaced[i]);
                fixArticle(out, tokens, i, replaced[i]);
            }
        }
        return new RefineStep(id(), caption, out.toString(), String.join("; ", notes), false);
    }

    private static WordNet.Pos guessPos(String w, String prev, WordNet wn) throws ListkitException {
        boolean noun = wn.firstSense(w, WordNet.Pos.NOUN) != null;
        boolean verb = wn.firstSense(w, WordNet.Pos.VERB) != null;
        if (!noun && !verb) {
            return null;
        }
        if (prev != null && DETERMINERS.contains(prev)) {
            return noun ? WordNet.Pos.NOUN : null;
        }
        if (verb && (w.endsWith("ing") || (prev != null && VERB_CUES.contains(prev)))) {
            return WordNet.Pos.VERB;
        }
        if (verb && w.endsWith("s") && !w.endsWith("ss") && prev != null && !CaptionWords.isStopWord(prev)) {
            return WordNet.Pos.VERB; // "a dog barks", "the man walks"
        }
        if (verb && prev != null && prev.endsWith("s") && !prev.endsWith("ss") && !CaptionWords.isStopWord(prev)
                && wn.firstSense(prev, WordNet.Pos.NOUN) != null) {
            return WordNet.Pos.VERB; // after a plural subject: "dogs pull", "girls play"
        }
        return noun ? WordNet.Pos.NOUN : WordNet.Pos.VERB;
    }

    /** True when "a b" is a WordNet noun compound (extJWNL answers single-word matches for any phrase). */
    private static boolean isCompound(WordNet wn, String a, String b) throws ListkitException {
        if (CaptionWords.isStopWord(a) || CaptionWords.isStopWord(b)) {
            return false;
        }
        WordNet.Sense s = wn.firstSense(a + " " + b, WordNet.Pos.NOUN);
        return s != null && s.lemma().contains(" ");
    }

    /** After a replacement at token {@code i}, makes a directly preceding "a"/"an" agree with it. */
    private static void fixArticle(StringBuilder out, List<CaptionWords.Token> tokens, int i, String replacement) {
        if (i == 0) {
            return;
        }
        CaptionWords.Token prev = tokens.get(i - 1);
        String p = prev.lower();
        if (!(p.equals("a") || p.equals("an")) || !out.substring(prev.end(), tokens.get(i).start()).isBlank()) {
            return;
        }
        boolean vowel = "aeiou".indexOf(Character.toLowerCase(replacement.charAt(0))) >= 0;
        String article = vowel ? "an" : "a";
        if (Character.isUpperCase(prev.text().charAt(0))) {
            article = capitalise(article);
        }
        out.replace(prev.start(), prev.end(), article);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("substitutions", substitutions.get());
        m.put("unchanged", unchanged.get());
        return m;
    }
}
