package dev.listkit.core.lexicon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * English function words by class ({@code function-words-en.txt} next to this class): the closed classes a
 * caption parser recognises by list rather than by dictionary, multi-word prepositions, and the nouns that
 * name a position rather than a thing. A word may belong to several classes
 * ({@code her} is a determiner and a pronoun, {@code up} a preposition).
 *
 * <pre>{@code
 * FunctionWords.is(FunctionWords.Kind.DETERMINER, "the")  // true
 * FunctionWords.isAny("dog")                              // false
 * }</pre>
 */
public final class FunctionWords {
    /** A closed word class. */
    public enum Kind {
        DETERMINER, NUMBER, PREPOSITION, AUXILIARY, CONJUNCTION, PRONOUN,
        /** Multi-word prepositions ({@code in front of}), words joined by single spaces. */
        PHRASE,
        /** Nouns that place things rather than name them ({@code background}, {@code side}). */
        POSITION
    }

    private static final Map<Kind, Set<String>> WORDS = load("function-words-en.txt");

    private FunctionWords() {
    }

    /** True when {@code lowerWord} is of class {@code kind}. */
    public static boolean is(Kind kind, String lowerWord) {
        return WORDS.get(kind).contains(lowerWord);
    }

    /** True when {@code lowerWord} is in a class of single function words (not a phrase or position noun). */
    public static boolean isAny(String lowerWord) {
        for (Map.Entry<Kind, Set<String>> e : WORDS.entrySet()) {
            if (e.getKey() != Kind.PHRASE && e.getKey() != Kind.POSITION && e.getValue().contains(lowerWord)) {
                return true;
            }
        }
        return false;
    }

    /** The words of one class (unmodifiable). */
    public static Set<String> words(Kind kind) {
        return WORDS.get(kind);
    }

    private static Map<Kind, Set<String>> load(String name) {
        try (InputStream in = FunctionWords.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + FunctionWords.class);
            }
            Map<Kind, Set<String>> out = new EnumMap<>(Kind.class);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalStateException(name + ": expected 'class: words', got '" + l + "'");
                }
                Kind kind = Kind.valueOf(l.substring(0, colon).strip().toUpperCase(Locale.ROOT));
                Set<String> words = new HashSet<>();
                String items = l.substring(colon + 1).strip();
                for (String w : items.split(items.contains(",") ? "\\s*,\\s*" : "\\s+")) {
                    words.add(w.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
                }
                out.put(kind, Set.copyOf(words));
            }
            for (Kind k : Kind.values()) {
                if (!out.containsKey(k)) {
                    throw new IllegalStateException(name + ": no line for class " + k.name().toLowerCase(Locale.ROOT));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
