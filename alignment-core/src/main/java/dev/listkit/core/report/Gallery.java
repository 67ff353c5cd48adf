package dev.listkit.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.engine.RefineStep;
import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.list.RunLayout;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The synthetic-pair gallery's data: every manifest line of every round (up to a limit per round) as a
 * JSON entry for the page's script, with its media and feature picture copied into the report folder
 * for the first entries of each round.
 */
final class Gallery {
    /**
     * Per-round counts for the gallery's summary table.
     *
     * @param label    arm / seed / round
     * @param total    manifest lines read
     * @param byStatus counts per status
     * @param reasons  counts per rejection stage (the part of the reason before {@code ':'})
     * @param listed   entries in the gallery (≤ total)
     * @param withMedia entries whose media were copied
     */
    record RoundCounts(String label, int total, Map<String, Integer> byStatus, Map<String, Integer> reasons,
            int listed, int withMedia) {
    }

    private final ArrayNode entries = Json.MAPPER.createArrayNode();
    private final List<RoundCounts> rounds = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> words = new HashMap<>();

    ArrayNode entries() {
        return entries;
    }

    List<RoundCounts> rounds() {
        return rounds;
    }

    List<String> problems() {
        return problems;
    }

    /**
     * The most frequent non-trivial words of final captions, for the concept filter's suggestions: stop words
     * are the data engine's list ({@link CaptionWords}) plus the run modality's words for its medium.
     */
    List<String> topWords(int n) {
        return words.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    /**
     * Adds one round's manifest.
     *
     * @param maxListed entries kept for the gallery (the rest are only counted)
     * @param maxMedia  entries whose media and feature picture are copied
     */
    void add(RunLayout.RunEntry run, Path manifest, Path dataRoot, MediaAssets media, int maxListed, int maxMedia) {
        List<String> local = new ArrayList<>();
        String name = run.label() + ": engine/manifest.jsonl";
        List<JsonNode> lines = TrainingRunView.readJsonLines(manifest, Integer.MAX_VALUE, name, local, local);
        problems.addAll(local);
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int listed = 0;
        int withMedia = 0;
        Set<String> medium = media.captionStopWords(run.key());
        for (JsonNode line : lines) {
            ManifestRecord r = record(line, run.round());
            byStatus.merge(r.status(), 1, Integer::sum);
            if (r.reason() != null && !r.reason().isBlank()) {
                int colon = r.reason().indexOf(':');
                reasons.merge(colon > 0 ? r.reason().substring(0, colon).strip() : r.reason().strip(), 1, Integer::sum);
            }
            if (listed >= maxListed) {
                continue;
            }
            ObjectNode e = entries.addObject();
            e.put("arm", run.arm() == null ? "run" : run.arm());
            e.put("seed", run.seed() == null ? "" : run.seed());
            e.put("round", r.round());
            e.put("id", r.id());
            e.put("source", r.source());
            e.put("status", r.status());
            e.put("reason", r.reason());
            e.put("caption", r.caption());
            e.set("candidates", Json.MAPPER.valueToTree(r.candidates()));
            e.set("steps", Json.MAPPER.valueToTree(r.steps()));
            e.set("scores", Json.MAPPER.valueToTree(new TreeMap<>(r.scores())));
            e.set("words", Json.MAPPER.valueToTree(words(r)));
            if (r.accepted() && r.caption() != null) {
                for (String w : tokens(r.caption())) {
                    if (!CaptionWords.isStopWord(w) && !medium.contains(w) && w.length() > 2) {
                        words.merge(w, 1, Integer::sum);
                    }
                }
            }
            e.put("mediaName", r.media() == null ? null : Path.of(r.media()).getFileName().toString());
            if (r.media() == null || r.media().isBlank()) {
                e.set("media", kindNode("missing", null, "no media path in the manifest"));
            } else if (listed < maxMedia) {
                Path p = resolve(r.media(), run.dir(), dataRoot);
                MediaAssets.Copied m = media.media(p, run.key());
                e.set("media", kindNode(m.kind(), m.src(), m.note()));
                MediaAssets.Copied pv = media.preview(p, run.key());
                e.set("preview", kindNode(pv.kind(), pv.src(), pv.note()));
                if (m.src() != null) {
                    withMedia++;
                }
            } else {
                e.set("media", kindNode("file", null, "media not copied: only the first " + maxMedia
                        + " entries of each round carry media (--media-per-round)"));
            }
            listed++;
        }
        rounds.add(new RoundCounts(run.label(), lines.size(), byStatus, reasons, listed, withMedia));
    }

    private static ObjectNode kindNode(String kind, String src, String note) {
        ObjectNode n = Json.object();
        n.put("kind", kind);
        n.put("src", src);
        n.put("note", note);
        return n;
    }

    /**
     * A media path as written in the manifest: absolute, or relative to the data root, the round
     * directory or the working directory (the first that exists; the data root when none does).
     */
    static Path resolve(String media, Path roundDir, Path dataRoot) {
        Path p = Path.of(media);
        if (p.isAbsolute()) {
            return p;
        }
        for (Path base : new Path[] {dataRoot, roundDir}) {
            if (base != null && java.nio.file.Files.exists(base.resolve(p))) {
                return base.resolve(p);
            }
        }
        return java.nio.file.Files.exists(p) || dataRoot == null ? p : dataRoot.resolve(p);
    }

    /** Reads a manifest line leniently (fields added later are ignored, missing ones are empty). */
    static ManifestRecord record(JsonNode n, int round) {
        List<String> candidates = new ArrayList<>();
        n.path("candidates").forEach(c -> candidates.add(c.asText()));
        List<RefineStep> steps = new ArrayList<>();
        n.path("steps").forEach(s -> steps.add(new RefineStep(text(s, "refiner"), text(s, "before"),
                text(s, "after"), text(s, "note"), s.path("fallback").asBoolean(false))));
        Map<String, Double> scores = new LinkedHashMap<>();
        n.path("scores").properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                scores.put(e.getKey(), e.getValue().asDouble());
            }
        });
        String status = text(n, "status");
        return new ManifestRecord(text(n, "id"), text(n, "source"), text(n, "media"),
                n.path("round").isInt() ? n.get("round").asInt() : round,
                status == null ? "unknown" : status.toLowerCase(Locale.ROOT), text(n, "reason"), candidates, steps,
                text(n, "caption"), scores);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> words(ManifestRecord r) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        if (r.caption() != null) {
            out.addAll(tokens(r.caption()));
        }
        r.candidates().forEach(c -> out.addAll(tokens(c)));
        r.steps().forEach(s -> {
            if (s.after() != null) {
                out.addAll(tokens(s.after()));
            }
        });
        return new ArrayList<>(out);
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
