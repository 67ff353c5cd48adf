package dev.listkit.benchmarks.audio;

import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.io.DecodeLimits;
import dev.listkit.audio.io.FrameWindow;
import dev.listkit.core.MediaException;
import dev.listkit.core.io.DataRoot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Decode throughput on the Opus pool ({@code urbansound8k-opus}): the in-process Ogg Opus decoder
 * ({@link AudioDecoder#decode(Path)}) against one ffmpeg process per file
 * ({@link AudioDecoder#decodeWithFfmpeg}, the path every Opus clip took before), on 1 and 2 threads,
 * interleaved in one process: each round runs ffmpeg then in-process for 1 thread, then both for 2
 * threads, over the same clips. Prints every round, then medians and the ratio in-process / ffmpeg.
 *
 * <p>Usage: {@code OpusDecodeBench [dataRoot] [clips] [rounds]}: the data root defaults to
 * {@link DataRoot#get()}, {@code clips} (default 240) are taken evenly over the sorted pool,
 * {@code rounds} defaults to 3. One untimed warm-up pass per path.
 *
 * <p>Besides wall-clock clips/s it prints clips per CPU-second, counting this JVM and the ffmpeg
 * children it waited for ({@code /proc/self/stat} cutime + cstime, Linux): on a machine shared with
 * other jobs the wall-clock rates follow the load, the CPU-time rates much less.
 */
public final class OpusDecodeBench {
    private OpusDecodeBench() {
    }

    /** A decoding path under test. */
    private interface Path2Samples {
        int decode(Path clip) throws MediaException;
    }

    /** Runs the benchmark; see the class comment for arguments. */
    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : DataRoot.get();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 240;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Path> clips = evenly(pool(root.resolve("urbansound8k-opus/audio")), count);
        Path2Samples inProcess = clip -> AudioDecoder.decode(clip).samples().length;
        Path2Samples ffmpeg = clip -> AudioDecoder.decodeWithFfmpeg(clip, DecodeLimits.DEFAULT, FrameWindow.ALL)
                .samples().length;
        System.out.printf(Locale.ROOT, "OpusDecodeBench: %d clips of %s, %d rounds, %d cores, Java %s, %s%n",
                clips.size(), root.resolve("urbansound8k-opus"), rounds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), ffmpegVersion());
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n", loadAverage());
        pass(inProcess, clips, 1);
        pass(ffmpeg, clips.subList(0, Math.min(20, clips.size())), 1);
        int[] threadCounts = {1, 2};
        double[][] ff = new double[threadCounts.length][rounds];
        double[][] in = new double[threadCounts.length][rounds];
        double[][] ffCpu = new double[threadCounts.length][rounds];
        double[][] inCpu = new double[threadCounts.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < threadCounts.length; t++) {
                ff[t][r] = pass(ffmpeg, clips, threadCounts[t]);
                ffCpu[t][r] = lastCpuRate;
                in[t][r] = pass(inProcess, clips, threadCounts[t]);
                inCpu[t][r] = lastCpuRate;
                System.out.printf(Locale.ROOT, "round %d, %d thread(s): ffmpeg per file %.1f clips/s (%.1f per CPU-s), "
                        + "in-process %.1f clips/s (%.1f per CPU-s), load %.2f%n", r + 1, threadCounts[t], ff[t][r],
                        ffCpu[t][r], in[t][r], inCpu[t][r], loadAverage());
            }
        }
        System.out.println("medians [min-max] over rounds:");
        System.out.printf(Locale.ROOT, "%-8s %-26s %-26s %-6s %-22s %-22s %-6s%n", "threads", "ffmpeg clips/s",
                "in-process clips/s", "ratio", "ffmpeg clips/CPU-s", "in-process clips/CPU-s", "ratio");
        for (int t = 0; t < threadCounts.length; t++) {
            System.out.printf(Locale.ROOT, "%-8d %-26s %-26s %-6.1f %-22s %-22s %-6.1f%n", threadCounts[t],
                    cell(ff[t]), cell(in[t]), median(in[t]) / median(ff[t]), cell(ffCpu[t]), cell(inCpu[t]),
                    median(inCpu[t]) / median(ffCpu[t]));
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", loadAverage());
    }

    /** Decodes every clip once on {@code threads} threads; returns clips per second. */
    private static double pass(Path2Samples path, List<Path> clips, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double cpuStart = cpuSeconds();
            long start = System.nanoTime();
            List<Future<Integer>> results = new ArrayList<>(clips.size());
            for (Path clip : clips) {
                results.add(pool.submit(() -> path.decode(clip)));
            }
            for (Future<Integer> f : results) {
                try {
                    if (f.get() <= 0) {
                        throw new IllegalStateException("empty decode");
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            lastCpuRate = clips.size() / (cpuSeconds() - cpuStart);
            return clips.size() / wall;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Clips per CPU-second of the last {@link #pass}. */
    private static double lastCpuRate;

    /** CPU seconds of this JVM plus its reaped children (ffmpeg). */
    private static double cpuSeconds() throws IOException {
        double self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) CLOCK_TICKS;
        return self + children;
    }

    /** {@code getconf CLK_TCK}; 100 on Linux. */
    private static final int CLOCK_TICKS = 100;

    private static List<Path> pool(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": benchmark data folder not found (pass the data root as argument 1)");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".ogg")).sorted().toList();
        }
    }

    private static List<Path> evenly(List<Path> all, int count) {
        List<Path> out = new ArrayList<>();
        int n = Math.min(count, all.size());
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static String cell(double[] x) {
        return String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", median(x), Arrays.stream(x).min().orElse(0),
                Arrays.stream(x).max().orElse(0));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String ffmpegVersion() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                    .orElse("ffmpeg: no output");
            p.waitFor();
            return first.length() > 40 ? first.substring(0, 40) : first;
        } catch (IOException e) {
            return "ffmpeg not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
