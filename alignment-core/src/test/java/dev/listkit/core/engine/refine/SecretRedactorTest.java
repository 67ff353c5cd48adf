package dev.listkit.core.engine.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    private static final String KEY = "sk-live/7Qx+Zr=9kT_b2Lw8vNp4Hs6Jd3Fg5Yc1Ma0Ue";
    private final SecretRedactor r = new SecretRedactor(KEY);

    /** No run of 8 characters of the key is left in {@code text}. */
    private static void assertNoPiece(String text) {
        for (int i = 0; i + 8 <= KEY.length(); i++) {
            assertFalse(text.contains(KEY.substring(i, i + 8)), "'" + KEY.substring(i, i + 8) + "' left in " + text);
        }
    }

    @Test
    void masksThePlainKeyAndLeavesTheRest() {
        assertEquals("{\"error\": \"key *** is invalid\"}", r.redact("{\"error\": \"key " + KEY + " is invalid\"}"));
        assertEquals("a dog barks in the rain", r.redact("a dog barks in the rain"));
        assertNull(r.redact(null));
        assertEquals("", r.redact(""));
    }

    @Test
    void masksJsonEscapedAndUrlEncodedForms() {
        String slashes = KEY.replace("/", "\\/");
        assertEquals("key ***.", r.redact("key " + slashes + "."));
        StringBuilder unicode = new StringBuilder();
        KEY.chars().forEach(c -> unicode.append(String.format("\\u%04X", c)));
        assertEquals("key *** end", r.redact("key " + unicode + " end"));
        String url = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
        assertTrue(url.contains("%2F") && url.contains("%2B"), url);
        assertEquals("?key=***&next=%2Fchat", r.redact("?key=" + url + "&next=%2Fchat"));
        // JSON-escaped and then percent-encoded (a JSON body in a query string).
        String both = URLEncoder.encode(slashes, StandardCharsets.UTF_8);
        assertNoPiece(r.redact("q=" + both));
    }

    @Test
    void masksPiecesOfACutKeySoACutAfterwardsLeavesNothing() {
        String cut = "xxxx " + KEY.substring(0, 19); // a server that cut its own echo
        assertEquals("xxxx ***", r.redact(cut));
        assertEquals("...***tail", r.redact("..." + KEY.substring(20) + "tail"));
        String body = "x".repeat(150) + KEY + "y".repeat(40);
        String note = ChatReply.shorten(r.redact(body));
        assertNoPiece(note);
        assertEquals("x".repeat(150) + "***" + "y".repeat(7), note.substring(0, 160));
        // Cutting first, as the code once did, leaves 10 characters of the key: the order matters.
        assertTrue(ChatReply.shorten(body).contains(KEY.substring(0, 10)));
    }

    @Test
    void masksBearerTokensAndKeyLikeValuesThatAreNotTheKey() {
        SecretRedactor none = new SecretRedactor(null);
        assertEquals("Authorization: ***", none.redact("Authorization: Bearer abcdefghijklmnopqrstuvwxyz"));
        assertEquals("{\"Authorization\":\"***\"}", none.redact("{\"Authorization\":\"Bearer abc.def-ghi_jkl\"}"));
        assertEquals("sent Bearer ***", none.redact("sent Bearer zyxwvu7srqponmlk=="));
        assertEquals("use sk-*** now", none.redact("use sk-proj-AbCdEfGhIjKlMnOp now"));
        assertEquals("url?api_key=***&x=1", none.redact("url?api_key=q1w2e3r4t5y6&x=1"));
        assertEquals("{\"access_token\": \"***\"}", none.redact("{\"access_token\": \"tok123456789\"}"));
        assertEquals("a skunk-like dog, sk-8 and a bearer of news, bearer information", none.redact(
                "a skunk-like dog, sk-8 and a bearer of news, bearer information"));
    }

    @Test
    void aShortKeyMustMatchWhole() {
        SecretRedactor shortKey = new SecretRedactor("abc12");
        assertEquals("key *** and abc1", shortKey.redact("key abc12 and abc1"));
    }
}
