package dev.listkit.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.data.SampleRef;
import dev.listkit.core.loader.Batch;
import dev.listkit.core.loader.BatchStream;
import dev.listkit.core.loader.SampleFailure;
import dev.listkit.core.loader.SampleLoader;
import dev.listkit.core.modality.Modality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core SampleLoader with the real vision modality and real Flickr8k images. */
class VisionLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void augmentedBatchesOfRealImagesDoNotDependOnThreadCount() throws Exception {
        List<SampleRef> refs = new ArrayList<>();
        for (Path f : TestImages.firstFiles(TestImages.dataDir("flickr8k/images"), "jpg", 10)) {
            refs.add(new SampleRef(f.getFileName().toString(), f, List.of(), Map.of()));
        }
        byte[] bytes = Files.readAllBytes(refs.get(0).media());
        Path cut = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length / 3));
        refs.add(4, new SampleRef("cut", cut, List.of(), Map.of()));
        Modality m = VisionModalityProviderTest.create("{\"preset\":\"clip-64\",\"imageSize\":32}");

        List<List<Batch>> runs = new ArrayList<>();
        List<List<SampleFailure>> failures = new ArrayList<>();
        for (int threads : new int[] {1, 3}) {
            List<SampleFailure> failed = new ArrayList<>();
            try (SampleLoader loader = SampleLoader.builder().setModality(m).setSamples(refs).setBatchSize(4)
                    .optThreads(threads).optSeed(99).optAugment(true).optFailureListener(failed::add).build();
                 BatchStream s = loader.epoch(3)) {
                List<Batch> out = new ArrayList<>();
                s.forEachRemaining(out::add);
                runs.add(out);
            }
            failures.add(failed);
        }
        assertEquals(runs.get(0), runs.get(1), "1 and 3 threads give the same batches");
        assertEquals(List.of(4, 4, 2), runs.get(0).stream().map(Batch::size).toList());
        assertArrayEquals(new long[] {4, 3, 32, 32}, runs.get(0).get(0).shape()); // (B, 3, S, S)
        assertEquals(1, failures.get(0).size());
        assertEquals("cut", failures.get(0).get(0).sample().id());
        assertTrue(failures.get(0).get(0).reason().contains("cut.jpg"), failures.get(0).get(0).reason());
    }
}
