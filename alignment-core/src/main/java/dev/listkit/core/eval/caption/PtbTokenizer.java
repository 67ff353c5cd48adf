package dev.listkit.core.eval.caption;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tokenisation close to coco-caption's (Stanford PTBTokenizer, lower-cased, punctuation tokens
 * removed): clitics split off ({@code "dog's" → "dog", "'s"}, {@code "don't" → "do", "n't"}),
 * hyphenated words and decimal numbers kept whole, every other punctuation mark dropped. It is an
 * approximation in Java, not the Stanford tokenizer itself: rare constructs (e.g. abbreviations
 * with periods) may split differently. Only the caption metrics use it; the model's subword tokenizer is
 * {@code text.CaptionTokenizer}.
 */
public final class PtbTokenizer {
    private static final char HYPHEN = '\u0001';
    private static final char POINT = '\u0002';
    private static final Pattern INNER_HYPHEN = Pattern.compile("(?<=[\\p{L}\\p{N}])-(?=[\\p{L}\\p{N}])");
    private static final Pattern DECIMAL_POINT = Pattern.compile("(?<=\\p{N})\\.(?=\\p{N})");
    private static final Pattern NOT = Pattern.compile("(?<=\\p{L})n't\\b");
    private static final Pattern CLITIC = Pattern.compile("(?<=[\\p{L}\\p{N}])'(s|re|ve|ll|d|m)\\b");
    private static final Pattern OTHER = Pattern.compile("[^\\p{L}\\p{N}'\\s" + HYPHEN + POINT + "]");

    private PtbTokenizer() {
    }

    /** Lower-cased tokens of {@code text} without punctuation tokens. */
    public static List<String> tokenize(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        s = INNER_HYPHEN.matcher(s).replaceAll(String.valueOf(HYPHEN));
        s = DECIMAL_POINT.matcher(s).replaceAll(String.valueOf(POINT));
        s = NOT.matcher(s).replaceAll(" n't");
        s = CLITIC.matcher(s).replaceAll(" '$1");
        s = OTHER.matcher(s).replaceAll(" ");
        List<String> out = new ArrayList<>();
        for (String raw : s.strip().split("\\s+")) {
            String tok = raw;
            boolean clitic = tok.equals("n't") || tok.matches("'(s|re|ve|ll|d|m)");
            if (!clitic) {
                tok = tok.replaceAll("^'+|'+$", ""); // quotes are punctuation
            }
            if (!tok.isEmpty()) {
                out.add(tok.replace(HYPHEN, '-').replace(POINT, '.'));
            }
        }
        return out;
    }
}
