package dev.listkit.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> DATASETS = List.of("esc50", "urbansound8k", "clotho", "opensfx", "flickr8k",
            "cifar10", "folder", "jsonl");

    @Test
    void typosFindTheClosestName() {
        assertEquals(Optional.of("esc50"), Suggestions.closest("esc05", DATASETS));
        assertEquals(Optional.of("clotho"), Suggestions.closest("Clothos", DATASETS));
        assertEquals(Optional.of("totalSteps"), Suggestions.closest("totalsteps", List.of("totalSteps", "batchSize")));
        assertEquals(" (did you mean 'flickr8k'?)", Suggestions.didYouMean("flikr8k", DATASETS));
    }

    @Test
    void aUniquePrefixIsASuggestionToo() {
        assertEquals(Optional.of("urbansound8k"), Suggestions.closest("urban", DATASETS));
    }

    @Test
    void nothingCloseMeansNoSuggestion() {
        assertEquals(Optional.empty(), Suggestions.closest("imagenet", DATASETS));
        assertEquals("", Suggestions.didYouMean("x", List.of("train", "eval")));
        assertEquals(Optional.empty(), Suggestions.closest("", DATASETS));
    }
}
