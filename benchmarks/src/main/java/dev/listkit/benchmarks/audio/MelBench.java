package dev.listkit.benchmarks.audio;

import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.mel.LogMelSpectrogram;
import dev.listkit.audio.mel.MelPresets;
import dev.listkit.core.ListkitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Log-mel throughput over a folder of WAV clips, decoding excluded (all clips are decoded into memory
 * first). Driven by {@code scripts/bench_mel.sh}, which runs the torchaudio side in the same session.
 *
 * <pre>
 * java -cp CLASSPATH dev.listkit.benchmarks.audio.MelBench DIR [passes] [preset ...]
 * </pre>
 *
 * Prints one line per timed pass: {@code java preset=P threads=T clips=N seconds=S clips_per_s=R
 * cpu_clips_per_s=C}, where {@code C} uses the thread's CPU time (single-threaded runs only; robust on a
 * shared machine).
 * Each preset runs single-threaded and on all cores; samples are used as decoded (their nominal rate
 * is ignored), so every preset sees the same waveforms.
 */
public final class MelBench {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private MelBench() {
    }

    /** Entry point; see the class comment for arguments. */
    public static void main(String[] args) throws IOException, ListkitException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: MelBench DIR [passes] [preset ...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> presets = args.length > 2 ? List.of(args).subList(2, args.length)
                : List.of(MelPresets.DEFAULT, "laion-clap");
        List<float[]> clips = load(dir);
        int cores = Runtime.getRuntime().availableProcessors();
        for (String preset : presets) {
            LogMelSpectrogram mel = new LogMelSpectrogram(MelPresets.get(preset));
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                run(mel, clips, threads); // warm-up pass (JIT, thread-local FFT plans)
                run(mel, clips, threads);
                for (int p = 0; p < passes; p++) {
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    double s = run(mel, clips, threads);
                    double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9; // meaningful for 1 thread only
                    System.out.printf(Locale.ROOT,
                            "java preset=%s threads=%d clips=%d seconds=%.4f clips_per_s=%.1f cpu_clips_per_s=%s%n",
                            preset, threads, clips.size(), s, clips.size() / s,
                            threads == 1 ? String.format(Locale.ROOT, "%.1f", clips.size() / cpu) : "na");
                }
            }
        }
    }

    private static List<float[]> load(Path dir) throws IOException, ListkitException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        List<float[]> out = new ArrayList<>();
        for (Path f : files) {
            out.add(AudioDecoder.decode(f).samples());
        }
        return out;
    }

    /** Seconds for one pass over all clips on {@code threads} threads (clips split round-robin). */
    private static double run(LogMelSpectrogram mel, List<float[]> clips, int threads) throws InterruptedException {
        long t0 = System.nanoTime();
        double sink = 0;
        if (threads == 1) {
            for (float[] c : clips) {
                sink += mel.compute(c).data()[0];
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Double>> parts = new ArrayList<>();
                for (int k = 0; k < threads; k++) {
                    int first = k;
                    parts.add(pool.submit(() -> {
                        double s = 0;
                        for (int i = first; i < clips.size(); i += threads) {
                            s += mel.compute(clips.get(i)).data()[0];
                        }
                        return s;
                    }));
                }
                for (Future<Double> f : parts) {
                    sink += f.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdown();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (Double.isNaN(sink)) {
            System.out.println("NaN"); // keeps the results live for the JIT
        }
        return seconds;
    }
}
