package dev.listkit.recipes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.engine.RefineStep;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a self-training run directory in the layout of the LIST loop from one real paired-training run:
 * {@code arms/{paired,list}/seed-{0,1}/round-<r>/} copies of the run whose zero-shot top-1 is set to a
 * known value per arm, seed and round (so means and deviations can be checked), data-engine manifests
 * of real ESC-50 clips and Flickr8k pictures for the list arm's rounds 1 and 2, and one killed round
 * (list / seed 1 / round 2: half-written metrics and manifest, no evaluation).
 */
final class SelfTrainingFixture {
    /** Manifest lines per complete round. */
    static final int PER_ROUND = 16;
    /** Complete manifest lines of the killed round. */
    static final int KILLED_LINES = 5;
    static final String ZERO_SHOT = "eval/zeroshot-esc50-ms-clap.json";

    /**
     * What the gallery must show.
     *
     * @param entries  readable manifest lines in all rounds
     * @param rejected of which rejected
     * @param concept  a word used in some captions
     * @param withConcept entries whose caption, candidates or refined texts contain {@code concept}
     */
    record Expected(int entries, int rejected, String concept, int withConcept) {
    }

    private SelfTrainingFixture() {
    }

    /** Zero-shot top-1 written for an arm, seed and round. */
    static double top1(String arm, int seed, int round) {
        return 0.1 + 0.1 * round + 0.02 * seed + (arm.equals("list") ? 0.05 : 0.0);
    }

    static Expected build(Path trained, Path run, Path dataRoot) throws IOException {
        Files.createDirectories(run);
        Files.copy(trained.resolve("recipe.json"), run.resolve("recipe.json"));
        // The trained run recorded its (audio) dataset directories; the manifests below also show Flickr8k
        // pictures, so the fixture records that directory too (the report copies media only from recorded ones).
        ObjectNode provenance = (ObjectNode) Json.MAPPER.readTree(trained.resolve("provenance.json").toFile());
        provenance.put("dataRoot.flickr8k", dataRoot.resolve("flickr8k").toRealPath().toString());
        Files.writeString(run.resolve("provenance.json"), Json.writePretty(provenance));
        for (String arm : List.of("paired", "list")) {
            for (int seed = 0; seed < 2; seed++) {
                int rounds = arm.equals("list") ? 3 : 2;
                for (int round = 0; round < rounds; round++) {
                    Path dir = run.resolve("arms/" + arm + "/seed-" + seed + "/round-" + round);
                    if (arm.equals("list") && seed == 1 && round == 2) {
                        killed(trained, dir);
                    } else {
                        copyRun(trained, dir);
                        ObjectNode zs = (ObjectNode) Json.MAPPER.readTree(dir.resolve(ZERO_SHOT).toFile());
                        zs.put("top1", top1(arm, seed, round));
                        Files.writeString(dir.resolve(ZERO_SHOT), Json.writePretty(zs));
                    }
                }
            }
        }
        List<ManifestRecord> records = records(dataRoot);
        int entries = 0;
        for (int seed = 0; seed < 2; seed++) {
            for (int round = 1; round <= 2; round++) {
                Path engine = Files.createDirectories(run.resolve("arms/list/seed-" + seed + "/round-" + round
                        + "/engine"));
                StringBuilder sb = new StringBuilder();
                boolean killed = seed == 1 && round == 2;
                int n = killed ? KILLED_LINES : PER_ROUND;
                for (int i = 0; i < n; i++) {
                    ManifestRecord r = records.get(i);
                    sb.append(Json.write(new ManifestRecord(r.id(), r.source(), r.media(), round, r.status(),
                            r.reason(), r.candidates(), r.steps(), r.caption(), r.scores()))).append('\n');
                }
                entries += n;
                if (killed) {
                    sb.append("{\"id\":\"esc50:half-writ"); // the line the killed job was writing
                } else {
                    Files.writeString(engine.resolve("summary.json"), "{\"counts\":{\"pool\":" + n
                            + ",\"accepted\":" + count(records.subList(0, n), "accepted") + ",\"rejected\":"
                            + count(records.subList(0, n), "rejected") + "},\"throughput\":{\"caption_per_s\":12.5}}");
                }
                Files.writeString(engine.resolve("manifest.jsonl"), sb.toString());
            }
        }
        int rejected = 3 * count(records, "rejected") + count(records.subList(0, KILLED_LINES), "rejected");
        String concept = records.get(0).caption().split(" ")[1];
        Pattern word = Pattern.compile("(?i)(^|[^\\p{L}])" + Pattern.quote(concept) + "([^\\p{L}]|$)");
        int with = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            ManifestRecord r = records.get(i);
            List<String> texts = new ArrayList<>(r.candidates());
            texts.add(r.caption() == null ? "" : r.caption());
            r.steps().forEach(s -> texts.add(s.after()));
            boolean has = texts.stream().anyMatch(t -> word.matcher(t).find());
            with += has ? (i < KILLED_LINES ? 4 : 3) : 0;
        }
        return new Expected(entries, rejected, concept, with);
    }

    private static int count(List<ManifestRecord> rs, String status) {
        return (int) rs.stream().filter(r -> r.status().equals(status)).count();
    }

    /** Ten ESC-50 clips (relative paths) and six Flickr8k pictures (absolute paths), with engine outcomes. */
    private static List<ManifestRecord> records(Path dataRoot) throws IOException {
        Map<String, String> category = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dataRoot.resolve("esc50/meta/esc50.csv")).subList(1, 400)) {
            String[] f = line.split(",");
            if (Files.exists(dataRoot.resolve("esc50/audio").resolve(f[0]))) {
                category.put(f[0], f[3].replace('_', ' '));
            }
        }
        // One clip from each of the first categories, so captions differ.
        List<String> clips = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        category.forEach((file, cat) -> {
            if (!seen.contains(cat) && clips.size() < 10) {
                seen.add(cat);
                clips.add(file);
            }
        });
        Map<String, String> pictures = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dataRoot.resolve("flickr8k/captions.txt")).subList(1, 200)) {
            int comma = line.indexOf(',');
            String img = line.substring(0, comma);
            if (pictures.size() < 6 && !pictures.containsKey(img)
                    && Files.exists(dataRoot.resolve("flickr8k/images").resolve(img))) {
                pictures.put(img, line.substring(comma + 1).replace(" .", "").strip().toLowerCase());
            }
        }
        if (clips.size() < 10 || pictures.size() < 6) {
            throw new IOException("fixture needs 10 ESC-50 clips and 6 Flickr8k pictures under " + dataRoot);
        }
        List<ManifestRecord> out = new ArrayList<>();
        int i = 0;
        for (String clip : clips) {
            String cat = category.get(clip);
            out.add(record(i++, "esc50:" + clip, "esc50", "esc50/audio/" + clip, "a " + cat + " sound nearby",
                    List.of(cat + " noise", "a " + cat + " sound nearby", "wind blowing outside")));
        }
        for (Map.Entry<String, String> p : pictures.entrySet()) {
            out.add(record(i++, "flickr8k:" + p.getKey(), "flickr8k",
                    dataRoot.resolve("flickr8k/images").resolve(p.getKey()).toAbsolutePath().toString(), p.getValue(),
                    List.of(p.getValue(), "a photo of people", "a dog runs on grass")));
        }
        return out;
    }

    private static ManifestRecord record(int i, String id, String source, String media, String caption,
            List<String> candidates) {
        String status = i % 4 == 3 ? "rejected" : i % 8 == 6 ? "skipped" : "accepted";
        String reason = switch (status) {
            case "rejected" -> "alignment-filter: score 0.12 below threshold 0.25";
            case "skipped" -> "captioner: all candidates empty";
            default -> null;
        };
        List<RefineStep> steps = status.equals("skipped") ? List.of() : List.of(
                new RefineStep("concept-keep", candidates.get(0), caption, "kept concepts from 3 candidates", false),
                new RefineStep("fluency", caption, caption, i % 5 == 0 ? "model unavailable" : "no change",
                        i % 5 == 0));
        return new ManifestRecord(id, source, media, 0, status, reason, candidates, steps,
                status.equals("skipped") ? null : caption, Map.of("alignment", 0.1 + 0.02 * i));
    }

    private static void copyRun(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.startsWith("checkpoints") && Files.isRegularFile(f) && !f.toString().endsWith("latest")) {
                    continue; // a listing of checkpoints is enough for the report
                }
                Path t = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    private static void killed(Path trained, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(trained.resolve("recipe.json"), dir.resolve("recipe.json"));
        List<String> metrics = Files.readAllLines(trained.resolve("metrics.jsonl"));
        Files.writeString(dir.resolve("metrics.jsonl"), metrics.get(0) + "\n" + metrics.get(1) + "\n"
                + metrics.get(2).substring(0, metrics.get(2).length() / 2));
    }
}
