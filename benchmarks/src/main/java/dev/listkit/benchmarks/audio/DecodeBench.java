package dev.listkit.benchmarks.audio;

import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.io.PcmAudio;
import dev.listkit.audio.io.Resampler;
import dev.listkit.core.MediaException;
import dev.listkit.core.io.DataRoot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Throughput of {@link AudioDecoder} and {@link Resampler} on the real ESC-50 clips: decode alone and
 * decode + resample, 44.1 kHz to 16 kHz ({@code esc50/original-44k}) and 16 kHz to 48 kHz
 * ({@code esc50/audio}), on one thread and on all cores. Prints clips/s and audio-seconds/s.
 *
 * <p>Usage: {@code DecodeBench [dataRoot] [minSecondsPerCase]}; the data root defaults to
 * {@link DataRoot#get()}. Each case runs one untimed warm-up pass, then whole passes over the clips
 * until at least {@code minSecondsPerCase} (default 3) have elapsed. Besides wall-clock rates it prints
 * audio-seconds per CPU-second of the whole process, which stays meaningful on a machine shared with
 * other jobs (wall-clock rates there depend on the load).
 */
public final class DecodeBench {
    private DecodeBench() {
    }

    /** One benchmark case: a clip set and an optional target rate (0 = decode only). */
    private record Case(String name, List<Path> clips, int toHz) {
    }

    /** Runs the benchmark; see the class comment for arguments. */
    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : DataRoot.get();
        double minSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        List<Path> orig = wavs(root.resolve("esc50/original-44k"));
        List<Path> esc = wavs(root.resolve("esc50/audio"));
        int cores = Runtime.getRuntime().availableProcessors();
        List<Case> cases = List.of(
                new Case("decode 44.1k (original-44k)", orig, 0),
                new Case("decode+resample 44.1k->16k", orig, 16_000),
                new Case("decode 16k (esc50/audio)", esc, 0),
                new Case("decode+resample 16k->48k", esc, 48_000));
        System.out.printf(Locale.ROOT, "DecodeBench: %d original-44k clips, %d esc50/audio clips, %d cores, Java %s%n",
                orig.size(), esc.size(), cores, System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-30s %7s %10s %12s %14s%n", "case", "threads", "clips/s", "audio-s/s",
                "audio-s/CPU-s");
        for (Case c : cases) {
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                run(c, threads, minSeconds);
            }
        }
    }

    private static void run(Case c, int threads, double minSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            pass(c, pool); // warm-up: JIT, page cache, filter tables
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            long clips = 0;
            double audioSeconds = 0;
            double elapsed;
            do {
                audioSeconds += pass(c, pool);
                clips += c.clips().size();
                elapsed = (System.nanoTime() - start) / 1e9;
            } while (elapsed < minSeconds);
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "%-30s %7d %10.1f %12.1f %14.1f%n", c.name(), threads, clips / elapsed,
                    audioSeconds / elapsed, audioSeconds / cpuSeconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Processes every clip once; returns the decoded audio duration in seconds. */
    private static double pass(Case c, ExecutorService pool) throws InterruptedException, MediaException {
        List<Future<Double>> results = new ArrayList<>(c.clips().size());
        for (Path clip : c.clips()) {
            results.add(pool.submit(() -> {
                PcmAudio a = AudioDecoder.decode(clip);
                if (c.toHz() > 0) {
                    float[] y = Resampler.resample(a.samples(), a.sampleRateHz(), c.toHz());
                    if (y.length == 0) {
                        throw new IllegalStateException("empty output for " + clip);
                    }
                }
                return a.durationSeconds();
            }));
        }
        double seconds = 0;
        for (Future<Double> f : results) {
            try {
                seconds += f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof MediaException m) {
                    throw m;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return seconds;
    }

    /** CPU time of this process (all threads), or -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static List<Path> wavs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": benchmark data folder not found (pass the data root as argument 1)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wav")).sorted().toList();
        }
    }
}
