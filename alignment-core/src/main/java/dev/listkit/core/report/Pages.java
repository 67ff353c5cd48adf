package dev.listkit.core.report;

import static dev.listkit.core.util.Names.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.list.RunLayout;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes {@code index.html} and {@code gallery.html}; pictures go under {@code assets/}. */
final class Pages {
    private final RunLayout layout;
    private final Map<RunLayout.RunEntry, TrainingRunView> views;
    private final Map<RunLayout.RunEntry, Map<String, Double>> values;
    private final Path out;
    private final List<String> problems;

    Pages(RunLayout layout, Map<RunLayout.RunEntry, TrainingRunView> views,
            Map<RunLayout.RunEntry, Map<String, Double>> values, Path out, List<String> problems) {
        this.layout = layout;
        this.views = views;
        this.values = values;
        this.out = out;
        this.problems = problems;
    }

    void writeIndex(Gallery gallery) throws IOException {
        StringBuilder b = new StringBuilder();
        String title = "listkit report: " + layout.root().toAbsolutePath().normalize().getFileName();
        head(b, title);
        b.append("<nav><a href=\"index.html\" class=\"here\">Report</a><a href=\"gallery.html\">Gallery (")
                .append(gallery.entries().size()).append(")</a><a href=\"#config\">Configuration</a>")
                .append("<a href=\"#results\">Results</a><a href=\"#runs\">Runs</a><a href=\"#problems\">Missing and problems</a></nav>\n");
        b.append("<h1>").append(html(title)).append("</h1>\n");
        int finished = (int) views.values().stream().filter(TrainingRunView::finished).count();
        b.append("<p class=\"meta\">").append(html(layout.root().toAbsolutePath().normalize().toString()))
                .append(" · ").append(layout.kind() == RunLayout.Kind.SELF_TRAINING
                        ? "self-training run (arms / seeds / rounds)" : "single training run")
                .append(" · <span id=\"run-count\">").append(views.size()).append("</span> training run(s), ")
                .append(finished).append(" finished · report written ").append(RunReport.now()).append("</p>\n");
        if (finished < views.size()) {
            b.append("<p class=\"warn\">").append(views.size() - finished)
                    .append(" training run(s) have no report.json yet: still running, or stopped. Their sections show"
                            + " what exists so far.</p>\n");
        }

        configuration(b);
        results(b);
        b.append("<h2 id=\"runs\">Training runs</h2>\n");
        boolean first = true;
        for (Map.Entry<RunLayout.RunEntry, TrainingRunView> e : views.entrySet()) {
            run(b, e.getKey(), e.getValue(), first);
            first = false;
        }
        if (views.isEmpty()) {
            b.append("<p class=\"missing\">no training runs under arms/ yet</p>\n");
        }
        b.append("<h2 id=\"problems\">Missing files and problems</h2>\n");
        List<String> all = new ArrayList<>(problems);
        views.forEach((e, v) -> v.missing().forEach(m -> all.add(e.label() + ": missing " + m)));
        if (all.isEmpty()) {
            b.append("<p>none</p>\n");
        } else {
            b.append("<ul class=\"problems\">");
            all.forEach(p -> b.append("<li>").append(html(p)).append("</li>"));
            b.append("</ul>\n");
        }
        b.append("</body></html>\n");
        AtomicFiles.writeString(out.resolve("index.html"), b.toString());
    }

    private void head(StringBuilder b, String title) throws IOException {
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(html(title)).append("</title>\n<style>\n")
                .append(RunReport.resource("report.css")).append("</style></head><body>\n");
    }

    private void configuration(StringBuilder b) throws IOException {
        b.append("<h2 id=\"config\">Configuration and provenance</h2>\n");
        List<String> missing = new ArrayList<>();
        List<String> local = new ArrayList<>();
        JsonNode recipe = RunReport.readJsonOrNull(layout.root().resolve("recipe.json"), missing, local);
        JsonNode prov = RunReport.readJsonOrNull(layout.root().resolve("provenance.json"), missing, local);
        local.forEach(p -> problems.add("run: " + p));
        if (layout.kind() == RunLayout.Kind.SELF_TRAINING) {
            missing.forEach(m -> problems.add("run: missing " + m));
        }
        if (recipe == null && !views.isEmpty()) {
            recipe = views.values().iterator().next().recipe(); // a single run's own recipe.json
        }
        if (prov == null && layout.kind() == RunLayout.Kind.TRAINING_RUN && !views.isEmpty()) {
            Map<String, String> p = views.values().iterator().next().provenance();
            prov = p.isEmpty() ? null : Json.MAPPER.valueToTree(p);
        }
        if (recipe != null) {
            b.append("<p>Recipe <b>").append(html(recipe.path("name").asText("(unnamed)"))).append("</b>: ")
                    .append(html(recipe.path("description").asText(""))).append("</p>\n");
            b.append("<details><summary>recipe.json</summary><pre>").append(html(Json.writePretty(recipe)))
                    .append("</pre></details>\n");
        } else {
            b.append("<p class=\"missing\">recipe.json: missing</p>\n");
        }
        if (prov != null) {
            keyValues(b, "provenance", prov);
        } else {
            b.append("<p class=\"missing\">provenance.json: missing</p>\n");
        }
        if (layout.kind() == RunLayout.Kind.SELF_TRAINING) {
            Set<String> seeds = new LinkedHashSet<>();
            Set<String> arms = new LinkedHashSet<>();
            views.keySet().forEach(e -> {
                seeds.add(e.seed());
                arms.add(e.arm());
            });
            b.append("<p>Arms: ").append(html(String.join(", ", arms))).append(" · seeds: ")
                    .append(html(String.join(", ", seeds))).append("</p>\n");
        }
    }

    private void results(StringBuilder b) throws IOException {
        b.append("<h2 id=\"results\">Results</h2>\n");
        Map<String, Map<Integer, Map<String, RunMetrics.Stat>>> agg = RunMetrics.aggregate(
                new ArrayList<>(views.keySet()), values);
        Set<String> metrics = new LinkedHashSet<>();
        agg.values().forEach(r -> r.values().forEach(m -> metrics.addAll(m.keySet())));
        if (metrics.isEmpty()) {
            b.append("<p class=\"missing\">no evaluation results yet</p>\n");
        } else {
            boolean rounds = layout.kind() == RunLayout.Kind.SELF_TRAINING;
            b.append("<p class=\"meta\">").append(rounds ? "Mean ± sample standard deviation over seeds (a single"
                    + " seed shows its value alone); n = seeds of the row, (n = k) marks a metric only k of them have"
                    + " (a run still going or stopped); — marks a metric the row does not have." : "One training run.")
                    .append("</p>\n");
            b.append("<div class=\"scroll\"><table class=\"results\"><thead><tr>");
            if (rounds) {
                b.append("<th>arm</th><th>round</th><th>n</th>");
            }
            metrics.forEach(m -> b.append("<th>").append(html(m)).append("</th>"));
            b.append("</tr></thead><tbody>\n");
            agg.forEach((arm, byRound) -> byRound.forEach((round, stats) -> {
                b.append("<tr>");
                int n = stats.values().stream().mapToInt(RunMetrics.Stat::n).max().orElse(0);
                if (rounds) {
                    b.append("<td>").append(html(arm)).append("</td><td>").append(round).append("</td><td>")
                            .append(n).append("</td>");
                }
                for (String m : metrics) {
                    RunMetrics.Stat s = stats.get(m);
                    b.append("<td>").append(s == null ? "<span class=\"missing\">—</span>"
                            : rounds ? html(s.format()) + (s.n() < n ? " <span class=\"warn\">(n = " + s.n()
                                    + ")</span>" : "") : String.format(Locale.ROOT, "%.4f", s.mean()))
                            .append("</td>");
                }
                b.append("</tr>\n");
            }));
            b.append("</tbody></table></div>\n");
            if (rounds) {
                b.append("<div class=\"plots\">\n");
                Map<String, RunMetrics.Chance> chance = RunMetrics.chance(views.values());
                int i = 0;
                for (String m : metrics) {
                    Map<String, Map<Integer, RunMetrics.Stat>> byArm = new LinkedHashMap<>();
                    agg.forEach((arm, byRound) -> byRound.forEach((round, stats) -> {
                        if (stats.containsKey(m)) {
                            byArm.computeIfAbsent(arm, k -> new java.util.TreeMap<>()).put(round, stats.get(m));
                        }
                    }));
                    String png = "assets/plots/rounds-" + (i++) + "-" + Names.safe(m) + ".png";
                    RunMetrics.Chance c = chance.get(m);
                    ReportPlots.rounds(out.resolve(png), m, byArm, c == null ? null : c.level(),
                            c == null ? null : c.label());
                    img(b, png, m + " per round");
                }
                b.append("</div>\n");
            }
        }
        Path results = layout.root().resolve("results.json");
        if (Files.isRegularFile(results)) {
            try {
                b.append("<details><summary>results.json (written by the self-training job)</summary><pre>")
                        .append(html(Json.writePretty(Json.MAPPER.readTree(results.toFile())))).append("</pre></details>\n");
            } catch (IOException e) {
                problems.add("run: results.json unreadable (" + e.getClass().getSimpleName() + ")");
            }
        } else if (layout.kind() == RunLayout.Kind.SELF_TRAINING) {
            b.append("<p class=\"missing\">results.json: missing (the job writes it when all rounds are done)</p>\n");
        }
        if (layout.kind() == RunLayout.Kind.SELF_TRAINING) {
            copyPicture(b, layout.root().resolve("results.png"), "assets/plots/results.png", "results.png");
        }
    }

    private void run(StringBuilder b, RunLayout.RunEntry e, TrainingRunView v, boolean open) throws IOException {
        String key = e.key();
        String state;
        if (v.finished()) {
            state = "<span class=\"ok\">finished</span>";
        } else {
            long total = v.totalSteps();
            state = "<span class=\"warn\">incomplete: " + (v.lastStep() < 0 ? "no steps logged"
                    : "last logged step " + v.lastStep() + (total > 0 ? " of " + total : "")) + "</span>";
        }
        b.append("<details class=\"run\" id=\"run-").append(html(key)).append("\"").append(open ? " open" : "")
                .append("><summary><b>").append(html(e.label())).append("</b> · ").append(state);
        if (v.lastWrite() != null) {
            b.append(" · last write ").append(html(v.lastWrite().toInstant()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        }
        b.append("</summary>\n<p class=\"meta\">").append(html(v.dir().toAbsolutePath().normalize().toString()))
                .append(" · ").append(v.checkpoints()).append(" checkpoint(s)</p>\n");
        b.append("<div class=\"plots\">");
        String curve = "assets/runs/" + key + "/training-loss.png";
        if (ReportPlots.trainingCurves(out.resolve(curve), e.label() + ": training loss", v.metrics())) {
            img(b, curve, "training loss");
        } else {
            b.append("<p class=\"missing\">training curves: no metrics logged yet</p>");
        }
        b.append("</div>\n");
        if (layout.kind() == RunLayout.Kind.SELF_TRAINING) {
            if (!v.provenance().isEmpty()) {
                b.append("<details><summary>provenance</summary>");
                keyValues(b, null, Json.MAPPER.valueToTree(v.provenance()));
                b.append("</details>\n");
            }
            if (v.recipe() != null) {
                b.append("<details><summary>recipe.json</summary><pre>").append(html(Json.writePretty(v.recipe())))
                        .append("</pre></details>\n");
            }
        }
        for (TrainingRunView.ZeroShot z : v.zeroShot()) {
            b.append("<h4>Zero-shot ").append(html(z.name())).append("</h4>\n<p>")
                    .append(String.format(Locale.ROOT, "top-1 %.4f · top-5 %.4f · %d items · %d classes",
                            z.result().path("top1").asDouble(), z.result().path("top5").asDouble(),
                            z.result().path("count").asInt(), z.result().path("perClass").size()))
                    .append("</p>\n<div class=\"plots\">");
            copyPicture(b, z.confusion(), "assets/runs/" + key + "/zeroshot-" + Names.safe(z.name()) + "-confusion.png",
                    "zeroshot-" + z.name() + "-confusion.png");
            copyPicture(b, z.perClass(), "assets/runs/" + key + "/zeroshot-" + Names.safe(z.name()) + "-per-class.png",
                    "zeroshot-" + z.name() + "-per-class.png");
            b.append("</div>\n");
        }
        for (TrainingRunView.Captions c : v.captions()) {
            b.append("<h4>Captions ").append(html(c.name())).append("</h4>\n");
            if (c.scores() != null) {
                b.append("<table><tr><th>source</th><th>count</th><th>BLEU-4</th><th>CIDEr-D</th></tr>");
                captionRow(b, "overall", c.scores().path("overall"));
                TrainingRunView.fields(c.scores().path("bySource")).forEach((k, s) -> captionRow(b, k, s));
                b.append("</table>\n");
            }
            if (!c.examples().isEmpty()) {
                b.append("<table class=\"examples\"><tr><th>id</th><th>generated</th><th>references</th></tr>");
                for (JsonNode ex : c.examples()) {
                    List<String> refs = new ArrayList<>();
                    ex.path("references").forEach(r -> refs.add(r.asText()));
                    b.append("<tr><td>").append(html(ex.path("id").asText())).append("</td><td>")
                            .append(html(ex.path("caption").asText())).append("</td><td>")
                            .append(html(String.join(" | ", refs))).append("</td></tr>");
                }
                b.append("</table><p class=\"meta\">first ").append(c.examples().size())
                        .append(" examples of eval/captions-").append(html(c.name())).append(".jsonl</p>\n");
            }
        }
        for (TrainingRunView.Retrieval r : v.retrieval()) {
            b.append("<h4>Retrieval ").append(html(r.dataset())).append("</h4>\n<table><tr><th>direction</th>")
                    .append("<th>R@1</th><th>R@5</th><th>R@10</th><th>median rank</th><th>mean rank</th></tr>");
            for (String dir : List.of("textToItem", "itemToText")) {
                JsonNode d = r.result().path(dir);
                b.append("<tr><td>").append(dir.equals("textToItem") ? "text → item" : "item → text").append("</td>");
                for (String f : List.of("r1", "r5", "r10", "medianRank", "meanRank")) {
                    b.append("<td>").append(d.path(f).isNumber()
                            ? String.format(Locale.ROOT, "%.4f", d.path(f).asDouble()) : "—").append("</td>");
                }
                b.append("</tr>");
            }
            b.append("</table><p class=\"meta\">").append(r.result().path("items").asInt()).append(" items, ")
                    .append(r.result().path("texts").asInt()).append(" texts</p>\n");
        }
        for (TrainingRunView.Compositionality c : v.compositionality()) {
            JsonNode r = c.result();
            b.append("<h4>Compositionality ").append(html(c.name())).append("</h4>\n<table><tr><th>kind</th>")
                    .append("<th>pairs</th><th>accuracy</th><th>± standard error</th></tr>");
            TrainingRunView.fields(r.path("kinds")).forEach((kind, k) -> {
                b.append("<tr><td>").append(html(kind)).append("</td><td>").append(k.path("pairs").asInt())
                        .append("</td>");
                for (String f : List.of("accuracy", "standardError")) {
                    b.append("<td>").append(k.path(f).isNumber()
                            ? String.format(Locale.ROOT, "%.4f", k.path(f).asDouble()) : "—").append("</td>");
                }
                b.append("</tr>");
            });
            b.append("<tr><th>mean</th><td>").append(r.path("pairs").asInt()).append("</td><td>")
                    .append(r.path("mean").isNumber() ? String.format(Locale.ROOT, "%.4f", r.path("mean").asDouble())
                            : "—").append("</td><td></td></tr></table><p class=\"meta\">positive caption scored above"
                            + " its hard negative; chance ").append(String.format(Locale.ROOT, "%.2f",
                            r.path("chance").asDouble())).append(" · ").append(r.path("items").asInt())
                    .append(" items · seed ").append(r.path("seed").asLong()).append(" · pairs in eval/compositionality-")
                    .append(html(c.name())).append(".jsonl</p>\n<div class=\"plots\">");
            copyPicture(b, c.plot(), "assets/runs/" + key + "/compositionality-" + Names.safe(c.name()) + ".png",
                    "compositionality-" + c.name() + ".png");
            b.append("</div>\n");
        }
        if (v.engineSummary() != null) {
            b.append("<h4>Data engine</h4>\n");
            Map<String, String> flat = new LinkedHashMap<>();
            flatten("", v.engineSummary(), flat);
            b.append("<table>");
            flat.forEach((k, x) -> b.append("<tr><th>").append(html(k)).append("</th><td>").append(html(x))
                    .append("</td></tr>"));
            b.append("</table>\n");
        }
        if (v.labelPrecision() != null) {
            b.append("<h4>Pseudo-label precision</h4>\n<p class=\"meta\">share of the synthetic captions that name the"
                    + " sample's hidden label (or share a content word with its hidden captions)</p>\n<table>");
            v.labelPrecision().properties().forEach(f -> b.append("<tr><th>").append(html(f.getKey()))
                    .append("</th><td>").append(html(f.getValue().asText())).append("</td></tr>"));
            b.append("</table>\n");
        }
        if (v.manifest() != null) {
            b.append("<p><a href=\"gallery.html#").append(html(galleryHash(e))).append("\">synthetic pairs of this round"
                    + " in the gallery</a></p>\n");
        }
        if (!v.missing().isEmpty()) {
            b.append("<p class=\"missing\">missing: ").append(html(String.join(", ", v.missing()))).append("</p>\n");
        }
        if (!v.problems().isEmpty()) {
            b.append("<p class=\"warn\">").append(html(String.join("; ", v.problems()))).append("</p>\n");
        }
        b.append("</details>\n");
    }

    static String galleryHash(RunLayout.RunEntry e) {
        return "arm=" + (e.arm() == null ? "run" : e.arm()) + "&seed=" + (e.seed() == null ? "" : e.seed())
                + "&round=" + e.round();
    }

    private static void captionRow(StringBuilder b, String name, JsonNode s) {
        b.append("<tr><td>").append(html(name)).append("</td><td>").append(s.path("count").asInt()).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.4f", s.path("bleu").path("bleu").path(3).asDouble()))
                .append("</td><td>").append(String.format(Locale.ROOT, "%.4f", s.path("ciderD").asDouble()))
                .append("</td></tr>");
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (n.isNumber() && !n.isIntegralNumber()) {
            out.put(prefix, String.format(Locale.ROOT, "%.4g", n.asDouble()));
        } else {
            out.put(prefix, n.isValueNode() ? n.asText() : n.toString());
        }
    }

    private static void keyValues(StringBuilder b, String caption, JsonNode obj) {
        b.append("<table class=\"kv\">");
        if (caption != null) {
            b.append("<caption>").append(html(caption)).append("</caption>");
        }
        TrainingRunView.fields(obj).forEach((k, x) -> b.append("<tr><th>").append(html(k)).append("</th><td>")
                .append(html(x.isValueNode() ? x.asText() : x.toString())).append("</td></tr>"));
        b.append("</table>\n");
    }

    private void copyPicture(StringBuilder b, Path source, String target, String name) throws IOException {
        if (source == null || !Files.isRegularFile(source)) {
            b.append("<p class=\"missing\">").append(html(name)).append(": missing</p>");
            return;
        }
        AtomicFiles.write(out.resolve(target), Files.readAllBytes(source));
        img(b, target, name);
    }

    private static void img(StringBuilder b, String src, String alt) {
        b.append("<figure><a href=\"").append(html(src)).append("\"><img src=\"").append(html(src)).append("\" alt=\"")
                .append(html(alt)).append("\" loading=\"eager\"></a><figcaption>").append(html(alt))
                .append("</figcaption></figure>");
    }

    void writeGallery(Gallery gallery, int mediaPerRound, int entriesPerRound) throws IOException {
        StringBuilder b = new StringBuilder();
        String title = "listkit gallery: " + layout.root().toAbsolutePath().normalize().getFileName();
        head(b, title);
        b.append("<nav><a href=\"index.html\">Report</a><a href=\"gallery.html\" class=\"here\">Gallery</a></nav>\n");
        b.append("<h1>").append(html(title)).append("</h1>\n");
        if (gallery.rounds().isEmpty()) {
            b.append("<p class=\"missing\" id=\"no-manifests\">No data-engine manifests in this run (engine/manifest.jsonl"
                    + " is written by the self-training loop for rounds ≥ 1).</p>\n");
        } else {
            b.append("<details><summary>Counts per round</summary><table><tr><th>round</th><th>lines</th>")
                    .append("<th>by status</th><th>rejected/skipped by stage</th><th>in gallery</th><th>with media</th></tr>");
            for (Gallery.RoundCounts r : gallery.rounds()) {
                b.append("<tr><td>").append(html(r.label())).append("</td><td>").append(r.total()).append("</td><td>")
                        .append(html(r.byStatus().toString())).append("</td><td>").append(html(r.reasons().toString()))
                        .append("</td><td>").append(r.listed()).append("</td><td>").append(r.withMedia())
                        .append("</td></tr>");
            }
            b.append("</table><p class=\"meta\">The gallery lists the first ").append(entriesPerRound)
                    .append(" manifest lines of each round; media and feature pictures are copied for the first ")
                    .append(mediaPerRound).append(" of each round (listkit report --entries-per-round,"
                            + " --media-per-round).</p></details>\n");
        }
        b.append(RunReport.resource("gallery.html"));
        b.append("<script src=\"assets/gallery-data.js\"></script>\n<script>\n").append(RunReport.resource("gallery.js"))
                .append("</script>\n</body></html>\n");
        AtomicFiles.writeString(out.resolve("gallery.html"), b.toString());
    }
}
