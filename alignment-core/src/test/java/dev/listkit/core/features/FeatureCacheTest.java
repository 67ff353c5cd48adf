package dev.listkit.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.MediaException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.modality.Modality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
    @TempDir
    Path tmp;

    /** A text "modality": each file holds numbers; the tensor is (n,) scaled by a factor. */
    static final class NumbersModality implements Modality {
        final float scale;
        final AtomicInteger loads = new AtomicInteger();

        NumbersModality(float scale) {
            this.scale = scale;
        }

        @Override
        public String id() {
            return "numbers";
        }

        @Override
        public String fingerprint() {
            return "numbers-x" + scale;
        }

        @Override
        public long[] sampleShape() {
            return new long[] {3};
        }

        @Override
        public Set<String> fileExtensions() {
            return Set.of("txt");
        }

        @Override
        public FloatTensor load(Path media) throws MediaException {
            loads.incrementAndGet();
            if (media.getFileName().toString().startsWith("oom")) {
                throw new OutOfMemoryError("Java heap space (on purpose)");
            }
            if (media.getFileName().toString().startsWith("deep")) {
                throw new StackOverflowError();
            }
            try {
                String[] parts = Files.readString(media).trim().split("\\s+");
                if (parts.length != 3) {
                    throw new MediaException(media, "expected 3 numbers, found " + parts.length);
                }
                float[] v = new float[3];
                for (int i = 0; i < 3; i++) {
                    v[i] = Float.parseFloat(parts[i]) * scale;
                }
                return new FloatTensor(v, new long[] {3});
            } catch (IOException | NumberFormatException e) {
                throw new MediaException(media, "unreadable: " + e.getMessage(), e);
            }
        }

        @Override
        public FloatTensor augment(FloatTensor features, SplittableRandom rng) {
            return features;
        }

        @Override
        public List<String> zeroShotTemplates() {
            return List.of("{}");
        }
    }

    private Dataset dataset(int n, int bad) throws IOException {
        List<SampleRef> samples = new ArrayList<>();
        Path media = Files.createDirectories(tmp.resolve("media"));
        for (int i = 0; i < n; i++) {
            Path f = media.resolve("s" + i + ".txt");
            Files.writeString(f, i < n - bad ? i + " " + (i + 1) + " " + (i + 2) : "oops");
            samples.add(new SampleRef("fold1/s" + i, f, List.of(), Map.of()));
        }
        return new Dataset("toy", media, samples, List.of(), List.of());
    }

    @Test
    void computesInParallelRecordsFailuresAndReusesUnchangedFiles() throws Exception {
        Dataset ds = dataset(250, 2);
        Path out = tmp.resolve("cache");
        NumbersModality m = new NumbersModality(2f);

        FeatureCache.Summary first = FeatureCache.build(ds, m, out, 3);
        assertEquals(248, first.computed());
        assertEquals(0, first.reused());
        assertEquals(2, first.failures().size());
        assertTrue(first.failures().get(0).reason().contains("expected 3 numbers"), first.failures().toString());

        FeatureIndex index = FeatureCache.readIndex(out);
        assertEquals("numbers-x2.0", index.fingerprint());
        assertEquals("fold1/s0", index.entries().get(0).id(), "entries keep dataset order");
        assertArrayEquals(new float[] {20, 22, 24}, FeatureCache.load(out, index.entries().get(10)).data());

        // Second run: nothing changed, nothing recomputed (failures are retried).
        int before = m.loads.get();
        FeatureCache.Summary second = FeatureCache.build(ds, m, out, 2);
        assertEquals(248, second.reused());
        assertEquals(0, second.computed());
        assertEquals(before + 2, m.loads.get());

        // Touch one file: only it is recomputed.
        Path changed = ds.samples().get(5).media();
        Files.writeString(changed, "7 7 7");
        Files.setLastModifiedTime(changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 5000));
        FeatureCache.Summary third = FeatureCache.build(ds, m, out, 2);
        assertEquals(1, third.computed());
        assertEquals(247, third.reused());
        assertArrayEquals(new float[] {14, 14, 14},
                FeatureCache.load(out, FeatureCache.readIndex(out).entries().get(5)).data());

        // Another fingerprint (e.g. another preset): everything is recomputed.
        FeatureCache.Summary fourth = FeatureCache.build(ds, new NumbersModality(3f), out, 2);
        assertEquals(248, fourth.computed());
        assertArrayEquals(new float[] {30, 33, 36},
                FeatureCache.load(out, FeatureCache.readIndex(out).entries().get(10)).data());
    }

    @Test
    void errorsInWorkersAreThatSamplesFailureNamingTheFile() throws Exception {
        Dataset ok = dataset(12, 0);
        List<SampleRef> samples = new ArrayList<>(ok.samples());
        Path oom = Files.writeString(tmp.resolve("media/oom.txt"), "1 2 3");
        Path deep = Files.writeString(tmp.resolve("media/deep.txt"), "1 2 3");
        samples.set(3, new SampleRef("oom", oom, List.of(), Map.of()));
        samples.set(8, new SampleRef("deep", deep, List.of(), Map.of()));
        Dataset ds = new Dataset("toy", ok.root(), samples, List.of(), List.of());
        FeatureCache.Summary s = FeatureCache.build(ds, new NumbersModality(1f), tmp.resolve("cache"), 2);
        assertEquals(10, s.computed(), "the run goes on past both");
        assertEquals(List.of("deep", "oom"), s.failures().stream().map(FeatureIndex.Failure::id).toList());
        FeatureIndex.Failure f = s.failures().get(1);
        assertEquals(oom.toString(), f.media());
        assertTrue(f.reason().contains("java.lang.OutOfMemoryError: Java heap space (on purpose)"), f.reason());
        assertTrue(s.failures().get(0).reason().contains("java.lang.StackOverflowError"), s.failures().toString());
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        Path out = tmp.resolve("cache");
        FeatureCache.build(dataset(20, 0), new NumbersModality(1f), out, 2);
        try (var files = Files.walk(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void fileNamesAreSafeAndUnique() {
        String a = FeatureCache.fileName("a/b");
        String b = FeatureCache.fileName("a_b");
        assertTrue(a.matches("[A-Za-z0-9._-]+"), a);
        assertTrue(!a.equals(b), "ids that sanitise alike still get distinct files");
    }
}
