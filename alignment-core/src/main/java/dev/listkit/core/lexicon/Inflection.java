package dev.listkit.core.lexicon;

/**
 * Regular English inflection, enough to put a WordNet lemma in the form of the word it replaces. Irregular
 * verb forms ({@code ran}, {@code swam}) are not reproduced: {@link #like} returns null for them and the
 * word is left alone.
 */
public final class Inflection {
    private Inflection() {
    }

    /**
     * {@code replacement} (a lemma, maybe several words) inflected like {@code word} is inflected from
     * {@code lemma}; nouns inflect their last word, verbs their first. Null when the form is not regular.
     */
    public static String like(String word, String lemma, String replacement, boolean noun) {
        if (word.equals(lemma)) {
            return replacement;
        }
        String[] parts = replacement.split(" ");
        int k = noun ? parts.length - 1 : 0;
        String head = parts[k];
        String form;
        if (noun) {
            form = plural(head); // the only noun inflection WordNet's morphology undoes (dogs, children)
        } else if (word.endsWith("ing")) {
            form = ing(head);
        } else if (word.endsWith("ed") && (word.equals(lemma + "ed") || word.equals(lemma + "d")
                || word.startsWith(lemma.substring(0, Math.max(1, lemma.length() - 1))))) {
            form = past(head);
        } else if (word.endsWith("s") && word.startsWith(lemma.substring(0, Math.max(1, lemma.length() - 1)))) {
            form = plural(head); // third person singular: same spelling rules
        } else {
            return null;
        }
        parts[k] = form;
        return String.join(" ", parts);
    }

    public static String plural(String w) {
        if (w.endsWith("s") || w.endsWith("x") || w.endsWith("z") || w.endsWith("ch") || w.endsWith("sh")) {
            return w + "es";
        }
        if (w.length() > 1 && w.endsWith("y") && !isVowel(w.charAt(w.length() - 2))) {
            return w.substring(0, w.length() - 1) + "ies";
        }
        return w + "s";
    }

    public static String ing(String w) {
        if (w.endsWith("ie")) {
            return w.substring(0, w.length() - 2) + "ying";
        }
        if (w.endsWith("e") && !w.endsWith("ee") && !w.endsWith("ye") && !w.endsWith("oe") && w.length() > 2) {
            return w.substring(0, w.length() - 1) + "ing";
        }
        return (doublesFinal(w) ? w + w.charAt(w.length() - 1) : w) + "ing";
    }

    public static String past(String w) {
        if (w.endsWith("e")) {
            return w + "d";
        }
        if (w.length() > 1 && w.endsWith("y") && !isVowel(w.charAt(w.length() - 2))) {
            return w.substring(0, w.length() - 1) + "ied";
        }
        return (doublesFinal(w) ? w + w.charAt(w.length() - 1) : w) + "ed";
    }

    /** One-syllable consonant-vowel-consonant words double the final consonant: run → running, stop → stopped. */
    private static boolean doublesFinal(String w) {
        int n = w.length();
        if (n < 3 || n > 4) {
            return false;
        }
        char a = w.charAt(n - 3);
        char b = w.charAt(n - 2);
        char c = w.charAt(n - 1);
        int vowels = 0;
        for (int i = 0; i < n; i++) {
            vowels += isVowel(w.charAt(i)) ? 1 : 0;
        }
        return vowels == 1 && !isVowel(a) && isVowel(b) && !isVowel(c) && "wxy".indexOf(c) < 0;
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }
}
