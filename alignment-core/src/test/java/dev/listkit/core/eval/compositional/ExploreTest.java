package dev.listkit.core.eval.compositional;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() throws Exception {
        List<CaptionedItem> items = FlickrItems.read(Integer.getInteger("skip", 0), Integer.getInteger("n", 300));
        long t = System.nanoTime();
        Benchmark b = HardNegativeGenerator.builder().optSeed(0).build().generate(items);
        System.out.printf("items %d positives %d unknown %d generated %s in %.1fs%n", b.items(), b.positives(),
                b.unknown(), b.generated(), (System.nanoTime() - t) / 1e9);
        java.util.Map<String, Integer> shown = new java.util.HashMap<>();
        int every = Integer.getInteger("every", 1);
        for (int i = 0; i < b.pairs().size(); i += every) {
            HardNegative h = b.pairs().get(i);
            if (shown.merge(h.kind(), 1, Integer::sum) <= Integer.getInteger("k", 12)) {
                System.out.println(h.kind() + " | " + h.positive() + " | " + h.negative() + " | " + h.change());
            }
        }
    }
}
