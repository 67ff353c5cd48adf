package dev.listkit.core.engine.refine;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes an API key, and anything that looks like a bearer token, from text that came back from an
 * endpoint, before that text reaches a log line, a note in a manifest or shard, a cache file or a caption.
 * Servers echo keys in many shapes (a 401 body quoting the request header, a JSON error with the key
 * escaped, a redirect URL with it percent-encoded, a message cut off mid-key), so matching is not on the
 * whole key but on every run of at least {@link #MIN_RUN} characters of it, in four views of the text: as
 * it is, with JSON escapes decoded ({@code \/}, {@code \u002b}, ...), with URL percent-escapes decoded, and
 * with both. A match masks the characters it came from in the original text (a whole escape sequence at a
 * time), so a cut after redaction can never leave {@link #MIN_RUN} characters of the key, whatever form
 * they had.
 *
 * <p>Patterns then mask tokens that are not this key: {@code Authorization: Bearer ...} / {@code Basic ...}
 * values, {@code sk-...} style keys and {@code api_key=...} / {@code access_token: ...} /
 * {@code client_secret=...} pairs.
 *
 * <pre>{@code
 * SecretRedactor r = new SecretRedactor(System.getenv("LISTKIT_LLM_API_KEY"));
 * log.println(ChatReply.shorten(r.redact(body))); // redact first, then cut
 * }</pre>
 *
 * <p>Immutable and thread-safe. A short or common key (say {@code password}) also masks innocent words that
 * contain it; a mask too many is the safe side of this trade.
 */
final class SecretRedactor {
    /** What replaces a secret. */
    static final String MASK = "***";
    /** Shortest run of key characters treated as the key; a key shorter than this must match whole. */
    static final int MIN_RUN = 8;

    private static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?)(?:(?:bearer|basic|token)\\s+)?[^\\s\"',;}]+");
    /** A bearer token: 8 or more token characters with at least one digit ("a bearer of news" is no token). */
    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(bearer\\s+)(?=[A-Za-z\\-._~+/]*[0-9])[A-Za-z0-9\\-._~+/]{8,}=*");
    private static final Pattern SK_TOKEN = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{8,}");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b((?:x-)?api[_-]?key|access[_-]?token|client[_-]?secret)([\"']?\\s*[:=]\\s*[\"']?)[^\\s\"'&,;}]+");

    private final int run;
    private final Set<String> windows = new HashSet<>();
    private final java.util.BitSet keyChars = new java.util.BitSet(); // a window can only start with one of these

    /** @param key the secret to hide; null or empty hides only the token patterns */
    SecretRedactor(String key) {
        if (key == null || key.isEmpty()) {
            this.run = 0;
            return;
        }
        this.run = Math.min(MIN_RUN, key.length());
        for (int i = 0; i + run <= key.length(); i++) {
            windows.add(key.substring(i, i + run));
            keyChars.set(key.charAt(i));
        }
    }

    /** The text with the key and token-like secrets masked; null stays null. */
    String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (run > 0) {
            boolean[] hide = new boolean[text.length()];
            boolean any = false;
            View raw = View.of(text);
            View json = raw.jsonDecoded();
            any |= mark(raw, hide);
            any |= mark(json, hide);
            any |= mark(raw.urlDecoded(), hide);
            any |= mark(json.urlDecoded(), hide);
            if (any) {
                out = masked(text, hide);
            }
        }
        out = AUTH_HEADER.matcher(out).replaceAll("$1" + MASK);
        out = BEARER.matcher(out).replaceAll("$1" + MASK);
        out = SK_TOKEN.matcher(out).replaceAll("sk-" + MASK);
        out = KEY_VALUE.matcher(out).replaceAll("$1$2" + MASK);
        return out;
    }

    /** Marks in {@code hide} the original characters of every key window found in {@code view}. */
    private boolean mark(View view, boolean[] hide) {
        boolean any = false;
        String s = view.text();
        for (int i = 0; i + run <= s.length(); i++) {
            if (keyChars.get(s.charAt(i)) && windows.contains(s.substring(i, i + run))) {
                for (int k = view.start()[i]; k < view.end()[i + run - 1]; k++) {
                    hide[k] = true;
                }
                any = true;
            }
        }
        return any;
    }

    private static String masked(String text, boolean[] hide) {
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (hide[i]) {
                sb.append(MASK);
                while (i < text.length() && hide[i]) {
                    i++;
                }
            } else {
                sb.append(text.charAt(i++));
            }
        }
        return sb.toString();
    }

    /**
     * A decoded view of a text: each character of {@code text} came from {@code original[start[i], end[i])}.
     */
    private record View(String text, int[] start, int[] end) {
        static View of(String s) {
            int[] start = new int[s.length()];
            int[] end = new int[s.length()];
            for (int i = 0; i < s.length(); i++) {
                start[i] = i;
                end[i] = i + 1;
            }
            return new View(s, start, end);
        }

        /** JSON string escapes decoded: {@code \"}, {@code \\}, {@code \/}, {@code \b\f\n\r\t}, {@code \\uXXXX}. */
        View jsonDecoded() {
            Builder b = new Builder(text.length());
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    char n = text.charAt(i + 1);
                    if (n == 'u' && i + 5 < text.length() && hex(text, i + 2, 4) >= 0) {
                        b.add((char) hex(text, i + 2, 4), start[i], end[i + 5]);
                        i += 6;
                        continue;
                    }
                    int decoded = switch (n) {
                        case '"', '\\', '/' -> n;
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> -1;
                    };
                    if (decoded >= 0) {
                        b.add((char) decoded, start[i], end[i + 1]);
                        i += 2;
                        continue;
                    }
                }
                b.add(c, start[i], end[i]);
                i++;
            }
            return b.build();
        }

        /** URL percent-escapes decoded ({@code %2F} to {@code /}; each escape is one byte, read as Latin-1). */
        View urlDecoded() {
            Builder b = new Builder(text.length());
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '%' && i + 2 < text.length() && hex(text, i + 1, 2) >= 0) {
                    b.add((char) hex(text, i + 1, 2), start[i], end[i + 2]);
                    i += 3;
                } else {
                    b.add(c, start[i], end[i]);
                    i++;
                }
            }
            return b.build();
        }

        private static int hex(String s, int from, int digits) {
            int v = 0;
            for (int k = from; k < from + digits; k++) {
                int d = Character.digit(s.charAt(k), 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            return v;
        }
    }

    private static final class Builder {
        private final StringBuilder text;
        private final int[] start;
        private final int[] end;
        private int n;

        Builder(int capacity) {
            text = new StringBuilder(capacity);
            start = new int[capacity];
            end = new int[capacity];
        }

        void add(char c, int from, int to) {
            text.append(c);
            start[n] = from;
            end[n] = to;
            n++;
        }

        View build() {
            return new View(text.toString(), java.util.Arrays.copyOf(start, n), java.util.Arrays.copyOf(end, n));
        }
    }
}
