package dev.listkit.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.data.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decode groups join the batches of one shape, and each item keeps its place in its batch as its stream. */
class ShapeBatchesTest {
    private static FloatTensor item(int length) {
        return new FloatTensor(new float[length], new long[] {1, length});
    }

    @Test
    void groupsJoinBatchesOfOneShapeUpToTheCap() {
        List<FloatTensor> items = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            items.add(item(i % 3 == 2 ? 5 : 4)); // items 2 and 5 are longer
        }
        List<int[]> batches = ShapeBatches.of(items, 2);
        assertEquals(4, batches.size()); // [0,1] [3,4] [6] of length 4, then [2,5]
        List<ShapeBatches.Group> groups = ShapeBatches.groups(items, 2, 100);
        assertEquals(2, groups.size(), "one group per shape");
        assertArrayEquals(new int[] {0, 1, 3, 4, 6}, groups.get(0).items());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0}, groups.get(0).streams());
        assertArrayEquals(new int[] {2, 5}, groups.get(1).items());
        assertArrayEquals(new int[] {0, 1}, groups.get(1).streams());

        List<ShapeBatches.Group> capped = ShapeBatches.groups(items, 2, 3);
        assertEquals(List.of(2, 3, 2), capped.stream().map(g -> g.items().length).toList(),
                "a batch is never split; a group stops before the cap");
        assertEquals(batches.size(), ShapeBatches.groups(items, 2, 1).size(), "cap below the batch: the batches");
    }

    @Test
    void decodeInputsFillTheRowBudget() {
        assertEquals(ShapeBatches.DECODE_ROWS / 4, ShapeBatches.decodeInputs(
                new CaptionStrategy("nucleus", 1, 0f, 0.9f, 0.8f, 4, 0, 19), 32));
        assertEquals(ShapeBatches.DECODE_ROWS / 3, ShapeBatches.decodeInputs(
                new CaptionStrategy("beam", 3, 1f, 0.9f, 1f, 1, 0, 19), 32));
        assertEquals(2000, ShapeBatches.decodeInputs(CaptionStrategy.greedy(19), 2000), "never below one batch");
    }
}
