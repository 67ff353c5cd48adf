package dev.listkit.benchmarks.audio;

import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.mel.LogMelSpectrogram;
import dev.listkit.audio.mel.MelPresets;
import dev.listkit.core.ListkitException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Log-mel throughput over a folder of WAV clips, decoding excluded (all clips are decoded into memory
 * first); samples are used as decoded (their nominal rate is ignored), so every preset sees the same
 * waveforms. Two ways to run it:
 *
 * <pre>
 * java -cp CLASSPATH dev.listkit.benchmarks.audio.MelBench DIR [passes] [preset ...]   # standalone
 * java -cp CLASSPATH dev.listkit.benchmarks.audio.MelBench --serve DIR                 # driven
 * </pre>
 *
 * Standalone, each preset runs single-threaded and on all cores after two warm-up passes. With
 * {@code --serve} (used by {@code scripts/bench_mel.py}, which runs torchaudio and the best-kernel bound
 * interleaved with it in one process tree) it prints one {@code ready ...} line describing the JVM and
 * then answers each line {@code run PRESET THREADS} on standard input with one timed pass.
 *
 * <p>Each pass prints {@code java preset=P threads=T clips=N seconds=S cpu_seconds=C}, where {@code C} is
 * the CPU time of the threads that did the work (robust on a shared machine).
 */
public final class MelBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MelBench() {
    }

    /** Entry point; see the class comment for arguments. */
    public static void main(String[] args) throws IOException, ListkitException, InterruptedException {
        if (args.length >= 2 && args[0].equals("--serve")) {
            serve(Path.of(args[1]));
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: MelBench DIR [passes] [preset ...] | MelBench --serve DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> presets = args.length > 2 ? List.of(args).subList(2, args.length) : MelPresets.names();
        List<float[]> clips = load(dir);
        int cores = Runtime.getRuntime().availableProcessors();
        for (String preset : presets) {
            LogMelSpectrogram mel = new LogMelSpectrogram(MelPresets.get(preset));
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                run(mel, clips, threads); // warm-up passes (JIT, thread-local FFT plans)
                run(mel, clips, threads);
                for (int p = 0; p < passes; p++) {
                    print(preset, threads, clips.size(), run(mel, clips, threads));
                }
            }
        }
    }

    /** Answers {@code run PRESET THREADS} lines until end of input. */
    private static void serve(Path dir) throws IOException, ListkitException, InterruptedException {
        List<float[]> clips = load(dir);
        System.out.printf(Locale.ROOT, "ready clips=%d java=%s vm=%s cores=%d MaxVectorSize=%s UseAVX=%s%n",
                clips.size(), System.getProperty("java.version"), System.getProperty("java.vm.name").replace(' ', '_'),
                Runtime.getRuntime().availableProcessors(), vmOption("MaxVectorSize"), vmOption("UseAVX"));
        System.out.flush();
        Map<String, LogMelSpectrogram> fronts = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.trim().split("\\s+");
            if (w.length != 3 || !w[0].equals("run")) {
                System.out.println("error expected 'run PRESET THREADS', got '" + line + "'");
                System.out.flush();
                continue;
            }
            LogMelSpectrogram mel = fronts.get(w[1]);
            if (mel == null) {
                mel = new LogMelSpectrogram(MelPresets.get(w[1]));
                fronts.put(w[1], mel);
            }
            print(w[1], Integer.parseInt(w[2]), clips.size(), run(mel, clips, Integer.parseInt(w[2])));
            System.out.flush();
        }
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (RuntimeException e) {
            return "n/a";
        }
    }

    private static void print(String preset, int threads, int clips, double[] wallAndCpu) {
        System.out.printf(Locale.ROOT, "java preset=%s threads=%d clips=%d seconds=%.5f cpu_seconds=%.5f%n",
                preset, threads, clips, wallAndCpu[0], wallAndCpu[1]);
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

    /**
     * One pass over all clips on {@code threads} threads (clips split round-robin).
     *
     * @return wall seconds and CPU seconds of the working threads
     */
    private static double[] run(LogMelSpectrogram mel, List<float[]> clips, int threads) throws InterruptedException {
        long t0 = System.nanoTime();
        double sink = 0;
        double cpu = 0;
        if (threads == 1) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (float[] c : clips) {
                sink += mel.compute(c).data()[0];
            }
            cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<double[]>> parts = new ArrayList<>();
                for (int k = 0; k < threads; k++) {
                    int first = k;
                    parts.add(pool.submit(() -> {
                        long c0 = THREADS.getCurrentThreadCpuTime();
                        double s = 0;
                        for (int i = first; i < clips.size(); i += threads) {
                            s += mel.compute(clips.get(i)).data()[0];
                        }
                        return new double[] {s, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9};
                    }));
                }
                for (Future<double[]> f : parts) {
                    double[] r = f.get();
                    sink += r[0];
                    cpu += r[1];
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
        return new double[] {seconds, cpu};
    }
}
