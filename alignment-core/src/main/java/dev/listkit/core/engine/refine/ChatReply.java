package dev.listkit.core.engine.refine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.util.Json;
import java.util.regex.Pattern;

/** Reading an OpenAI-compatible chat-completions reply and turning its text into one caption. */
final class ChatReply {
    private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");
    private static final Pattern LABEL = Pattern.compile("(?i)^(?:rewritten |new |improved |final )?caption\\s*:\\s*");

    private ChatReply() {
    }

    /** Why a reply cannot be used; the message is the fallback note. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    /** {@code choices[0].message.content} of a response body. */
    static String content(String body) throws Rejected {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new Rejected("malformed JSON response: " + shorten(e.getMessage()));
        }
        JsonNode content = root == null ? null : root.path("choices").path(0).path("message").path("content");
        if (content == null || !content.isTextual()) {
            throw new Rejected("malformed response: no text at choices[0].message.content");
        }
        return content.asText();
    }

    /**
     * The caption in a reply: reasoning blocks ({@code <think>...</think>}), a leading {@code Caption:} label,
     * surrounding quotes and whitespace removed. Empty, multi-line, over-long or letter-free replies are
     * {@link Rejected}.
     */
    static String caption(String content, int maxChars) throws Rejected {
        String s = THINK.matcher(content).replaceAll("").strip();
        s = LABEL.matcher(s).replaceFirst("").strip();
        s = unquote(s);
        if (s.isEmpty()) {
            throw new Rejected("empty reply");
        }
        if (s.indexOf('\n') >= 0) {
            throw new Rejected("multi-line reply (" + s.split("\n").length + " lines)");
        }
        if (s.length() > maxChars) {
            throw new Rejected("reply too long (" + s.length() + " > " + maxChars + " chars)");
        }
        if (s.chars().noneMatch(Character::isLetter)) {
            throw new Rejected("reply without words: '" + s + "'");
        }
        return s;
    }

    private static String unquote(String s) {
        String[][] pairs = {{"\"", "\""}, {"'", "'"}, {"“", "”"}, {"‘", "’"}, {"`", "`"}, {"«", "»"}};
        boolean changed = true;
        while (changed && s.length() >= 2) {
            changed = false;
            for (String[] p : pairs) {
                if (s.startsWith(p[0]) && s.endsWith(p[1]) && s.length() >= p[0].length() + p[1].length()) {
                    s = s.substring(p[0].length(), s.length() - p[1].length()).strip();
                    changed = true;
                    break;
                }
            }
        }
        return s;
    }

    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= 160 ? one : one.substring(0, 160) + "...";
    }
}
