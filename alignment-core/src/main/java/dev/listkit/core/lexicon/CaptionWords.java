package dev.listkit.core.lexicon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one word-level view of a caption that the evaluators and the data engine share: a tokenizer
 * that keeps character offsets (so a refiner can replace one word in place), the English stop-word list
 * ({@code stopwords-en.txt} next to this class), normalised text and content words (lower case, stop words
 * removed, simple plural stripping).
 *
 * <pre>{@code
 * CaptionWords.words("Two dogs run on the beach.")        // [two, dogs, run, on, the, beach]
 * CaptionWords.contentWords("Two dogs run on the beach.") // [two, dog, run, beach]
 * }</pre>
 */
public final class CaptionWords {
    private static final Set<String> STOP_WORDS = load("stopwords-en.txt");

    private CaptionWords() {
    }

    /**
     * A word of a caption: a maximal run of letters and digits, with inner apostrophes and hyphens kept
     * ({@code don't}, {@code x-ray}).
     *
     * @param text  the word as written
     * @param start offset of its first character in the caption
     * @param end   offset after its last character
     */
    public record Token(String text, int start, int end) {
        /** Lower-case form. */
        public String lower() {
            return text.toLowerCase(Locale.ROOT);
        }

        /** True when every character is an ASCII letter. */
        public boolean asciiAlphabetic() {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The words of {@code caption} with their offsets, in order; punctuation and spaces are dropped. */
    public static List<Token> tokenize(String caption) {
        List<Token> out = new ArrayList<>();
        int n = caption.length();
        int i = 0;
        while (i < n) {
            if (!Character.isLetterOrDigit(caption.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n) {
                char c = caption.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    i++;
                } else if ((c == '\'' || c == '’' || c == '-') && i + 1 < n
                        && Character.isLetterOrDigit(caption.charAt(i + 1))) {
                    i += 2;
                } else {
                    break;
                }
            }
            out.add(new Token(caption.substring(start, i), start, i));
        }
        return out;
    }

    /** Lower-case words of {@code caption}, in order. */
    public static List<String> words(String caption) {
        List<String> out = new ArrayList<>();
        for (Token t : tokenize(caption)) {
            out.add(t.lower());
        }
        return out;
    }

    /** Lower-case words joined by single spaces: punctuation, case and spacing differences vanish. */
    public static String normalise(String caption) {
        return String.join(" ", words(caption));
    }

    /** True for an English function word of the built-in list (expects lower case). */
    public static boolean isStopWord(String lowerWord) {
        return STOP_WORDS.contains(lowerWord);
    }

    /** The built-in stop words (unmodifiable). */
    public static Set<String> stopWords() {
        return STOP_WORDS;
    }

    /**
     * Content words in first-occurrence order, duplicates removed: lower case, stop words and words
     * without letters dropped, plurals stripped by {@link #singular}.
     */
    public static List<String> contentWords(String caption) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(caption)) {
            if (!isStopWord(w) && hasLetter(w)) {
                out.add(singular(w));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Simple English plural stripping, good enough to merge concept counts: {@code dogs → dog},
     * {@code puppies → puppy}, {@code boxes → box}, {@code glasses → glass}; words ending in {@code ss},
     * {@code us}, {@code is} and words of three letters or fewer are kept.
     */
    public static String singular(String w) {
        int n = w.length();
        if (n <= 3 || !w.endsWith("s") || w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) {
            return w;
        }
        if (w.endsWith("ies") && n > 4) {
            return w.substring(0, n - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")
                || w.endsWith("zzes")) {
            return w.substring(0, n - 2);
        }
        return w.substring(0, n - 1);
    }

    private static boolean hasLetter(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isLetter(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> load(String name) {
        try (InputStream in = CaptionWords.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + CaptionWords.class);
            }
            Set<String> out = new LinkedHashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String w = line.strip();
                if (!w.isEmpty() && !w.startsWith("#")) {
                    out.add(w.toLowerCase(Locale.ROOT));
                }
            }
            return Set.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
