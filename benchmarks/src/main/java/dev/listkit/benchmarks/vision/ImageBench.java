package dev.listkit.benchmarks.vision;

import dev.listkit.core.ConfigException;
import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.loader.BatchStream;
import dev.listkit.core.loader.SampleLoader;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import dev.listkit.vision.io.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Throughput of image decode + preprocess + augment on the Flickr8k images (128 × 128 JPEGs), with one
 * thread, with all threads, and through {@link SampleLoader}. Prints a Markdown table.
 *
 * <pre>
 * java -cp ... dev.listkit.benchmarks.vision.ImageBench [--images 2000] [--preset clip-224] [--threads N] [--batch 64] [--repeat 3]
 * </pre>
 */
public final class ImageBench {
    private ImageBench() {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        int images = 2000;
        String preset = "clip-224";
        int threads = Runtime.getRuntime().availableProcessors();
        int batch = 64;
        int repeat = 3;
        Path dir = DataRoot.get().resolve("flickr8k/images");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--preset" -> preset = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; usage: ImageBench [--images N] [--preset P] [--threads T] [--batch B] [--repeat R] [--dir D]");
                    System.exit(2);
                }
            }
        }
        List<Path> files = files(dir, images);
        Modality m = modality(preset);
        System.out.printf(Locale.ROOT, "%d images from %s, preset %s, sample shape (3, %d, %d), %d CPUs%n%n",
                files.size(), dir, preset, m.sampleShape()[1], m.sampleShape()[2],
                Runtime.getRuntime().availableProcessors());

        run(files.subList(0, Math.min(200, files.size())), m, 1, Stage.FULL); // warm-up (JIT)
        System.out.println("Each stage runs " + repeat + " times; best and median images/s.");
        System.out.println();
        System.out.println("| stage | threads | best images/s | median images/s |");
        System.out.println("|---|---|---|---|");
        final int t = threads;
        final List<Path> f = files;
        row("decode only", 1, repeat, () -> run(f, m, 1, Stage.DECODE));
        row("decode + preprocess", 1, repeat, () -> run(f, m, 1, Stage.PREPROCESS));
        row("decode + preprocess + augment", 1, repeat, () -> run(f, m, 1, Stage.FULL));
        row("decode + preprocess + augment", t, repeat, () -> run(f, m, t, Stage.FULL));
        List<Double> waits = new ArrayList<>();
        final int b = batch;
        row("SampleLoader, batch " + batch + ", augment", t, repeat, () -> {
            double[] r = loader(f, m, t, b);
            waits.add(r[1]);
            return r[0];
        });
        System.out.printf(Locale.ROOT, "%nSampleLoader consumer wait fraction (idle consumer): %s%n", waits);
    }

    /** One measured rate. */
    @FunctionalInterface
    private interface Measure {
        double rate() throws Exception;
    }

    private static void row(String stage, int threads, int repeat, Measure measure) throws Exception {
        double[] r = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            r[i] = measure.rate();
        }
        java.util.Arrays.sort(r);
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f |%n", stage, threads, r[repeat - 1], r[repeat / 2]);
    }

    private static Modality modality(String preset) throws ConfigException {
        return ModalityRegistry.create("vision", Json.object().put("preset", preset));
    }

    private static List<Path> files(Path dir, int n) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList();
        }
    }

    /** How far each image goes. */
    private enum Stage { DECODE, PREPROCESS, FULL }

    /** Images per second through {@code stage} with {@code threads} threads. */
    private static double run(List<Path> files, Modality m, int threads, Stage stage) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<Double>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    double checksum = 0;
                    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                        checksum += one(files.get(i), m, stage, i);
                    }
                    return checksum;
                }));
            }
            for (Future<Double> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return files.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double one(Path file, Modality m, Stage stage, int i) throws MediaException {
        return switch (stage) {
            case DECODE -> ImageDecoder.decode(file).data()[0];
            case PREPROCESS -> m.load(file).data()[0];
            case FULL -> {
                FloatTensor x = m.augment(m.load(file), new SplittableRandom(i));
                yield x.data()[0];
            }
        };
    }

    /** {images/s, wait fraction} of one epoch through the loader with an idle consumer. */
    private static double[] loader(List<Path> files, Modality m, int threads, int batch) {
        List<SampleRef> refs = new ArrayList<>();
        for (Path f : files) {
            refs.add(new SampleRef(f.getFileName().toString(), f, List.of(), java.util.Map.of()));
        }
        try (SampleLoader loader = SampleLoader.builder().setModality(m).setSamples(refs).setBatchSize(batch)
                .optThreads(threads).optAugment(true).optSeed(1).build();
             BatchStream s = loader.epoch(0)) {
            long t0 = System.nanoTime();
            while (s.hasNext()) {
                s.next();
            }
            double rate = s.samplesDelivered() / ((System.nanoTime() - t0) / 1e9);
            return new double[] {rate, s.waitFraction()};
        }
    }
}
