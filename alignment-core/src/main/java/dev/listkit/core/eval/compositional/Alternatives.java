package dev.listkit.core.eval.compositional;

import dev.listkit.core.ListkitException;
import dev.listkit.core.lexicon.FunctionWords;
import dev.listkit.core.lexicon.WordNet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a word may be replaced by so that the caption stops being true, from WordNet 3.1 and a list of
 * contrasting relations ({@code relation-contrasts-en.txt}): objects by antonyms ({@code man → woman}) or,
 * outside people, by sister terms whose own first sense that is ({@code dog → wolf, fox}); attributes by
 * antonyms ({@code black → white}, {@code little → big}) and, for colours, sister colours; verbs by
 * antonyms ({@code sit → stand}); prepositions by their contrast ({@code on → under}). Sister terms are used
 * for physical things only, and not for people: sisters of people overlap too often to be false
 * ({@code child → youth}), and those of abstractions are rarely things at all ({@code goal → wisdom}). Candidates must be common
 * (WordNet use count at least {@code minUseCount}) and of one or two plain words. Results are cached.
 */
final class Alternatives {
    private static final Pattern PLAIN = Pattern.compile("[a-z]+(-[a-z]+)?( [a-z]+)?");

    private final WordNet wordNet;
    private final CaptionParser parser;
    private final int minUseCount;
    private final Map<String, List<String>> relations;
    private final Map<String, List<String>> cache = new HashMap<>();

    Alternatives(WordNet wordNet, CaptionParser parser, int minUseCount) {
        this.wordNet = wordNet;
        this.parser = parser;
        this.minUseCount = minUseCount;
        this.relations = loadRelations("relation-contrasts-en.txt");
    }

    /** Replacements of the object noun {@code lemma}: antonyms, else (not for people) common sister terms. */
    List<String> objects(String lemma) throws ListkitException {
        return memo("n:" + lemma, () -> {
            List<String> out = new ArrayList<>();
            for (WordNet.Related r : wordNet.antonyms(lemma, WordNet.Pos.NOUN)) {
                if (usable(r, lemma)) {
                    out.add(r.lemma());
                }
            }
            // Sister terms only for physical things other than people ("goal" as an aim has abstract sisters).
            if (out.isEmpty() && !wordNet.hasAncestor(lemma, WordNet.Pos.NOUN, "person")
                    && wordNet.hasAncestor(lemma, WordNet.Pos.NOUN, "physical entity")) {
                for (WordNet.Related r : wordNet.coHyponyms(lemma, WordNet.Pos.NOUN, WordNet.TOO_GENERAL)) {
                    boolean pluralOnly = r.lemma().endsWith("s") && !r.lemma().endsWith("ss")
                            && !r.lemma().endsWith("us"); // "troops": its plural would be "troopses"
                    if (usable(r, lemma) && r.primary() && !pluralOnly
                            && !FunctionWords.is(FunctionWords.Kind.POSITION, r.lemma()) && parser.mostlyNoun(r.lemma())
                            && wordNet.hasAncestor(r.lemma(), WordNet.Pos.NOUN, "physical entity")) {
                        out.add(r.lemma());
                    }
                }
            }
            return out;
        });
    }

    /** Replacements of the attribute {@code adjective}: antonyms, then sister colours when it is a colour. */
    List<String> attributes(String adjective) throws ListkitException {
        return memo("a:" + adjective, () -> {
            List<String> found = new ArrayList<>();
            for (WordNet.Related r : wordNet.antonyms(adjective, WordNet.Pos.ADJECTIVE)) {
                if (usable(r, adjective) && !r.lemma().contains(" ")) {
                    found.add(r.lemma());
                }
            }
            if (wordNet.hasAncestor(adjective, WordNet.Pos.NOUN, "color")) {
                for (WordNet.Related r : wordNet.coHyponyms(adjective, WordNet.Pos.NOUN, WordNet.TOO_GENERAL)) {
                    WordNet.Sense asAdjective = parser.adjective(r.lemma());
                    if (!r.lemma().contains(" ") && usable(r, adjective) && asAdjective != null
                            && asAdjective.useCount() >= minUseCount && !found.contains(r.lemma())) {
                        found.add(r.lemma());
                    }
                }
            }
            return found;
        });
    }

    /** Replacements of the verb {@code lemma}: its common one-word antonyms. */
    List<String> verbs(String lemma) throws ListkitException {
        return memo("v:" + lemma, () -> {
            List<String> found = new ArrayList<>();
            for (WordNet.Related r : wordNet.antonyms(lemma, WordNet.Pos.VERB)) {
                if (usable(r, lemma) && !r.lemma().contains(" ")) {
                    found.add(r.lemma());
                }
            }
            return found;
        });
    }

    /** The contrasting relations of each relation phrase ({@code on → [under]}), phrases as lower-case words. */
    Map<String, List<String>> relations() {
        return relations;
    }

    /** A WordNet lookup that may fail with a checked exception. */
    private interface Lookup {
        List<String> find() throws ListkitException;
    }

    /** The cached result of {@code lookup} under {@code key}, computed (and stored as an unmodifiable copy) once. */
    private List<String> memo(String key, Lookup lookup) throws ListkitException {
        List<String> out = cache.get(key);
        if (out == null) {
            out = List.copyOf(lookup.find());
            cache.put(key, out);
        }
        return out;
    }

    private boolean usable(WordNet.Related r, String original) {
        return r.useCount() >= minUseCount && PLAIN.matcher(r.lemma()).matches() && !r.lemma().equals(original);
    }

    private static Map<String, List<String>> loadRelations(String name) {
        try (InputStream in = Alternatives.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + Alternatives.class);
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] pair = l.split("\\s*\\|\\s*");
                if (pair.length != 2) {
                    throw new IllegalStateException(name + ": expected 'a | b', got '" + l + "'");
                }
                out.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
                out.computeIfAbsent(pair[1], k -> new ArrayList<>()).add(pair[0]);
            }
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            out.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return java.util.Collections.unmodifiableMap(frozen);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
