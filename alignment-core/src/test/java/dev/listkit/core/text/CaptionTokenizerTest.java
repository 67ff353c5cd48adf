package dev.listkit.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

class CaptionTokenizerTest {
    static CaptionTokenizer tokenizer;

    @BeforeAll
    static void setUp() throws Exception {
        tokenizer = CaptionTokenizer.miniLm(8);
    }

    @AfterAll
    static void tearDown() {
        tokenizer.close();
    }

    @Test
    void constantsMatchTheShippedTokenizerJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(MiniLmResources.tokenizerFile().toFile());
        JsonNode vocab = json.get("model").get("vocab");
        assertEquals(MiniLmResources.VOCAB_SIZE, vocab.size());
        assertEquals(MiniLmResources.PAD_ID, vocab.get("[PAD]").asLong());
        assertEquals(MiniLmResources.CLS_ID, vocab.get("[CLS]").asLong());
        assertEquals(MiniLmResources.SEP_ID, vocab.get("[SEP]").asLong());
    }

    @Test
    void encodesPadsAndDecodes() throws Exception {
        TokenizedBatch batch = tokenizer.encode(List.of("a dog barks", "rain"));
        // BERT uncased: [CLS] a dog barks [SEP] — "barks" may split into word pieces, so only check ends
        long[] first = batch.ids()[0];
        assertEquals(MiniLmResources.CLS_ID, first[0]);
        int len0 = (int) Arrays.stream(batch.attentionMask()[0]).sum();
        int len1 = (int) Arrays.stream(batch.attentionMask()[1]).sum();
        assertEquals(MiniLmResources.SEP_ID, first[len0 - 1]);
        assertEquals(3, len1); // [CLS] rain [SEP]
        assertEquals(batch.length(), len0);
        assertEquals(MiniLmResources.PAD_ID, batch.ids()[1][len0 - 1]);
        assertEquals(0, batch.truncated());
        assertEquals("a dog barks", tokenizer.decode(first));
    }

    @Test
    void truncatesKeepingSepAndCounts() throws Exception {
        long before = tokenizer.truncatedTotal();
        TokenizedBatch batch = tokenizer.encode(List.of("one two three four five six seven eight nine ten", "short"));
        assertEquals(8, batch.length());
        assertEquals(1, batch.truncated());
        assertEquals(before + 1, tokenizer.truncatedTotal());
        long[] row = batch.ids()[0];
        assertEquals(MiniLmResources.CLS_ID, row[0]);
        assertEquals(MiniLmResources.SEP_ID, row[7]);
        assertEquals("one two three four five six", tokenizer.decode(row));
    }

    @Test
    void truncationWithoutClosingSpecialTokenJustCuts() {
        assertArrayEquals(new long[] {5, 6, 7}, CaptionTokenizer.truncate(new long[] {5, 6, 7, 8}, new long[] {0, 0, 0, 0}, 3));
        assertArrayEquals(new long[] {1, 6, 9}, CaptionTokenizer.truncate(new long[] {1, 6, 7, 9}, new long[] {1, 0, 0, 1}, 3));
    }

    @Test
    void blankCaptionIsAnError() {
        TextException e = assertThrows(TextException.class, () -> tokenizer.encode(List.of("fine", "  ")));
        assertTrue(e.getMessage().contains("caption 1"), e.getMessage());
    }
}
