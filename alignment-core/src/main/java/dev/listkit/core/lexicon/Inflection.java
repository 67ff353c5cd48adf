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

    /** Irregular noun plurals (the regular rules of {@link #plural} get these wrong). */
    private static final java.util.Map<String, String> IRREGULAR_PLURALS = java.util.Map.ofEntries(
            java.util.Map.entry("man", "men"), java.util.Map.entry("woman", "women"),
            java.util.Map.entry("child", "children"), java.util.Map.entry("person", "people"),
            java.util.Map.entry("foot", "feet"), java.util.Map.entry("tooth", "teeth"),
            java.util.Map.entry("mouse", "mice"), java.util.Map.entry("goose", "geese"),
            java.util.Map.entry("ox", "oxen"), java.util.Map.entry("fish", "fish"),
            java.util.Map.entry("sheep", "sheep"), java.util.Map.entry("deer", "deer"),
            java.util.Map.entry("knife", "knives"), java.util.Map.entry("wife", "wives"),
            java.util.Map.entry("leaf", "leaves"), java.util.Map.entry("wolf", "wolves"),
            java.util.Map.entry("calf", "calves"), java.util.Map.entry("half", "halves"),
            java.util.Map.entry("shelf", "shelves"), java.util.Map.entry("life", "lives"));

    /** Words ending in "man" that take a plain -s ({@code humans}), unlike {@code fireman → firemen}. */
    private static final java.util.Set<String> MAN_REGULAR = java.util.Set.of("human", "german", "roman", "shaman",
            "caiman", "talisman", "ottoman");

    /**
     * The plural of a noun lemma, irregular forms included ({@code man → men}, {@code fireman → firemen},
     * {@code child → children}); a multi-word lemma inflects its last word.
     */
    public static String nounPlural(String lemma) {
        int space = lemma.lastIndexOf(' ');
        String head = lemma.substring(space + 1);
        String form;
        if (IRREGULAR_PLURALS.containsKey(head)) {
            form = IRREGULAR_PLURALS.get(head);
        } else if (head.endsWith("man") && !MAN_REGULAR.contains(head)) {
            form = head.substring(0, head.length() - 3) + "men";
        } else {
            form = plural(head);
        }
        return lemma.substring(0, space + 1) + form;
    }

    /**
     * The indefinite article before {@code word}: {@code an} before a vowel sound as spelled ({@code an apple},
     * {@code an hour}), {@code a} otherwise ({@code a dog}, {@code a university}, {@code a one-way street}).
     */
    public static String article(String word) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        if (w.startsWith("hour") || w.startsWith("honest") || w.startsWith("honor") || w.startsWith("honour")
                || w.startsWith("heir")) {
            return "an";
        }
        if (w.startsWith("uni") || w.startsWith("use") || w.startsWith("usu") || w.startsWith("eu")
                || w.startsWith("one") || w.startsWith("once") || w.startsWith("ure") || w.startsWith("uti")) {
            return "a";
        }
        return !w.isEmpty() && isVowel(w.charAt(0)) ? "an" : "a";
    }

    /** Regular plural or third-person singular spelling: {@code box → boxes}, {@code puppy → puppies}. */
    public static String plural(String w) {
        if (w.endsWith("s") || w.endsWith("x") || w.endsWith("z") || w.endsWith("ch") || w.endsWith("sh")) {
            return w + "es";
        }
        if (w.length() > 1 && w.endsWith("y") && !isVowel(w.charAt(w.length() - 2))) {
            return w.substring(0, w.length() - 1) + "ies";
        }
        return w + "s";
    }

    /** The -ing form: {@code make → making}, {@code lie → lying}, {@code run → running}. */
    public static String ing(String w) {
        if (w.endsWith("ie")) {
            return w.substring(0, w.length() - 2) + "ying";
        }
        if (w.endsWith("e") && !w.endsWith("ee") && !w.endsWith("ye") && !w.endsWith("oe") && w.length() > 2) {
            return w.substring(0, w.length() - 1) + "ing";
        }
        return (doublesFinal(w) ? w + w.charAt(w.length() - 1) : w) + "ing";
    }

    /** The regular past form: {@code bake → baked}, {@code carry → carried}, {@code stop → stopped}. */
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
