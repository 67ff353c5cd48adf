package dev.listkit.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One {@code env ...} line naming what a Java benchmark ran on, so that a comparison with a reference can be
 * checked: Java version, cores, load average, DJL and its PyTorch engine's versions, the intra-op and inter-op
 * thread counts actually in effect, the ONNX Runtime version, and the native BLAS / OpenMP / MKL / torch
 * libraries mapped into this process (read from {@code /proc/self/maps}: what {@code ldd} would say, but for
 * what was really loaded). Benchmark drivers ({@code scripts/bench_interleave.py}) print it once per side.
 */
public final class BenchEnvironment {
    private static final Pattern NATIVE = Pattern.compile("blas|lapack|mkl|gomp|iomp|torch_cpu|onnxruntime");

    private BenchEnvironment() {
    }

    /** The line for a benchmark that runs DJL's PyTorch engine (loads the engine if needed). */
    public static String torch() {
        Engine engine = Engine.getEngine("PyTorch");
        return common() + " djl=" + Engine.getDjlVersion() + " pytorch=" + engine.getVersion()
                + " intra_op_threads=" + JniUtils.getNumThreads() + " inter_op_threads=" + JniUtils.getNumInteropThreads()
                + " native=" + nativeLibraries();
    }

    /** The line for a benchmark that runs DJL's PyTorch engine and ONNX Runtime. */
    public static String torchAndOrt() {
        return torch() + " onnxruntime=" + OrtEnvironment.getEnvironment().getVersion();
    }

    private static String common() {
        return "env side=java java=" + Runtime.version() + " cores=" + Runtime.getRuntime().availableProcessors()
                + " load=" + loadAverage();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + "," + f[1] + "," + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** File names of the mapped native libraries that decide the arithmetic's speed, comma-separated. */
    static String nativeLibraries() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            TreeSet<String> names = new TreeSet<>();
            lines.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(p -> p.startsWith("/"))
                    .map(p -> Path.of(p).getFileName().toString()).filter(n -> NATIVE.matcher(n).find())
                    .forEach(names::add);
            return names.isEmpty() ? "none" : String.join(",", List.copyOf(names));
        } catch (IOException e) {
            return "?";
        }
    }
}
