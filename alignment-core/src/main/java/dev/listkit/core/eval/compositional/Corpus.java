package dev.listkit.core.eval.compositional;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects and attributes the benchmark's own captions use: where an added object or attribute is drawn
 * from, so that it is a word these captions use in that role ({@code a brown dog} when some caption says
 * {@code brown dog}). Objects are counted once per caption.
 */
final class Corpus {
    private final Map<String, Integer> nouns = new TreeMap<>();
    private final java.util.Set<String> countable = new java.util.HashSet<>();
    private final Map<String, Map<String, Integer>> adjectivesByHead = new TreeMap<>();

    static Corpus of(Collection<ParsedCaption> captions) {
        Corpus c = new Corpus();
        for (ParsedCaption p : captions) {
            java.util.Set<String> seenNouns = new java.util.HashSet<>();
            for (ParsedCaption.NounPhrase np : p.phrases()) {
                if (np.position() || !np.headLemma().chars().allMatch(Character::isLetter)) {
                    continue;
                }
                if (seenNouns.add(np.headLemma())) {
                    c.nouns.merge(np.headLemma(), 1, Integer::sum);
                }
                String first = p.word(np.start());
                if (np.plural() || first.equals("a") || first.equals("an")) {
                    c.countable.add(np.headLemma());
                }
                for (int a : np.adjectives()) {
                    c.adjectivesByHead.computeIfAbsent(np.headLemma(), k -> new TreeMap<>()).merge(p.word(a), 1,
                            Integer::sum);
                }
            }
        }
        return c;
    }

    /**
     * Countable object lemmas (some caption says {@code a X} or uses the plural: not {@code water}, {@code milk})
     * named in at least {@code minCount} captions, in alphabetical order.
     */
    List<String> nouns(int minCount) {
        return nouns.entrySet().stream().filter(e -> e.getValue() >= minCount && countable.contains(e.getKey()))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * General attributes: those given to at least {@code minObjects} different objects ({@code big},
     * {@code white}; not {@code blond}, which only hair is), in alphabetical order.
     */
    List<String> adjectives(int minObjects) {
        Map<String, Integer> objects = new TreeMap<>();
        adjectivesByHead.values().forEach(m -> m.keySet().forEach(a -> objects.merge(a, 1, Integer::sum)));
        return objects.entrySet().stream().filter(e -> e.getValue() >= minObjects).map(Map.Entry::getKey).toList();
    }

    /** Attributes some caption gives the object {@code headLemma}, in alphabetical order. */
    List<String> adjectivesWith(String headLemma) {
        return List.copyOf(adjectivesByHead.getOrDefault(headLemma, Map.of()).keySet());
    }
}
