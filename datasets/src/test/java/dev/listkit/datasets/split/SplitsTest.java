package dev.listkit.datasets.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.data.SampleRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Seeded splits: determinism, disjointness, exact sizes, stratification and hidden captions. */
class SplitsTest {

    private static List<SampleRef> samples(int classes, int perClass) {
        List<SampleRef> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                String id = "c" + c + "-" + i;
                out.add(new SampleRef(id, Path.of("/data/" + id + ".wav"), List.of("caption of " + id),
                        Map.of("label", "class" + c, "fold", "1")));
            }
        }
        return out;
    }

    private static Set<String> ids(List<SampleRef> s) {
        return s.stream().map(SampleRef::id).collect(Collectors.toSet());
    }

    @Test
    void trainValTestIsDisjointCompleteAndExactlySized() throws Exception {
        List<SampleRef> all = samples(10, 10);
        TrainValTest t = Splits.trainValTest(all, 0.8, 0.1, 42);
        assertEquals(80, t.train().size());
        assertEquals(10, t.val().size());
        assertEquals(10, t.test().size());
        Set<String> union = new HashSet<>(ids(t.train()));
        union.addAll(ids(t.val()));
        union.addAll(ids(t.test()));
        assertEquals(ids(all), union, "every sample lands in exactly one part");
        assertTrue(Collections.disjoint(ids(t.train()), ids(t.test())));
        assertTrue(Collections.disjoint(ids(t.val()), ids(t.test())));
    }

    @Test
    void splitDependsOnSeedAndIdsNotOnOrder() throws Exception {
        List<SampleRef> all = samples(5, 20);
        List<SampleRef> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(3));
        TrainValTest a = Splits.trainValTest(all, 0.7, 0.15, 7);
        TrainValTest b = Splits.trainValTest(shuffled, 0.7, 0.15, 7);
        assertEquals(ids(a.test()), ids(b.test()));
        assertEquals(ids(a.val()), ids(b.val()));
        assertNotEquals(ids(a.test()), ids(Splits.trainValTest(all, 0.7, 0.15, 8).test()));
    }

    @Test
    void hashKeyIsStableAcrossRunsAndJvms() {
        // SHA-256("42:dog-1") computed with sha256sum: echo -n '42:dog-1' | sha256sum
        assertEquals("4daa8e7a8b2479e5", Splits.key("dog-1", 42));
    }

    @Test
    void badFractionsAreConfigErrors() {
        assertThrows(ConfigException.class, () -> Splits.trainValTest(samples(1, 3), 0.9, 0.2, 1));
        assertThrows(ConfigException.class, () -> Splits.trainValTest(samples(1, 3), -0.1, 0.2, 1));
        assertThrows(ConfigException.class, () -> PoolSpec.of(1.5, 1));
        assertThrows(ConfigException.class, () -> PoolSpec.of(Double.NaN, 1));
    }

    @Test
    void poolHidesCaptionsOfTheUnpairedPart() throws Exception {
        List<SampleRef> all = samples(4, 10);
        PairedPool pool = Splits.pool(all, PoolSpec.of(0.25, 5).hiding("label"));
        assertEquals(10, pool.paired().size());
        assertEquals(30, pool.unpaired().size());
        assertTrue(pool.paired().stream().allMatch(SampleRef::isPaired));
        assertTrue(pool.unpaired().stream().noneMatch(SampleRef::isPaired));
        assertTrue(pool.unpaired().stream().allMatch(s -> s.metadata().equals(Map.of("fold", "1"))));
        assertTrue(Collections.disjoint(ids(pool.paired()), ids(pool.unpaired())));
        assertEquals(ids(pool.paired()), ids(Splits.pool(all, PoolSpec.of(0.25, 5)).paired()));
    }

    @Test
    void stratifiedPoolKeepsTheFractionPerClass() throws Exception {
        List<SampleRef> all = samples(50, 8);
        PairedPool pool = Splits.pool(all, PoolSpec.of(0.25, 11).stratifiedBy("label"));
        Map<String, Long> perClass = pool.paired().stream()
                .collect(Collectors.groupingBy(s -> s.metadata().get("label"), Collectors.counting()));
        assertEquals(50, perClass.size());
        assertEquals(Set.of(2L), new HashSet<>(perClass.values()));
        assertEquals(300, pool.unpaired().size());
    }
}
