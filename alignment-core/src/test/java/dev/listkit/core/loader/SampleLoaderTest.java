package dev.listkit.core.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.modality.Modality;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SampleLoaderTest {
    /**
     * A modality whose sample {@code s<i>} is the (2, 3) tensor filled with i, 10i, ...; files named
     * {@code bad*} fail. Loads sleep a random (non-deterministic) time to scramble thread scheduling.
     */
    static class FakeModality implements Modality {
        final AtomicInteger loads = new AtomicInteger();
        final int maxSleepMicros;

        FakeModality(int maxSleepMicros) {
            this.maxSleepMicros = maxSleepMicros;
        }

        @Override public String id() { return "fake"; }
        @Override public String fingerprint() { return "fake-1"; }
        @Override public long[] sampleShape() { return new long[] {2, 3}; } // (2, 3)
        @Override public Set<String> fileExtensions() { return Set.of("bin"); }
        @Override public List<String> zeroShotTemplates() { return List.of("{}"); }

        @Override
        public FloatTensor load(Path media) throws MediaException {
            loads.incrementAndGet();
            if (maxSleepMicros > 0) {
                try {
                    java.util.concurrent.TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(maxSleepMicros));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String name = media.getFileName().toString();
            if (name.startsWith("bad")) {
                throw new MediaException(media, "corrupt on purpose");
            }
            if (name.startsWith("oom")) {
                throw new OutOfMemoryError("Java heap space (on purpose)");
            }
            int i = Integer.parseInt(name.substring(1, name.indexOf('.')));
            float[] d = new float[6];
            for (int k = 0; k < 6; k++) {
                d[k] = i * (float) Math.pow(10, k % 3);
            }
            return new FloatTensor(d, sampleShape());
        }

        @Override
        public FloatTensor augment(FloatTensor x, SplittableRandom rng) {
            float[] d = x.data().clone();
            for (int k = 0; k < d.length; k++) {
                d[k] += (float) rng.nextDouble();
            }
            return new FloatTensor(d, x.shape());
        }
    }

    /** n samples; every sample whose position is in {@code bad} points to a failing file. */
    static List<SampleRef> samples(int n, Set<Integer> bad) {
        List<SampleRef> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String file = bad.contains(i) ? "bad" + i + ".bin" : "s" + i + ".bin";
            out.add(new SampleRef("id" + i, Path.of("/data", file), List.of(), Map.of()));
        }
        return out;
    }

    static List<Batch> run(int threads, int epoch, List<SampleRef> samples, List<SampleFailure> failures) {
        try (SampleLoader loader = SampleLoader.builder().setModality(new FakeModality(300)).setSamples(samples)
                .setBatchSize(8).optThreads(threads).optSeed(1234).optAugment(true)
                .optFailureListener(failures::add).build();
             BatchStream s = loader.epoch(epoch)) {
            List<Batch> out = new ArrayList<>();
            s.forEachRemaining(out::add);
            return out;
        }
    }

    @Test
    void anErrorInAWorkerFailsThatSampleOnly() {
        List<SampleRef> samples = new ArrayList<>(samples(20, Set.of()));
        samples.set(7, new SampleRef("id7", Path.of("/data", "oom7.bin"), List.of(), Map.of()));
        List<SampleFailure> failures = new ArrayList<>();
        List<Batch> batches = run(2, 0, samples, failures);
        assertEquals(19, batches.stream().mapToInt(b -> b.ids().size()).sum(), "the other samples are loaded");
        assertEquals(1, failures.size());
        assertEquals("id7", failures.get(0).sample().id());
        assertTrue(failures.get(0).reason().startsWith(Path.of("/data", "oom7.bin") + ": unexpected "
                + "java.lang.OutOfMemoryError"), failures.get(0).reason());
    }

    @Test
    void oneAndFourThreadsGiveIdenticalBatches() {
        List<SampleRef> samples = samples(61, Set.of(3, 17, 40));
        for (int epoch = 0; epoch < 2; epoch++) {
            List<SampleFailure> f1 = new ArrayList<>();
            List<SampleFailure> f4 = new ArrayList<>();
            List<Batch> one = run(1, epoch, samples, f1);
            List<Batch> four = run(4, epoch, samples, f4);
            assertEquals(one, four, "epoch " + epoch);
            assertEquals(f1.stream().map(f -> f.sample().id()).toList(), f4.stream().map(f -> f.sample().id()).toList());
        }
        assertNotEquals(run(2, 0, samples, new ArrayList<>()).get(0).ids(),
                run(2, 1, samples, new ArrayList<>()).get(0).ids(), "each epoch has its own order");
    }

    @Test
    void everyGoodSampleAppearsOnceWithItsAugmentedValues() {
        List<SampleRef> samples = samples(30, Set.of());
        List<Batch> batches = run(3, 5, samples, new ArrayList<>());
        assertEquals(List.of(8, 8, 8, 6), batches.stream().map(Batch::size).toList());
        Set<String> seen = new HashSet<>();
        for (Batch b : batches) {
            assertArrayEquals(new long[] {b.size(), 2, 3}, b.shape()); // (B, 2, 3)
            for (int j = 0; j < b.size(); j++) {
                String id = b.ids().get(j);
                assertTrue(seen.add(id), "duplicate " + id);
                int i = Integer.parseInt(id.substring(2));
                // independent expectation: value = i*10^k + the k-th draw of SplittableRandom(derive(seed, epoch, i))
                SplittableRandom rng = new SplittableRandom(Seeds.derive(1234, 5, i));
                for (int k = 0; k < 6; k++) {
                    float expected = i * (float) Math.pow(10, k % 3) + (float) rng.nextDouble();
                    assertEquals(expected, b.data()[j * 6 + k], 0f, id + "[" + k + "]");
                }
            }
        }
        assertEquals(30, seen.size());
    }

    @Test
    void failedSamplesAreReportedInOrderAndSkipped() {
        Set<Integer> bad = Set.of(0, 5, 6, 29);
        List<SampleRef> samples = samples(30, bad);
        List<SampleFailure> reported = new ArrayList<>();
        List<Batch> batches;
        List<SampleFailure> fromStream;
        try (SampleLoader loader = SampleLoader.builder().setModality(new FakeModality(0)).setSamples(samples)
                .setBatchSize(8).optThreads(2).optShuffle(false).optFailureListener(reported::add).build();
             BatchStream s = loader.epoch(0)) {
            batches = new ArrayList<>();
            s.forEachRemaining(batches::add);
            fromStream = s.failures();
        }
        assertEquals(List.of("id0", "id5", "id6", "id29"), reported.stream().map(f -> f.sample().id()).toList());
        assertEquals(reported, fromStream);
        assertTrue(reported.get(0).reason().contains("bad0.bin") && reported.get(0).reason().contains("corrupt"),
                reported.get(0).reason());
        assertEquals(List.of(8, 8, 8, 2), batches.stream().map(Batch::size).toList());
        assertEquals(List.of("id1", "id2", "id3", "id4", "id7", "id8", "id9", "id10"), batches.get(0).ids());
    }

    @Test
    void dropLastDropsThePartialBatch() {
        try (SampleLoader loader = SampleLoader.builder().setModality(new FakeModality(0)).setSamples(samples(20, Set.of()))
                .setBatchSize(8).optThreads(2).optDropLast(true).build();
             BatchStream s = loader.epoch(0)) {
            List<Batch> out = new ArrayList<>();
            s.forEachRemaining(out::add);
            assertEquals(List.of(8, 8), out.stream().map(Batch::size).toList());
        }
    }

    @Test
    void prefetchIsBounded() throws Exception {
        FakeModality m = new FakeModality(0);
        int batch = 4;
        int prefetch = 2;
        int threads = 2;
        try (SampleLoader loader = SampleLoader.builder().setModality(m).setSamples(samples(500, Set.of()))
                .setBatchSize(batch).optThreads(threads).optPrefetchBatches(prefetch).build();
             BatchStream s = loader.epoch(0)) {
            // steady state: queue full (prefetch batches), the assembler blocked putting one more full
            // batch, and its window of 2 × threads samples less the one it just took into that batch
            int bound = prefetch * batch + batch + 2 * threads - 1;
            awaitCount(m.loads, bound);
            Thread.sleep(300);
            assertEquals(bound, m.loads.get(), "the loader must stop at the bound while nobody consumes");
            s.next();
            s.next();
            awaitCount(m.loads, bound + 2 * batch);
            Thread.sleep(300);
            assertEquals(bound + 2 * batch, m.loads.get(), "two batches consumed, two more loaded");
        }
    }

    @Test
    void waitFractionIsHighWhenTheLoaderIsTheBottleneck() {
        try (SampleLoader loader = SampleLoader.builder().setModality(new FakeModality(8000))
                .setSamples(samples(40, Set.of())).setBatchSize(4).optThreads(1).build();
             BatchStream s = loader.epoch(0)) {
            while (s.hasNext()) {
                s.next();
            }
            assertEquals(10, s.batchesDelivered());
            assertEquals(40, s.samplesDelivered());
            assertTrue(s.waitFraction() > 0.5, "wait fraction " + s.waitFraction());
            assertTrue(s.waitFraction() <= 1.0);
        }
    }

    @Test
    void closeStopsAllThreads() throws Exception {
        SampleLoader loader = SampleLoader.builder().setModality(new FakeModality(200))
                .setSamples(samples(1000, Set.of())).setBatchSize(4).optThreads(3).build();
        BatchStream s = loader.epoch(0);
        s.next();
        String prefix = loader.threadNamePrefix() + "-";
        assertTrue(liveThreads(prefix) >= 4, "3 workers + 1 assembler expected, saw " + liveThreads(prefix));
        loader.close();
        assertEquals(0, liveThreads(prefix), "threads still alive after close()");
        assertThrows(IllegalStateException.class, () -> loader.epoch(1));
        assertThrows(IllegalStateException.class, s::hasNext);
    }

    @Test
    void closingFromAnotherThreadWakesABlockedConsumer() throws Exception {
        try (SampleLoader loader = SampleLoader.builder().setModality(new FakeModality(0) {
            @Override
            public FloatTensor load(Path media) throws MediaException {
                try {
                    Thread.sleep(60_000); // never finishes on its own
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new MediaException(media, "interrupted");
            }
        }).setSamples(samples(4, Set.of())).setBatchSize(2).optThreads(1).build()) {
            BatchStream s = loader.epoch(0);
            java.util.concurrent.CompletableFuture<Throwable> consumer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    s.hasNext();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            s.close();
            Throwable t = consumer.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(t instanceof IllegalStateException && t.getMessage().contains("closed"), String.valueOf(t));
        }
    }

    @Test
    void builderRejectsMissingSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleLoader.builder().setSamples(List.of()).setBatchSize(2).build());
        assertTrue(e.getMessage().contains("setModality"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SampleLoader.builder().setModality(new FakeModality(0)).setSamples(List.of()).build());
        assertFalse(Seeds.derive(1, 2, 3) == Seeds.derive(1, 3, 2), "seed mixing must depend on argument order");
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }

    private static void awaitCount(AtomicInteger counter, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (counter.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
