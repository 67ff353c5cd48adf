package dev.listkit.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one paired-training run directory holds, read leniently: a run that is still going or was killed
 * has missing files (listed in {@link #missing}) and may end in a half-written line (counted in
 * {@link #problems}); neither is an error.
 *
 * @param dir         the run directory
 * @param recipe      {@code recipe.json}, or null
 * @param provenance  {@code provenance.json} as strings, empty when missing
 * @param metrics     the parsed lines of {@code metrics.jsonl} in file order
 * @param lastWrite   newest modification time among the run's top-level files, or null
 * @param finished    true when {@code report.json} exists (the job wrote it last)
 * @param checkpoints number of checkpoint files
 * @param zeroShot    one entry per {@code eval/zeroshot-*.json}
 * @param captions    one entry per {@code eval/captions-*-scores.json} (or a captions JSONL without scores)
 * @param retrieval   one entry per {@code eval/retrieval-*.json}
 * @param compositionality one entry per {@code eval/compositionality-*.json}
 * @param engineSummary {@code engine/summary.json}, or null
 * @param manifest    {@code engine/manifest.jsonl} when it exists, else null
 * @param missing     expected files that are not there (relative names)
 * @param problems    files that exist but could not be read, and why
 * @param labelPrecision {@code engine/label-precision.json} (pseudo-label precision of a self-training round:
 *                    accepted and rejected counts, the share naming the hidden label), or null
 */
public record TrainingRunView(Path dir, JsonNode recipe, Map<String, String> provenance, List<JsonNode> metrics,
        FileTime lastWrite, boolean finished, int checkpoints, List<ZeroShot> zeroShot, List<Captions> captions,
        List<Retrieval> retrieval, List<Compositionality> compositionality, JsonNode engineSummary, Path manifest,
        List<String> missing, List<String> problems, JsonNode labelPrecision) {
    /** Caption examples kept per evaluation for the report. */
    public static final int CAPTION_EXAMPLES = 12;

    /**
     * One zero-shot evaluation.
     *
     * @param name      e.g. {@code esc50-ms-clap}
     * @param result    the JSON (count, top1, top5, perClass, confusion)
     * @param confusion the confusion-matrix PNG, or null
     * @param perClass  the per-class accuracy PNG, or null
     */
    public record ZeroShot(String name, JsonNode result, Path confusion, Path perClass) {
    }

    /**
     * One caption evaluation.
     *
     * @param name     e.g. {@code heldout}
     * @param scores   {@code captions-<name>-scores.json}, or null
     * @param examples the first {@link #CAPTION_EXAMPLES} lines of {@code captions-<name>.jsonl}
     */
    public record Captions(String name, JsonNode scores, List<JsonNode> examples) {
    }

    /**
     * One retrieval evaluation.
     *
     * @param dataset dataset id
     * @param result  the JSON (items, texts, itemToText, textToItem)
     */
    public record Retrieval(String dataset, JsonNode result) {
    }

    /**
     * One compositionality benchmark's scores.
     *
     * @param name   e.g. {@code heldout}
     * @param result the JSON (pairs, chance, kinds with accuracy and standard error, mean)
     * @param plot   the per-kind bar chart, or null
     */
    public record Compositionality(String name, JsonNode result, Path plot) {
    }

    /** Reads {@code dir}; never fails on missing or damaged files. */
    public static TrainingRunView read(Path dir) {
        List<String> missing = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        JsonNode recipe = readJson(dir, "recipe.json", missing, problems);
        JsonNode prov = readJson(dir, "provenance.json", missing, problems);
        Map<String, String> provenance = new LinkedHashMap<>();
        if (prov != null && prov.isObject()) {
            prov.properties().forEach(e -> provenance.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        }
        List<JsonNode> metrics = readJsonLines(dir.resolve("metrics.jsonl"), Integer.MAX_VALUE, "metrics.jsonl",
                missing, problems);
        boolean finished = Files.isRegularFile(dir.resolve("report.json"));
        if (!finished) {
            missing.add("report.json");
        }
        if (!Files.isRegularFile(dir.resolve("vocabulary.json"))) {
            missing.add("vocabulary.json");
        }
        int checkpoints = 0;
        Path ckpt = dir.resolve("checkpoints");
        if (Files.isDirectory(ckpt)) {
            checkpoints = list(ckpt, "", ".lkckpt", problems).size();
        } else {
            missing.add("checkpoints/");
        }

        Path eval = dir.resolve("eval");
        List<ZeroShot> zeroShot = new ArrayList<>();
        List<Captions> captions = new ArrayList<>();
        List<Retrieval> retrieval = new ArrayList<>();
        List<Compositionality> compositionality = new ArrayList<>();
        if (Files.isDirectory(eval)) {
            for (Path f : list(eval, "zeroshot-", ".json", problems)) {
                String stem = stem(f, "zeroshot-", ".json");
                JsonNode r = readJson(eval, f.getFileName().toString(), missing, problems);
                if (r != null) {
                    zeroShot.add(new ZeroShot(stem, r, existing(eval.resolve("zeroshot-" + stem + "-confusion.png")),
                            existing(eval.resolve("zeroshot-" + stem + "-per-class.png"))));
                }
            }
            for (Path f : list(eval, "captions-", ".jsonl", problems)) {
                String name = stem(f, "captions-", ".jsonl");
                String scoresName = "captions-" + name + "-scores.json";
                JsonNode scores = Files.exists(eval.resolve(scoresName))
                        ? readJson(eval, scoresName, missing, problems) : null;
                if (scores == null) {
                    missing.add("eval/" + scoresName);
                }
                captions.add(new Captions(name, scores,
                        readJsonLines(f, CAPTION_EXAMPLES, "eval/" + f.getFileName(), missing, problems)));
            }
            for (Path f : list(eval, "retrieval-", ".json", problems)) {
                JsonNode r = readJson(eval, f.getFileName().toString(), missing, problems);
                if (r != null) {
                    retrieval.add(new Retrieval(stem(f, "retrieval-", ".json"), r));
                }
            }
            for (Path f : list(eval, "compositionality-", ".json", problems)) {
                String name = stem(f, "compositionality-", ".json");
                JsonNode r = readJson(eval, f.getFileName().toString(), missing, problems);
                if (r != null) {
                    compositionality.add(new Compositionality(name, r,
                            existing(eval.resolve("compositionality-" + name + ".png"))));
                }
            }
        } else {
            missing.add("eval/");
        }

        Path engine = dir.resolve("engine");
        JsonNode summary = null;
        JsonNode labelPrecision = null;
        Path manifest = null;
        if (Files.isDirectory(engine)) {
            summary = readJson(engine, "summary.json", missing, problems);
            if (Files.isRegularFile(engine.resolve("label-precision.json"))) { // only where the truth is known
                labelPrecision = readJson(engine, "label-precision.json", missing, problems);
            }
            if (Files.isRegularFile(engine.resolve("manifest.jsonl"))) {
                manifest = engine.resolve("manifest.jsonl");
            } else {
                missing.add("engine/manifest.jsonl");
            }
        }
        return new TrainingRunView(dir, recipe, provenance, metrics, lastWrite(dir), finished, checkpoints, zeroShot,
                captions, retrieval, compositionality, summary, manifest, missing, problems, labelPrecision);
    }

    public TrainingRunView {
        provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        metrics = List.copyOf(metrics);
        zeroShot = List.copyOf(zeroShot);
        captions = List.copyOf(captions);
        retrieval = List.copyOf(retrieval);
        compositionality = List.copyOf(compositionality);
        missing = List.copyOf(missing);
        problems = List.copyOf(problems);
    }

    /** The last logged optimiser step, or -1 when nothing was logged. */
    public long lastStep() {
        return metrics.isEmpty() ? -1 : metrics.get(metrics.size() - 1).path("step").asLong(-1);
    }

    /** The recipe's {@code train.totalSteps}, or -1 when unknown. */
    public long totalSteps() {
        return recipe == null ? -1 : recipe.path("train").path("totalSteps").asLong(-1);
    }

    private static JsonNode readJson(Path dir, String name, List<String> missing, List<String> problems) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            missing.add(relative(dir, name));
            return null;
        }
        try {
            return Json.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            problems.add(relative(dir, name) + ": unreadable (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /** Parses up to {@code limit} lines; a damaged line (e.g. the half-written end of a killed run) is skipped. */
    static List<JsonNode> readJsonLines(Path f, int limit, String name, List<String> missing, List<String> problems) {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isRegularFile(f)) {
            missing.add(name);
            return out;
        }
        int bad = 0;
        int lineNo = 0;
        int firstBad = 0;
        try (java.io.BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            for (String line; out.size() < limit && (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.MAPPER.readTree(line);
                    if (n != null && n.isObject()) {
                        out.add(n);
                        continue;
                    }
                } catch (IOException e) {
                    // counted below
                }
                if (bad++ == 0) {
                    firstBad = lineNo;
                }
            }
        } catch (IOException e) {
            problems.add(name + ": unreadable (" + e.getMessage() + ")");
        }
        if (bad > 0) {
            problems.add(name + ": " + bad + " damaged line(s) skipped, first at line " + firstBad);
        }
        return out;
    }

    private static String relative(Path dir, String name) {
        String parent = dir.getFileName() == null ? "" : dir.getFileName().toString();
        return parent.equals("eval") || parent.equals("engine") ? parent + "/" + name : name;
    }

    private static List<Path> list(Path dir, String prefix, String suffix, List<String> problems) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix) && Files.isRegularFile(p)
                        && !(suffix.equals(".json") && n.endsWith("-scores.json"));
            }).sorted().toList();
        } catch (IOException e) {
            problems.add(dir.getFileName() + "/: cannot list (" + e.getMessage() + ")");
            return List.of();
        }
    }

    private static String stem(Path f, String prefix, String suffix) {
        String n = f.getFileName().toString();
        return n.substring(prefix.length(), n.length() - suffix.length());
    }

    private static Path existing(Path p) {
        return Files.isRegularFile(p) ? p : null;
    }

    private static FileTime lastWrite(Path dir) {
        FileTime newest = null;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                FileTime t = Files.getLastModifiedTime(p);
                if (newest == null || t.compareTo(newest) > 0) {
                    newest = t;
                }
            }
        } catch (IOException e) {
            return newest;
        }
        return newest;
    }

    /** The fields of a JSON object as an ordered map (for tables); empty for anything else. */
    static Map<String, JsonNode> fields(JsonNode n) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (n instanceof ObjectNode o) {
            o.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }
}
