package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.io.DataRoot;
import dev.listkit.recipes.cli.Listkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listkit report} on a real tiny training run and on a self-training layout built from it, opened
 * in headless Chromium: no script errors or failed loads, every plot and picture decoded, sounds readable,
 * the gallery's filters and pages show the expected numbers of entries. Screenshots go to
 * {@code target/report-browser/}. Skips without data or without Chromium, except with CI=true.
 */
class ReportBrowserTest {
    private static final Path ARTIFACTS = Path.of("target", "report-browser");
    private static final int PAGE = 10;
    private static final int MEDIA_PER_ROUND = 12;

    @TempDir
    Path tmp;

    @Test
    void reportsRenderInHeadlessChromium() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("esc50")), "no data");
        }
        Optional<Path> chromium = HeadlessChromium.find();
        if (ci) {
            assertTrue(chromium.isPresent(), "CI=true: chromium must be installed (.ci/run installs it)");
        } else {
            Assumptions.assumeTrue(chromium.isPresent(),
                    "skipped: no chromium on the PATH (apt-get install chromium, or set LISTKIT_CHROMIUM)");
        }

        // A real tiny training run, and the self-training layout made from it.
        Path trained = tmp.resolve("trained");
        StringBuilder log = new StringBuilder();
        List<String> train = new ArrayList<>(List.of("train", "--recipe", "audio-paired-baseline", "--run-dir",
                trained.toString(), "--cache-dir", tmp.resolve("cache").toString(), "--data-root",
                DataRoot.get().toString(), "--engine-threads", "1"));
        for (String s : TrainCommandTest.TINY) {
            train.add("--set");
            train.add(s);
        }
        assertEquals(Listkit.OK, cli(log, train.toArray(String[]::new)), log.toString());
        Path run = tmp.resolve("list-run");
        SelfTrainingFixture.Expected expected = SelfTrainingFixture.build(trained, run, DataRoot.get());

        Path single = tmp.resolve("report-single");
        assertEquals(Listkit.OK, cli(log, "report", trained.toString(), "--out", single.toString()), log.toString());
        Path report = tmp.resolve("report-list");
        assertEquals(Listkit.OK, cli(log, "report", run.toString(), "--out", report.toString(), "--data-root",
                DataRoot.get().toString(), "--page-size", Integer.toString(PAGE), "--media-per-round",
                Integer.toString(MEDIA_PER_ROUND)), log.toString());
        assertTrue(log.toString().contains("gallery entries: " + expected.entries()), log.toString());
        copyTree(report, ARTIFACTS.resolve("report-list")); // kept for people to open
        copyTree(run, ARTIFACTS.resolve("run-list"));

        try (HeadlessChromium browser = new HeadlessChromium(chromium.get(), tmp.resolve("profile"), 1280, 900)) {
            // The single training run.
            browser.navigate(single.resolve("index.html").toUri().toString());
            assertImagesLoaded(browser, 3); // training curve, confusion matrix, per-class accuracy
            assertTrue(text(browser).contains("esc50-ms-clap"), "zero-shot section");
            browser.screenshot(ARTIFACTS.resolve("single-run-index.png"));

            // The self-training run: per-round results with mean ± std over seeds, every run's plots.
            browser.navigate(report.resolve("index.html").toUri().toString());
            String page = text(browser);
            // list, round 1: seeds 0 and 1 → 0.26 ± 0.0141; list round 2 has only seed 0 (seed 1 was killed).
            assertTrue(page.contains(String.format(java.util.Locale.ROOT, "%.4f ± 0.0141",
                    (SelfTrainingFixture.top1("list", 0, 1) + SelfTrainingFixture.top1("list", 1, 1)) / 2)), page);
            // One seed shows its value alone, without a spread of 0.
            assertTrue(page.contains(String.format(java.util.Locale.ROOT, "%.4f (n = 1)",
                    SelfTrainingFixture.top1("list", 0, 2))), page);
            assertTrue(page.contains("incomplete: last logged step 2 of 4"), "killed run shown as incomplete");
            assertEquals(10, browser.eval("document.querySelectorAll('details.run').length").asInt());
            // 5 metric plots (top-1, top-5, BLEU-4, CIDEr-D, last loss), 10 training curves, 9 × 2 zero-shot plots
            assertImagesLoaded(browser, 5 + 10 + 2 * 9);
            browser.eval("document.querySelectorAll('details').forEach(d => d.open = true)");
            browser.screenshot(ARTIFACTS.resolve("list-run-index.png"));

            // The gallery: pages, filters, media.
            browser.navigate(report.resolve("gallery.html").toUri().toString());
            assertTrue(browser.waitFor("document.body.dataset.galleryReady === 'true'", Duration.ofSeconds(20)),
                    "gallery script ran");
            assertEquals(expected.entries(), gallery(browser, "filtered"));
            assertEquals(PAGE, gallery(browser, "shown"));
            assertEquals(PAGE, browser.eval("document.querySelectorAll('#gallery .entry').length").asInt());
            assertImagesLoaded(browser, PAGE); // every entry of page 1 has a media thumbnail or a feature picture
            int audio = browser.eval("document.querySelectorAll('#gallery audio').length").asInt();
            assertTrue(audio > 0, "ESC-50 clips are on page 1");
            assertTrue(browser.waitFor("[...document.querySelectorAll('#gallery audio')].every(a => a.readyState >= 1)",
                    Duration.ofSeconds(20)), "sound files load");
            assertTrue(browser.eval("[...document.querySelectorAll('#gallery audio')].every(a => a.duration > 4.9)")
                    .asBoolean(), "5-second ESC-50 clips");
            assertEquals(audio, browser.eval("document.querySelectorAll('#gallery img.features').length").asInt()
                    - browser.eval("document.querySelectorAll('#gallery img.thumb').length").asInt(),
                    "each clip has a log-mel picture, each picture a thumbnail and a feature picture");
            browser.screenshot(ARTIFACTS.resolve("gallery.png"));

            select(browser, "f-status", "rejected");
            assertEquals(expected.rejected(), gallery(browser, "filtered"));
            assertEquals(Math.min(PAGE, expected.rejected()),
                    browser.eval("document.querySelectorAll('#gallery .badge.rejected').length").asInt());
            assertEquals(0, browser.eval("document.querySelectorAll('#gallery .badge.accepted').length").asInt());
            select(browser, "f-status", "");
            browser.eval("(() => { const i = document.getElementById('f-concept'); i.value = '" + expected.concept()
                    + "'; i.dispatchEvent(new Event('input')); })()");
            assertEquals(expected.withConcept(), gallery(browser, "filtered"), "concept " + expected.concept());
            browser.eval("(() => { const i = document.getElementById('f-concept'); i.value = '';"
                    + " i.dispatchEvent(new Event('input')); })()");
            select(browser, "f-round", "1");
            assertEquals(2 * SelfTrainingFixture.PER_ROUND, gallery(browser, "filtered"));
            browser.eval("document.getElementById('p-next').click()");
            browser.eval("document.getElementById('p-next').click()");
            browser.eval("document.getElementById('p-next').click()");
            assertEquals(2 * SelfTrainingFixture.PER_ROUND - 3 * PAGE, gallery(browser, "shown"), "last page");
            assertTrue(browser.eval("location.hash").asText().contains("round=1"), "filters are kept in the URL");

            // A link to one round (from the report) opens the gallery filtered to it: the killed round.
            browser.navigate("about:blank");
            browser.navigate(report.resolve("gallery.html").toUri() + "#arm=list&seed=1&round=2");
            assertTrue(browser.waitFor("document.body.dataset.galleryReady === 'true'", Duration.ofSeconds(20)));
            assertEquals(SelfTrainingFixture.KILLED_LINES, gallery(browser, "filtered"));

            assertEquals(List.of(), browser.errors(), "no script errors, console errors or failed loads");
        }
        assertTrue(Files.size(ARTIFACTS.resolve("gallery.png")) > 10_000);
    }

    private static int gallery(HeadlessChromium b, String what) throws Exception {
        return b.eval("Number(document.getElementById('gallery').dataset." + what + ")").asInt();
    }

    private static void select(HeadlessChromium b, String id, String value) throws Exception {
        b.eval("(() => { const s = document.getElementById('" + id + "'); s.value = '" + value + "';"
                + " s.dispatchEvent(new Event('change')); })()");
    }

    private static String text(HeadlessChromium b) throws Exception {
        return b.eval("document.body.innerText").asText();
    }

    /** Waits until every image is decoded and checks that there are {@code n} (all with a size). */
    private static void assertImagesLoaded(HeadlessChromium b, int atLeast) throws Exception {
        assertTrue(b.waitFor("[...document.images].every(i => i.complete)", Duration.ofSeconds(20)), "images load");
        JsonNode bad = b.eval("[...document.images].filter(i => !(i.naturalWidth > 0)).map(i => i.src)");
        assertEquals(0, bad.size(), "images that did not decode: " + bad);
        int n = b.eval("document.images.length").asInt();
        assertTrue(n >= atLeast, n + " images, expected at least " + atLeast);
        assertFalse(b.eval("document.body.innerText").asText().contains("script error"));
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        if (Files.exists(to)) {
            try (java.util.stream.Stream<Path> old = Files.walk(to)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    private static int cli(StringBuilder log, String... args) {
        CliRun r = CliRun.of(args);
        log.append(r.all());
        return r.status();
    }
}
