package dev.listkit.benchmarks.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One data-engine round over a real pool, end to end, today's build against this one, interleaved: every round
 * runs each (runtime, threads) case once per side, alternating which side goes first, each run a fresh
 * {@code listkit engine} JVM (what a user or a Spark task gets). Per run: wall time of the process and of the
 * engine ({@code summary.json}'s {@code wallSeconds}), CPU seconds of the process (this JVM's reaped children,
 * {@code /proc/self/stat} cutime + cstime: the JIT compiler and garbage collector included), and the engine's
 * per-stage seconds (this build also reports per-stage CPU seconds of the threads that ran them). Each run
 * starts from a fresh copy of the given text-embedding cache; this build's runs also find the pool's features
 * (the frozen tower's outputs) in the features directory given, which an untimed warm-up run fills; today's build
 * decodes every clip and runs the tower, as it always does. Manifests are compared record by record with today's.
 *
 * <p>Arguments ({@code --key value}): {@code pool}, {@code recipe}, {@code onnx-model} (exported), {@code djl-model}
 * (the training run, optional), {@code today-jar} and {@code new-jar} ({@code recipes/target/listkit.jar} of each
 * build), {@code data-root}, {@code models-root}, {@code text-cache} (a {@code minilm.lkte} to start from, or
 * {@code none}), {@code work} (scratch directory), {@code rounds} (3), {@code threads} ({@code 1,2}),
 * {@code seed} (1), {@code out} (JSON results; a Markdown table goes to stdout).
 *
 * <p>Threads: this build runs {@code --threads N --ort-threads 1} (N shards at once on one model); today's build has
 * one shard at a time, so its N is {@code --ort-threads N} (ONNX Runtime intra-op threads; DJL: PyTorch threads).
 */
public final class EngineBench {
    private static final int CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

    private EngineBench() {
    }

    /** What one run measured. */
    private record Run(String side, String runtime, int threads, int round, double processWall, double processCpu,
                       double engineWall, int pool, JsonNode summary, Path manifest) {
        /** Process CPU seconds over the round ({@code summary.json} cpuSeconds; today's build does not record it). */
        double engineCpu() {
            return summary.path("cpuSeconds").asDouble(Double.NaN);
        }

        /**
         * Samples/s two idle cores would give, from CPU time: the round's process CPU with the parts only one thread
         * can do (opening the model, the global filters) run alone and the rest shared by two cores.
         */
        double idleTwoCores() {
            JsonNode cpu = summary.path("stageCpuSeconds");
            double serial = cpu.path("open").asDouble(0);
            for (java.util.Iterator<String> it = cpu.fieldNames(); it.hasNext();) {
                String stage = it.next();
                if (GLOBAL.contains(stage)) {
                    serial += cpu.path(stage).asDouble(0);
                }
            }
            return pool / (serial + (engineCpu() - serial) / 2);
        }
    }

    /** The global filters of the {@code esc50-list-pretrained} recipe (run once over the round, on one thread). */
    private static final Set<String> GLOBAL = Set.of("filter:alignment", "filter:dedupe", "filter:balance");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        Path work = Path.of(a.get("work")).toAbsolutePath();
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        int[] threads = Arrays.stream(a.getOrDefault("threads", "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> runtimes = new ArrayList<>(List.of("onnx"));
        if (a.containsKey("djl-model")) {
            runtimes.add("djl");
        }
        Files.createDirectories(work);
        Path features = work.resolve("features");
        System.err.println("warm-up (untimed): this build fills " + features + " with the pool's features");
        run(a, "new", "onnx", 1, -1, work, features);
        List<Run> runs = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String runtime : runtimes) {
                for (int t : threads) {
                    List<String> order = (r + t) % 2 == 0 ? List.of("today", "new") : List.of("new", "today");
                    for (String side : order) {
                        Run x = run(a, side, runtime, t, r, work, features);
                        runs.add(x);
                        System.err.printf(Locale.ROOT, "round %d %s %s %d thread(s): process %.1f s wall, %.1f CPU-s;"
                                + " engine %.1f s (%.0f samples/s), load %s%n", r + 1, side, runtime, t, x.processWall(),
                                x.processCpu(), x.engineWall(), x.pool() / x.engineWall(), load());
                    }
                }
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("pool", runs.get(0).pool());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("args", String.join(" ", args));
        ArrayNode list = out.putArray("runs");
        for (Run x : runs) {
            ObjectNode o = list.addObject();
            o.put("side", x.side()).put("runtime", x.runtime()).put("threads", x.threads()).put("round", x.round() + 1)
                    .put("processWallSeconds", x.processWall()).put("processCpuSeconds", x.processCpu())
                    .put("engineWallSeconds", x.engineWall()).put("engineCpuSeconds", x.engineCpu());
            o.set("stageSeconds", x.summary().get("stageSeconds"));
            if (x.summary().has("stageCpuSeconds")) {
                o.set("stageCpuSeconds", x.summary().get("stageCpuSeconds"));
            }
        }
        ObjectNode same = out.putObject("sameRecordsAsToday");
        for (String runtime : runtimes) {
            for (int t : threads) {
                Run today = find(runs, "today", runtime, t);
                Run mine = find(runs, "new", runtime, t);
                same.put(runtime + "-" + t, differing(today.manifest(), mine.manifest()));
            }
        }
        if (a.containsKey("out")) {
            Files.writeString(Path.of(a.get("out")), Json.writePretty(out));
        }
        report(runs, runtimes, threads, out.get("sameRecordsAsToday"));
    }

    private static Run run(Map<String, String> a, String side, String runtime, int threads, int round, Path work,
            Path features) throws Exception {
        String name = side + "-" + runtime + "-t" + threads + "-r" + (round + 1);
        Path cache = work.resolve("cache-" + name);
        Path out = work.resolve("out-" + name);
        deleteTree(cache);
        deleteTree(out);
        Files.createDirectories(cache.resolve("text"));
        String text = a.getOrDefault("text-cache", "none");
        if (!text.equals("none")) {
            Files.copy(Path.of(text), cache.resolve("text").resolve("minilm.lkte"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (side.equals("new")) {
            Files.createDirectories(features);
            Files.createSymbolicLink(cache.resolve("features"), features); // the tower outputs cached before
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dai.djl.pytorch.num_threads=" + (side.equals("new") ? 1
                        : threads), "-jar", a.get(side + "-jar"), "engine", "--pool", a.get("pool"), "--recipe",
                a.get("recipe"), "--model", a.get(runtime + "-model"), "--runtime", runtime, "--seed",
                a.getOrDefault("seed", "1"), "--round", "1", "--out", out.toString(), "--cache-dir", cache.toString(),
                "--data-root", a.get("data-root"), "--models-root", a.get("models-root"), "--ort-cpu"));
        if (side.equals("new")) {
            cmd.addAll(List.of("--threads", Integer.toString(threads), "--ort-threads", "1"));
        } else {
            cmd.addAll(List.of("--ort-threads", Integer.toString(threads)));
        }
        Path log = work.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        double cpu0 = childCpuSeconds();
        long t0 = System.nanoTime();
        Process p = pb.start();
        int rc = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = childCpuSeconds() - cpu0;
        if (rc != 0) {
            throw new IllegalStateException(name + ": listkit engine exited with " + rc + "; see " + log);
        }
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        return new Run(side, runtime, threads, round, wall, cpu, summary.get("wallSeconds").asDouble(),
                summary.get("pool").asInt(), summary, out.resolve("manifest.jsonl"));
    }

    /** Records of {@code b} that differ from {@code a}'s (as JSON values: key order aside), as "n of N". */
    private static String differing(Path a, Path b) throws IOException {
        List<String> x = Files.readAllLines(a);
        List<String> y = Files.readAllLines(b);
        if (x.size() != y.size()) {
            return "different lengths: " + x.size() + " vs " + y.size();
        }
        int differ = 0;
        for (int i = 0; i < x.size(); i++) {
            differ += Json.MAPPER.readTree(x.get(i)).equals(Json.MAPPER.readTree(y.get(i))) ? 0 : 1;
        }
        return differ + " of " + x.size() + " records differ";
    }

    private static void report(List<Run> runs, List<String> runtimes, int[] threads, JsonNode same) {
        int pool = runs.get(0).pool();
        System.out.printf(Locale.ROOT, "pool: %d samples; medians [min–max] over %d rounds%n%n", pool,
                runs.stream().mapToInt(Run::round).max().orElse(0) + 1);
        System.out.println("| runtime | threads | side | engine samples/s | process samples/s | samples per process"
                + " CPU-s | samples per engine CPU-s | 2 idle cores (estimate) | engine s | process s | process CPU-s"
                + " | records ≠ today |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String runtime : runtimes) {
            for (int t : threads) {
                for (String side : List.of("today", "new")) {
                    List<Run> rs = runs.stream().filter(r -> r.side().equals(side) && r.runtime().equals(runtime)
                            && r.threads() == t).toList();
                    boolean mine = side.equals("new");
                    System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            runtime, t, side, stat(rs.stream().mapToDouble(r -> pool / r.engineWall()).toArray(), "%.0f"),
                            stat(rs.stream().mapToDouble(r -> pool / r.processWall()).toArray(), "%.1f"),
                            stat(rs.stream().mapToDouble(r -> pool / r.processCpu()).toArray(), "%.1f"),
                            mine ? stat(rs.stream().mapToDouble(r -> pool / r.engineCpu()).toArray(), "%.0f") : "—",
                            mine ? stat(rs.stream().mapToDouble(Run::idleTwoCores).toArray(), "%.0f") : "—",
                            stat(rs.stream().mapToDouble(Run::engineWall).toArray(), "%.2f"),
                            stat(rs.stream().mapToDouble(Run::processWall).toArray(), "%.1f"),
                            stat(rs.stream().mapToDouble(Run::processCpu).toArray(), "%.2f"),
                            side.equals("new") ? same.get(runtime + "-" + t).asText() : "—");
                }
            }
        }
        System.out.println();
        System.out.println("Per stage, milliseconds per pool sample (medians over rounds; wall = summary.json"
                + " stageSeconds summed over shards, CPU = stageCpuSeconds, this build only):");
        System.out.println();
        Set<String> stages = new LinkedHashSet<>();
        runs.forEach(r -> r.summary().get("stageSeconds").fieldNames().forEachRemaining(stages::add));
        StringBuilder head = new StringBuilder("| runtime | threads | side | measure |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (String s : stages) {
            head.append(' ').append(s).append(" |");
            rule.append("---|");
        }
        head.append(" sum |");
        rule.append("---|");
        System.out.println(head);
        System.out.println(rule);
        for (String runtime : runtimes) {
            for (int t : threads) {
                for (String side : List.of("today", "new")) {
                    List<Run> rs = runs.stream().filter(r -> r.side().equals(side) && r.runtime().equals(runtime)
                            && r.threads() == t).toList();
                    for (String measure : side.equals("new") ? List.of("wall", "CPU") : List.of("wall")) {
                        String key = measure.equals("wall") ? "stageSeconds" : "stageCpuSeconds";
                        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %s | %s |",
                                runtime, t, side, measure));
                        double sum = 0;
                        for (String s : stages) {
                            double[] ms = rs.stream().mapToDouble(r -> r.summary().path(key).path(s).asDouble(0)
                                    * 1000 / pool).toArray();
                            double m = median(ms);
                            sum += m;
                            row.append(String.format(Locale.ROOT, " %.2f |", m));
                        }
                        row.append(String.format(Locale.ROOT, " %.2f |", sum));
                        System.out.println(row);
                    }
                }
            }
        }
    }

    private static Run find(List<Run> runs, String side, String runtime, int threads) {
        return runs.stream().filter(r -> r.side().equals(side) && r.runtime().equals(runtime) && r.threads() == threads)
                .reduce((x, y) -> y).orElseThrow();
    }

    private static String stat(double[] x, String fmt) {
        double[] s = x.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, fmt + " [" + fmt + "–" + fmt + "]", median(s), s[0], s[s.length - 1]);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** CPU seconds of the child processes this JVM has waited for (Linux {@code /proc/self/stat}). */
    private static double childCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) CLOCK_TICKS;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        for (String k : List.of("pool", "recipe", "onnx-model", "today-jar", "new-jar", "data-root", "models-root",
                "work")) {
            if (!out.containsKey(k)) {
                throw new IllegalArgumentException("missing --" + k + " (see the class comment)");
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
