package dev.listkit.core.list;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.util.Hashing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool hold-out must not pick the samples the paired cut ranks first. */
class PoolSplitTest {
    @Test
    void holdOutIsIndependentOfThePairedRanking() {
        long seed = 3;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            ids.add("flickr8k:img-" + i);
        }
        ids.sort(Comparator.comparing(id -> Hashing.sha256(seed + ":" + id))); // the paired cut's ranking
        List<String> first = ids.subList(0, 800); // what a 20 % paired cut would take
        long heldFirst = first.stream().filter(id -> PoolSplit.poolHeldOut(id, seed, 0.15)).count();
        long heldAll = ids.stream().filter(id -> PoolSplit.poolHeldOut(id, seed, 0.15)).count();
        assertTrue(Math.abs(heldAll / 4000.0 - 0.15) < 0.02, "held out overall " + heldAll);
        // Same hash would give 600 of 800 here; independent hashes give about 15 % = 120.
        assertTrue(heldFirst > 80 && heldFirst < 160, "held out among the first-ranked 800: " + heldFirst);
    }

    @Test
    void novelStrataAreAFractionChosenPerSeed() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            labels.add("class-" + i);
        }
        List<String> one = PoolSplit.novelStrata(labels, 1, 0.5);
        assertEquals(30, one.size());
        assertEquals(one, PoolSplit.novelStrata(labels, 1, 0.5), "a seed gives the same strata every run");
        assertNotEquals(one, PoolSplit.novelStrata(labels, 2, 0.5), "another seed leaves out other strata");
        assertEquals(List.of(), PoolSplit.novelStrata(labels, 1, 0.0));
        assertEquals(one.stream().sorted().toList(), one, "sorted");
    }
}
