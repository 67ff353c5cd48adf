package dev.listkit.core.eval.compositional;

import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.lexicon.Inflection;
import java.util.List;

/**
 * Word-level edits of a parsed caption, rendered back into a caption that keeps the original's spacing
 * and punctuation: replace a word (its capitalisation kept: {@code Dog → Wolf}), drop a word (with the space
 * before it), insert words before or after a word. When rendering, an {@code a}/{@code an} directly before
 * an edited word is made to agree with it ({@code an apple → a red apple}).
 */
final class CaptionEdit {
    private final ParsedCaption caption;
    private final String[] texts;
    private final String[] before;
    private final String[] after;

    CaptionEdit(ParsedCaption caption) {
        this.caption = caption;
        int n = caption.size();
        this.texts = new String[n];
        this.before = new String[n];
        this.after = new String[n];
    }

    /** Replaces word {@code i} by {@code text}, capitalised when the word was. */
    CaptionEdit replace(int i, String text) {
        texts[i] = matchCase(caption.tokens().get(i).text(), text);
        return this;
    }

    /** Removes word {@code i} and the space before it. */
    CaptionEdit drop(int i) {
        texts[i] = "";
        return this;
    }

    /**
     * Inserts {@code text} before word {@code i}; at the start of a capitalised caption the insertion takes
     * the capital ({@code Dogs play → Black dogs play}).
     */
    CaptionEdit insertBefore(int i, String text) {
        String word = caption.tokens().get(i).text();
        if (i == 0 && Character.isUpperCase(word.charAt(0)) && !word.equals("I")) {
            before[i] = capitalise(text);
            texts[i] = Character.toLowerCase(word.charAt(0)) + word.substring(1);
        } else {
            before[i] = text;
        }
        return this;
    }

    /** Inserts {@code text} after word {@code i}. */
    CaptionEdit insertAfter(int i, String text) {
        after[i] = text;
        return this;
    }

    /** The edited caption. */
    String render() {
        List<CaptionWords.Token> tokens = caption.tokens();
        int n = tokens.size();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = texts[i] != null ? texts[i] : tokens.get(i).text();
        }
        for (int i = 0; i + 1 < n; i++) {
            String w = tokens.get(i).lower();
            boolean edited = texts[i + 1] != null || before[i + 1] != null;
            if ((w.equals("a") || w.equals("an")) && texts[i] == null && edited && !caption.breaks()[i + 1]) {
                String next = before[i + 1] != null ? before[i + 1] : out[i + 1];
                if (!next.isEmpty()) {
                    out[i] = matchCase(tokens.get(i).text(), Inflection.article(next.split(" ")[0]));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        String text = caption.text();
        int pos = 0;
        for (int i = 0; i < n; i++) {
            CaptionWords.Token t = tokens.get(i);
            if (out[i].isEmpty()) {
                pos = t.end();
                continue;
            }
            sb.append(text, pos, t.start());
            if (before[i] != null) {
                sb.append(before[i]).append(' ');
            }
            sb.append(out[i]);
            if (after[i] != null) {
                sb.append(' ').append(after[i]);
            }
            pos = t.end();
        }
        sb.append(text.substring(pos));
        return sb.toString();
    }

    /** {@code text} capitalised like {@code original}'s first letter. */
    static String matchCase(String original, String text) {
        return !original.isEmpty() && Character.isUpperCase(original.charAt(0)) ? capitalise(text) : text;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
