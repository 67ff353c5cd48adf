package dev.listkit.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.engine.RefineStep;
import dev.listkit.core.util.Json;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports of generated run directories: killed runs, empty runs, the self-training layout and its gallery. */
class RunReportTest {
    @TempDir
    Path tmp;


    private static String metricsLine(int step, double loss) {
        return "{\"step\":" + step + ",\"loss\":" + loss + ",\"parts\":{\"caption\":" + (loss - 1)
                + ",\"contrastive\":1.0},\"lr\":0.001}\n";
    }

    @Test
    void killedTrainingRunIsReportedWithWhatExists() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("recipe.json"), "{\"name\":\"tiny\",\"train\":{\"totalSteps\":100}}");
        Files.writeString(run.resolve("metrics.jsonl"), metricsLine(1, 9.0) + metricsLine(2, 8.5) + metricsLine(3, 8.0)
                + "{\"step\":4,\"lo");
        RunReport.Result r = RunReport.builder().setRunDir(run).build().write();

        assertEquals(run.resolve("report/index.html"), r.index());
        assertEquals(1, r.runs());
        assertEquals(0, r.finished());
        String html = Files.readString(r.index());
        assertTrue(html.contains("incomplete: last logged step 3 of 100"), html);
        assertTrue(html.contains("missing report.json"), html);
        assertTrue(html.contains("missing eval/"), html);
        assertTrue(r.problems().contains("run: metrics.jsonl: 1 damaged line(s) skipped, first at line 4"),
                r.problems().toString());
        BufferedImage curve = ImageIO.read(run.resolve("report/assets/runs/run/training-loss.png").toFile());
        assertEquals(640, curve.getWidth());
        assertTrue(Files.readString(r.gallery()).contains("No data-engine manifests"));
    }

    @Test
    void emptyDirectoryGivesAReportAndAMissingDirectoryAnError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        RunReport.Result r = RunReport.builder().setRunDir(empty).optOutDir(tmp.resolve("out")).build()
                .write();
        String html = Files.readString(r.index());
        assertTrue(html.contains("training curves: no metrics logged yet"), html);
        assertTrue(html.contains("recipe.json: missing"), html);
        assertThrows(ListkitException.class, () -> RunReport.builder().setRunDir(tmp.resolve("nope"))
                .build().write());
        assertThrows(IllegalStateException.class, () -> RunReport.builder().build());
    }

    private static void zeroShot(Path run, double top1) throws Exception {
        Files.createDirectories(run.resolve("eval"));
        Files.writeString(run.resolve("eval/zeroshot-toy-basic.json"), "{\"count\":10,\"top1\":" + top1
                + ",\"top5\":0.9,\"perClass\":[],\"confusion\":{\"labels\":[],\"counts\":[]}}");
        Files.writeString(run.resolve("report.json"), "{}");
        Files.writeString(run.resolve("metrics.jsonl"), metricsLine(1, 5.0) + metricsLine(2, 4.0));
    }

    @Test
    void selfTrainingLayoutAggregatesSeedsAndListsTheGallery() throws Exception {
        Path root = tmp.resolve("list");
        zeroShot(Files.createDirectories(root.resolve("arms/list/seed-0/round-0")), 0.2);
        zeroShot(Files.createDirectories(root.resolve("arms/list/seed-1/round-0")), 0.4);
        Path r1 = Files.createDirectories(root.resolve("arms/list/seed-0/round-1"));
        zeroShot(r1, 0.5);
        Files.createDirectories(root.resolve("arms/list/notes")); // not seed-<s>: named as a problem
        Path media = Files.createDirectories(tmp.resolve("media"));
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        img.setRGB(10, 10, 0xff0000);
        ImageIO.write(img, "png", media.resolve("pic.png").toFile());
        Files.createDirectories(r1.resolve("engine"));
        String a = Json.write(new ManifestRecord("toy:pic", "toy", "pic.png", 1, "accepted", null,
                List.of("a red dot", "a dot"), List.of(new RefineStep("concept-keep", "a dot", "a red dot", "kept: red",
                        false)), "a red dot", Map.of("alignment", 0.42)));
        String b = Json.write(new ManifestRecord("toy:gone", "toy", media.resolve("gone.wav").toString(), 1,
                "rejected", "alignment-filter: 0.01 < 0.2", List.of("noise"), List.of(), "noise", Map.of()));
        Files.writeString(r1.resolve("engine/manifest.jsonl"), a + "\n" + b + "\n{\"id\":\"toy:half");

        RunReport.Result r = RunReport.builder().setRunDir(root).optOutDir(tmp.resolve("out")).optDataRoot(media)
                .build().write();
        assertEquals(3, r.runs());
        assertEquals(2, r.galleryEntries());
        assertEquals(1, r.mediaCopied());
        String html = Files.readString(r.index());
        assertTrue(html.contains("0.3000 ± 0.1414"), "round 0: mean and sample std of 0.2 and 0.4");
        assertTrue(html.contains("<td>0.5000</td>"), "round 1: one seed shows its value alone");
        int row = html.indexOf("<td>list</td><td>1</td>");
        String round1 = html.substring(row, html.indexOf("</tr>", row));
        assertTrue(row > 0 && !round1.contains("±"), "no spread of a single seed: " + round1);
        assertTrue(html.contains("results.json: missing"), html);
        assertTrue(r.problems().contains("ignored arms/list/notes (expected seed-<s>)"), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("1 damaged line(s) skipped, first at line 3")),
                r.problems().toString());
        assertTrue(Files.isRegularFile(tmp.resolve("out/assets/plots/rounds-0-zero-shot_toy-basic_top-1.png")));

        String js = Files.readString(tmp.resolve("out/assets/gallery-data.js"));
        String prefix = "window.LISTKIT_GALLERY = ";
        assertTrue(js.startsWith(prefix));
        JsonNode data = Json.MAPPER.readTree(js.substring(prefix.length(), js.lastIndexOf(';')));
        JsonNode first = data.get("entries").get(0);
        assertEquals("list", first.get("arm").asText());
        assertEquals("0", first.get("seed").asText());
        assertEquals(List.of("a", "red", "dot"), Json.MAPPER.convertValue(first.get("words"), List.class));
        // Which element shows a file is the modality's answer; no modality reads .png here: a link to a copy.
        assertEquals("file", first.get("media").get("kind").asText());
        assertTrue(first.get("media").get("src").asText().endsWith(".png"), first.toString());
        assertNull(first.get("preview").get("src").textValue(), "no modality plugin in the core's tests");
        assertTrue(first.get("preview").get("note").asText().contains("no installed modality reads .png"));
        JsonNode second = data.get("entries").get(1);
        assertEquals("missing", second.get("media").get("kind").asText());
        assertEquals("alignment-filter: 0.01 < 0.2", second.get("reason").asText());
        assertEquals(List.of("dot", "red"), Json.MAPPER.convertValue(data.get("concepts"), List.class),
                "words of accepted captions, most frequent first, ties by name, stop words left out");
        String gallery = Files.readString(r.gallery());
        assertTrue(gallery.contains("{accepted=1, rejected=1}"), "counts per round");
        assertTrue(gallery.contains("<script src=\"assets/gallery-data.js\"></script>"));
        assertNotNull(RunReport.resource("gallery.js"));
    }

    @Test
    void entriesAndMediaAreCappedPerRound() throws Exception {
        Path round = Files.createDirectories(tmp.resolve("run/arms/x/seed-0/round-1/engine"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            lines.append(Json.write(new ManifestRecord("toy:" + i, "toy", "none-" + i + ".png", 1, "accepted", null,
                    List.of(), List.of(), "cap " + i, Map.of()))).append('\n');
        }
        Files.writeString(round.resolve("manifest.jsonl"), lines.toString());
        RunReport.Result r = RunReport.builder().setRunDir(tmp.resolve("run")).optEntriesPerRound(5)
                .optMediaPerRound(2).build().write();
        assertEquals(5, r.galleryEntries());
        String js = Files.readString(r.gallery().resolveSibling("assets/gallery-data.js"));
        assertTrue(js.contains("only the first 2 entries of each round carry media"), js);
        assertTrue(Files.readString(r.gallery()).contains("<td>7</td>"), "all 7 lines are counted");
    }

    @Test
    void aHostileManifestCopiesNothingFromOutsideTheRunsDatasetDirectories() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data/ds"));
        Files.writeString(data.resolve("legit.bin"), "legit media");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET 7f3a");
        Files.createSymbolicLink(data.resolve("link-out.bin"), outside.resolve("secret.txt"));
        Path root = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(root.resolve("provenance.json"), Json.write(Map.of("dataRoot.ds", data.toString())));
        Path round = Files.createDirectories(root.resolve("arms/list/seed-1/round-1/engine")).getParent();
        Files.writeString(round.resolve("engine/local.bin"), "written by the run");
        Files.createSymbolicLink(round.resolve("engine/link-passwd.bin"), Path.of("/etc/passwd"));
        List<String> media = List.of(data.resolve("legit.bin").toString(), "/etc/passwd",
                "../../../../../outside/secret.txt", data.resolve("link-out.bin").toString(),
                round.resolve("engine/local.bin").toString(), round.resolve("engine/link-passwd.bin").toString(),
                data.resolve("../../outside/secret.txt").toString());
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < media.size(); i++) {
            manifest.append(Json.write(new ManifestRecord("ds:" + i, "ds", media.get(i), 1, "accepted", null,
                    List.of("a dog"), List.of(), "a dog", Map.of()))).append('\n');
        }
        Files.writeString(round.resolve("engine/manifest.jsonl"), manifest.toString());

        // The data root given to the report holds outside/ too: the run's recorded roots decide, not it.
        Path out = tmp.resolve("report");
        RunReport.Result r = RunReport.builder().setRunDir(root).optOutDir(out).optDataRoot(tmp)
                .build().write();

        assertEquals(7, r.galleryEntries());
        assertEquals(2, r.mediaCopied(), "the dataset file and the run's own file");
        List<String> refused = r.problems().stream().filter(p -> p.startsWith("refused ")).toList();
        assertEquals(5, refused.size(), r.problems().toString());
        for (String bad : List.of("/etc/passwd", "secret.txt", "link-out.bin", "link-passwd.bin")) {
            assertTrue(refused.stream().anyMatch(p -> p.contains(bad)), bad + " not refused: " + refused);
        }
        String outsideReal = outside.toRealPath().toString();
        assertTrue(refused.stream().anyMatch(p -> p.contains("link-out.bin (resolves to " + outsideReal)),
                refused.toString());
        String html = Files.readString(r.index());
        assertTrue(html.contains("refused /etc/passwd"), "the index lists the refusals under its problems");
        try (java.util.stream.Stream<Path> files = Files.walk(out)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertEquals(2, all.stream().filter(f -> f.startsWith(out.resolve("assets/media"))).count(), all.toString());
            String passwd = Files.readAllLines(Path.of("/etc/passwd")).get(0);
            for (Path f : all) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertTrue(!text.contains("TOP SECRET") && !text.contains(passwd), f + " holds a refused file");
            }
        }
        String js = Files.readString(out.resolve("assets/gallery-data.js"));
        JsonNode entries = Json.MAPPER.readTree(js.substring(js.indexOf('{'), js.lastIndexOf(';'))).get("entries");
        assertEquals("file", entries.get(0).get("media").get("kind").asText());
        assertEquals("refused", entries.get(1).get("media").get("kind").asText());
        assertEquals("refused", entries.get(1).get("preview").get("kind").asText(), "nor decoded for a preview");
    }

    @Test
    void aRunWithoutRecordedRootsFallsBackToTheDataRootAndSaysSo() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("a.bin"), "media");
        Files.writeString(tmp.resolve("elsewhere.bin"), "not under the data root");
        Path round = Files.createDirectories(tmp.resolve("run/arms/list/seed-1/round-1/engine")).getParent();
        Files.writeString(round.resolve("engine/manifest.jsonl"),
                Json.write(new ManifestRecord("ds:a", "ds", "a.bin", 1, "accepted", null, List.of(), List.of(), "a",
                        Map.of())) + "\n" + Json.write(new ManifestRecord("ds:b", "ds", tmp.resolve("elsewhere.bin")
                        .toString(), 1, "accepted", null, List.of(), List.of(), "b", Map.of())) + "\n");
        RunReport.Result r = RunReport.builder().setRunDir(tmp.resolve("run")).optDataRoot(data).build()
                .write();
        assertEquals(1, r.mediaCopied());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("records no dataset directories")),
                r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("refused " + tmp.resolve("elsewhere.bin"))),
                r.problems().toString());
    }

    @Test
    void armsReadPairedListOracleAndCellsThatDoNotApplyAreDashes() throws Exception {
        Path root = tmp.resolve("arms-order");
        for (String arm : List.of("oracle", "list", "paired")) {
            zeroShot(Files.createDirectories(root.resolve("arms/" + arm + "/seed-1/round-0")), 0.3);
        }
        Path listRound1 = Files.createDirectories(root.resolve("arms/list/seed-1/round-1"));
        zeroShot(listRound1, 0.4);
        Files.writeString(listRound1.resolve("eval/captions-heldout-scores.json"),
                "{\"overall\": {\"count\": 3, \"bleu\": {\"bleu\": [0.1, 0.01, 0.001, 0.0]}, \"ciderD\": 0.2}}");
        Files.writeString(listRound1.resolve("eval/captions-heldout.jsonl"), "");
        RunReport.Result r = RunReport.builder().setRunDir(root).build().write();
        String html = Files.readString(r.index());
        int results = html.indexOf("<h2 id=\"results\">");
        int paired = html.indexOf("<td>paired</td>", results);
        int list = html.indexOf("<td>list</td>", results);
        int oracle = html.indexOf("<td>oracle</td>", results);
        assertTrue(paired > 0 && paired < list && list < oracle, "results rows: paired, list, oracle");
        int runs = html.indexOf("<h2 id=\"runs\">");
        assertTrue(html.indexOf("paired / seed 1", runs) < html.indexOf("list / seed 1", runs)
                && html.indexOf("list / seed 1", runs) < html.indexOf("oracle / seed 1", runs), "training runs too");
        // Only list round 1 has caption scores: every other row shows a dash there, not 0.0000.
        assertTrue(html.contains("<span class=\"missing\">—</span>"), html);
        assertTrue(!html.contains("0.0000 ± 0.0000"), html);
        assertTrue(Files.isRegularFile(root.resolve("report/assets/plots/rounds-0-zero-shot_toy-basic_top-1.png")));
    }

    @Test
    void zeroShotChanceIsOneOverTheClasses() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("chance/eval"));
        Files.writeString(run.resolve("zeroshot-esc-ms.json"), "{\"count\": 4, \"top1\": 0.5, \"top5\": 1.0,"
                + " \"perClass\": [{}, {}, {}, {}], \"confusion\": {}}");
        Map<String, RunMetrics.Chance> chance = RunMetrics.chance(List.of(TrainingRunView.read(run.getParent())));
        assertEquals(new RunMetrics.Chance(0.25, "chance (1/4)"), chance.get("zero-shot esc-ms top-1"));
        assertEquals(new RunMetrics.Chance(1.0, "chance (4/4)"), chance.get("zero-shot esc-ms top-5"));
    }

    @Test
    void compositionalityShowsItsMeanAndFamiliesAgainstFiftyPercent() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("comp"));
        zeroShot(run, 0.5);
        Files.writeString(run.resolve("eval/compositionality-heldout.json"), "{\"seed\": 1, \"items\": 9,"
                + " \"positives\": 40, \"unknown\": 1, \"pairs\": 60, \"chance\": 0.5, \"mean\": 0.6,"
                + " \"kinds\": {\"replace-obj\": {\"pairs\": 20, \"correct\": 14, \"ties\": 0, \"accuracy\": 0.7,"
                + " \"standardError\": 0.1}, \"replace-att\": {\"pairs\": 10, \"correct\": 5, \"ties\": 0,"
                + " \"accuracy\": 0.5, \"standardError\": 0.16}, \"swap-att\": {\"pairs\": 0, \"correct\": 0,"
                + " \"ties\": 0, \"accuracy\": null, \"standardError\": null}, \"add-obj\": {\"pairs\": 30,"
                + " \"correct\": 18, \"ties\": 0, \"accuracy\": 0.6, \"standardError\": 0.09}}}");
        TrainingRunView v = TrainingRunView.read(run);
        Map<String, Double> m = RunMetrics.of(v);
        assertEquals(0.6, m.get("compositionality heldout mean"), 1e-12);
        assertEquals(0.6, m.get("compositionality heldout replace"), 1e-12, "mean of replace-obj and replace-att");
        assertEquals(0.6, m.get("compositionality heldout add"), 1e-12);
        assertNull(m.get("compositionality heldout swap"), "no swap pairs: no number");
        assertEquals(new RunMetrics.Chance(0.5, "chance (50 %)"),
                RunMetrics.chance(List.of(v)).get("compositionality heldout mean"));
        RunReport.Result r = RunReport.builder().setRunDir(run).build().write();
        String html = Files.readString(r.index());
        assertTrue(html.contains("<th>compositionality heldout mean</th>"), html);
        assertTrue(html.contains("<h4>Compositionality heldout</h4>"), html);
        assertTrue(html.contains("<td>replace-obj</td><td>20</td><td>0.7000</td>"), html);
    }
}
