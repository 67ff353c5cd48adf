package dev.listkit.core.eval.compositional;

import dev.listkit.core.ListkitException;
import dev.listkit.core.eval.compositional.ParsedCaption.NounPhrase;
import dev.listkit.core.eval.compositional.ParsedCaption.Tag;
import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.lexicon.FunctionWords;
import dev.listkit.core.lexicon.Inflection;
import dev.listkit.core.lexicon.WordNet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small rule-based parser for the short descriptive captions of image and sound datasets ("A little girl
 * in a pink dress is climbing into a wooden playhouse ."): closed classes by list ({@link FunctionWords}),
 * open classes by WordNet and position, and noun phrases of the shape {@code determiner* modifier* noun}
 * that start after a determiner, a number, a preposition, a verb, a conjunction, punctuation or at the
 * start. A verb is cut out of a run of content words where it follows a noun ({@code a dog runs},
 * {@code two dogs playing}). It does not parse clauses; the generator only edits what it recognises.
 * Not thread-safe (it caches WordNet look-ups).
 */
final class CaptionParser {
    /** What WordNet says about a word: its first sense per part of speech (null when it has none). */
    private record WordInfo(WordNet.Sense noun, WordNet.Sense verb, WordNet.Sense adjective) {
        static int count(WordNet.Sense s) {
            return s == null ? -1 : s.useCount();
        }
    }

    private final WordNet wordNet;
    private final Map<String, WordInfo> cache = new HashMap<>();
    private final List<String[]> phrases;

    CaptionParser(WordNet wordNet) {
        this.wordNet = wordNet;
        this.phrases = FunctionWords.words(FunctionWords.Kind.PHRASE).stream().map(p -> p.split(" "))
                .sorted(Comparator.comparingInt((String[] p) -> -p.length).thenComparing(p -> String.join(" ", p)))
                .toList();
    }

    ParsedCaption parse(String caption) throws ListkitException {
        List<CaptionWords.Token> tokens = CaptionWords.tokenize(caption);
        int n = tokens.size();
        boolean[] breaks = new boolean[n];
        for (int i = 1; i < n; i++) {
            breaks[i] = !caption.substring(tokens.get(i - 1).end(), tokens.get(i).start()).isBlank();
        }
        Tag[] tags = new Tag[n];
        String[] words = tokens.stream().map(CaptionWords.Token::lower).toArray(String[]::new);
        tagPhrases(words, breaks, tags);
        tagClosedClasses(words, tags);
        List<NounPhrase> nps = new ArrayList<>();
        int i = 0;
        while (i < n) {
            boolean determiner = tags[i] == Tag.DETERMINER || tags[i] == Tag.NUMBER;
            boolean content = tags[i] == null;
            Tag prev = i == 0 ? null : tags[i - 1];
            boolean startsHere = determiner || content && (i == 0 || breaks[i] || prev == Tag.PREPOSITION
                    || prev == Tag.VERB || prev == Tag.CONJUNCTION);
            if (content && i > 0 && words[i - 1].equals("to") && verbMoreThanNoun(words[i])) {
                tags[i] = Tag.VERB; // an infinitive: "jumping up to catch a ball"
                i++;
                continue;
            }
            if (!startsHere) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && (tags[j] == Tag.DETERMINER || tags[j] == Tag.NUMBER) && (j == i || !breaks[j])) {
                j++;
            }
            int k = j;
            while (k < n && tags[k] == null && (k == j ? j == i || !breaks[k] : !breaks[k])) {
                k++;
            }
            int end = cutAtVerb(words, j, k);
            // Without an article, an -ing head that is mostly a verb is an action, not a thing: "while picking
            // up her board", "one using binoculars" (but "a building", "the painting").
            boolean article = false;
            for (int d = i; d < j; d++) {
                article |= tags[d] == Tag.DETERMINER;
            }
            boolean action = !article && end > j && words[end - 1].endsWith("ing") && verbMoreThanNoun(words[end - 1]);
            if (end > j && isNoun(words[end - 1]) && !action && !mostlyAdjective(words[end - 1])) {
                nps.add(phrase(words, tags, i, j, end - 1));
                if (end < k) {
                    tags[end] = Tag.VERB;
                    end++;
                }
                i = end;
            } else {
                i = Math.max(i + 1, j);
            }
        }
        for (int t = 0; t < n; t++) {
            if (tags[t] == null) {
                WordInfo w = info(words[t]);
                tags[t] = w.verb() != null ? Tag.VERB : w.adjective() != null ? Tag.ADJECTIVE
                        : w.noun() != null ? Tag.NOUN : Tag.OTHER;
            }
        }
        return new ParsedCaption(caption, tokens, List.of(tags), breaks, List.copyOf(nps));
    }

    /** Tags the words of multi-word prepositions ({@code in front of}) as prepositions. */
    private void tagPhrases(String[] words, boolean[] breaks, Tag[] tags) {
        for (int i = 0; i < words.length; i++) {
            for (String[] p : phrases) {
                if (i + p.length <= words.length && matches(words, breaks, i, p)) {
                    Arrays.fill(tags, i, i + p.length, Tag.PREPOSITION);
                    i += p.length - 1;
                    break;
                }
            }
        }
    }

    /** True when {@code phrase} is written at word {@code i} with no punctuation inside. */
    static boolean matches(String[] words, boolean[] breaks, int i, String[] phrase) {
        for (int k = 0; k < phrase.length; k++) {
            if (!words[i + k].equals(phrase[k]) || k > 0 && breaks[i + k]) {
                return false;
            }
        }
        return true;
    }

    private void tagClosedClasses(String[] words, Tag[] tags) {
        for (int i = 0; i < words.length; i++) {
            if (tags[i] != null) {
                continue;
            }
            String w = words[i];
            boolean nextIsContent = i + 1 < words.length && !FunctionWords.isAny(words[i + 1])
                    && words[i + 1].chars().allMatch(Character::isLetter);
            if (w.chars().allMatch(Character::isDigit)) {
                tags[i] = Tag.NUMBER;
            } else if (FunctionWords.is(FunctionWords.Kind.DETERMINER, w)
                    && (!FunctionWords.is(FunctionWords.Kind.PRONOUN, w) && !w.equals("that") || nextIsContent)) {
                tags[i] = Tag.DETERMINER; // "her dress", but "next to her"; "that dog", but "a dog that runs"
            } else if (FunctionWords.is(FunctionWords.Kind.NUMBER, w)) {
                tags[i] = Tag.NUMBER;
            } else if (FunctionWords.is(FunctionWords.Kind.AUXILIARY, w)) {
                tags[i] = Tag.AUXILIARY;
            } else if (FunctionWords.is(FunctionWords.Kind.PREPOSITION, w)) {
                tags[i] = Tag.PREPOSITION;
            } else if (FunctionWords.is(FunctionWords.Kind.CONJUNCTION, w)) {
                tags[i] = Tag.CONJUNCTION;
            } else if (FunctionWords.is(FunctionWords.Kind.PRONOUN, w)) {
                tags[i] = Tag.PRONOUN;
            } else if (CaptionWords.isStopWord(w)) {
                tags[i] = Tag.OTHER; // "very", "other", "just": never part of an edited phrase
            }
        }
    }

    /**
     * The end of the noun phrase in the content words {@code [from, to)}: the index of the first word that
     * reads as a verb after a noun ({@code dog runs}, {@code dogs play}, {@code girl climbing},
     * {@code girl covered}), or {@code to}.
     */
    private int cutAtVerb(String[] words, int from, int to) throws ListkitException {
        for (int p = from + 1; p < to; p++) {
            String w = words[p];
            WordInfo info = info(w);
            WordInfo before = info(words[p - 1]);
            if (info.verb() == null || !mostlyNoun(words[p - 1])) {
                continue; // "a large painted rainbow": no subject before "painted"
            }
            boolean previousPlural = !words[p - 1].equals(before.noun().lemma());
            if (w.endsWith("ing") || w.endsWith("ed")) {
                return p;
            }
            if (w.endsWith("s") && !w.endsWith("ss") && !previousPlural
                    && WordInfo.count(info.verb()) >= WordInfo.count(info.noun())) {
                return p; // a singular subject and a verb in -s: "a dog runs" (but "a white canvas")
            }
            if (w.equals(info.verb().lemma()) && WordInfo.count(info.verb()) > WordInfo.count(info.noun())) {
                return p; // a base-form verb after a subject: "two dogs play", "kids in winter clothing play"
            }
        }
        return to;
    }

    private NounPhrase phrase(String[] words, Tag[] tags, int start, int contentStart, int head)
            throws ListkitException {
        List<Integer> modifiers = new ArrayList<>();
        List<Integer> adjectives = new ArrayList<>();
        boolean compound = false;
        for (int m = contentStart; m < head; m++) {
            modifiers.add(m);
            WordInfo w = info(words[m]);
            int adj = WordInfo.count(w.adjective());
            if (w.adjective() != null && adj >= WordInfo.count(w.noun())) {
                tags[m] = Tag.ADJECTIVE;
                adjectives.add(m);
            } else {
                tags[m] = w.noun() != null ? Tag.NOUN : Tag.OTHER;
                compound = true;
            }
        }
        tags[head] = Tag.NOUN;
        String lemma = info(words[head]).noun().lemma();
        boolean plural = !words[head].equals(lemma);
        for (String base : wordNet.baseForms(words[head], WordNet.Pos.NOUN)) {
            if (!base.equals(words[head]) && Inflection.nounPlural(base).equals(words[head])) {
                lemma = base; // "men" is a WordNet lemma of its own (a work force), but here the plural of "man"
                plural = true;
                break;
            }
        }
        for (int d = start; d < contentStart; d++) {
            String w = words[d];
            plural |= tags[d] == Tag.NUMBER && !w.equals("one") || w.equals("these") || w.equals("those")
                    || w.equals("several") || w.equals("many") || w.equals("both") || w.equals("few");
        }
        // "the side of", "a set of", "a group of": a position or a measure of what follows, not a thing itself
        boolean measure = head + 1 < words.length && words[head + 1].equals("of");
        return new NounPhrase(start, head, List.copyOf(modifiers), List.copyOf(adjectives), compound, plural, lemma,
                measure || FunctionWords.is(FunctionWords.Kind.POSITION, lemma));
    }

    /** True when {@code word} can head a noun phrase: a WordNet noun that is not a function word. */
    boolean isNoun(String word) throws ListkitException {
        return !FunctionWords.isAny(word) && word.chars().allMatch(c -> Character.isLetter(c) || c == '-')
                && info(word).noun() != null;
    }

    /**
     * True when {@code word} is a noun at least as often as an adjective and as a verb (WordNet use counts of
     * the first senses): {@code girl}, {@code dog}, but not {@code large}, {@code white} or {@code get}.
     */
    boolean mostlyNoun(String word) throws ListkitException {
        WordInfo w = info(word);
        int noun = WordInfo.count(w.noun());
        return w.noun() != null && noun >= WordInfo.count(w.adjective()) && noun >= WordInfo.count(w.verb());
    }

    /** True when {@code word} is a verb at least as often as a noun, and a verb at all. */
    private boolean verbMoreThanNoun(String word) throws ListkitException {
        WordInfo w = info(word);
        return w.verb() != null && WordInfo.count(w.verb()) >= WordInfo.count(w.noun());
    }

    /** True when {@code word} is an adjective more often than a noun ({@code large}, {@code red}). */
    private boolean mostlyAdjective(String word) throws ListkitException {
        WordInfo w = info(word);
        return WordInfo.count(w.adjective()) > WordInfo.count(w.noun());
    }

    /** The first noun sense of {@code word}, or null. */
    WordNet.Sense noun(String word) throws ListkitException {
        return info(word).noun();
    }

    /** The first verb sense of {@code word}, or null. */
    WordNet.Sense verb(String word) throws ListkitException {
        return info(word).verb();
    }

    /** The first adjective sense of {@code word}, or null. */
    WordNet.Sense adjective(String word) throws ListkitException {
        return info(word).adjective();
    }

    private WordInfo info(String word) throws ListkitException {
        WordInfo w = cache.get(word);
        if (w == null) {
            boolean plain = !word.isEmpty() && word.chars().allMatch(c -> Character.isLetter(c) || c == '-');
            w = plain ? new WordInfo(wordNet.firstSense(word, WordNet.Pos.NOUN),
                    wordNet.firstSense(word, WordNet.Pos.VERB), wordNet.firstSense(word, WordNet.Pos.ADJECTIVE))
                    : new WordInfo(null, null, null);
            cache.put(word, w);
        }
        return w;
    }
}
