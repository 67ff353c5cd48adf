package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.features.FeatureCache;
import dev.listkit.core.features.FeatureIndex;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compressed pool end to end: the {@code urbansound8k} reader on {@code urbansound8k-opus}, the audio
 * modality decoding its Ogg Opus clips in-process, and the feature cache over one clip per class.
 */
class OpusPoolTest {
    @TempDir
    Path tmp;

    @Test
    void urbanSound8kOpusReadsDecodesAndCaches() throws Exception {
        Path root = DataRoot.get().resolve("urbansound8k-opus");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(root), "no data: " + root);
        }
        Dataset fold3 = DatasetRegistry.load("urbansound8k", root, Map.of("folds", "3"));
        assertEquals(387, fold3.samples().size());
        assertEquals(10, fold3.classNames().size());
        assertTrue(fold3.skipped().isEmpty(), fold3.skipped().toString());
        Map<String, SampleRef> onePerClass = new LinkedHashMap<>();
        for (SampleRef s : fold3.samples()) {
            assertTrue(s.media().toString().endsWith(".ogg"), s.media().toString());
            onePerClass.putIfAbsent(s.metadata().get("class"), s);
        }
        List<SampleRef> few = new ArrayList<>(onePerClass.values());
        assertEquals(10, few.size());
        Dataset small = new Dataset(fold3.name(), fold3.root(), few, fold3.classNames(), List.of());
        for (String config : List.of("{\"preset\":\"laion-clap\",\"clipSeconds\":4}", "{\"preset\":\"default-16k\"}")) {
            Modality audio = ModalityRegistry.create("audio", Json.parse(config));
            Path cache = tmp.resolve("cache-" + audio.fingerprint().substring(0, 8));
            FeatureCache.Summary summary = FeatureCache.build(small, audio, cache, 2);
            assertTrue(summary.index().failures().isEmpty(), summary.index().failures().toString());
            assertEquals(10, summary.index().entries().size());
            for (FeatureIndex.Entry e : summary.index().entries()) {
                assertArrayEquals(audio.sampleShape(), e.shape(), config);
                FloatTensor cached = FeatureCache.load(cache, e);
                SampleRef ref = few.stream().filter(s -> s.id().equals(e.id())).findFirst().orElseThrow();
                assertArrayEquals(audio.load(ref.media()).data(), cached.data(), "cache = load for " + ref.id());
                for (float v : cached.data()) {
                    assertTrue(Float.isFinite(v), ref.id());
                }
            }
        }
    }
}
