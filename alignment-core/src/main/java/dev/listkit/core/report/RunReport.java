package dev.listkit.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.list.RunLayout;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A static HTML report of a run directory that needs no network to view: {@code index.html} (configuration,
 * provenance, per-round metrics with mean ± std over seeds, training curves, zero-shot confusion matrices,
 * caption and retrieval results of every training run) and {@code gallery.html} (the data engine's
 * synthetic pairs with filters and pages), with every picture and sound under {@code assets/}.
 * Reads a single paired-training run or a self-training run ({@code arms/<arm>/seed-<s>/round-<r>/}); a
 * run that is still going or was killed gets a report of what exists, with the missing files listed.
 *
 * <pre>{@code
 * RunReport.Result r = RunReport.builder().setRunDir(Path.of("runs/list-audio"))
 *         .optOutDir(Path.of("runs/list-audio/report")).build().write();
 * System.out.println(r.index());
 * }</pre>
 */
public final class RunReport {
    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

    /** Default number of gallery entries per round whose media and feature picture are copied. */
    public static final int DEFAULT_MEDIA_PER_ROUND = 48;
    /** Default number of manifest lines per round listed in the gallery. */
    public static final int DEFAULT_ENTRIES_PER_ROUND = 2000;
    /** Default gallery page size. */
    public static final int DEFAULT_PAGE_SIZE = 24;

    /**
     * What was written.
     *
     * @param index          {@code index.html}
     * @param gallery        {@code gallery.html}
     * @param runs           training runs found
     * @param finished       of which finished ({@code report.json} present)
     * @param galleryEntries entries in the gallery
     * @param mediaCopied    entries whose media were copied
     * @param assetBytes     bytes of copied media and feature pictures
     * @param problems       everything that was missing or unreadable, one line each
     */
    public record Result(Path index, Path gallery, int runs, int finished, int galleryEntries, int mediaCopied,
            long assetBytes, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    private final Path runDir;
    private final Path outDir;
    private final Path dataRoot;
    private final int mediaPerRound;
    private final int entriesPerRound;
    private final int pageSize;

    private RunReport(Builder b) {
        this.runDir = b.runDir;
        this.outDir = b.outDir == null ? b.runDir.resolve("report") : b.outDir;
        this.dataRoot = b.dataRoot;
        this.mediaPerRound = b.mediaPerRound;
        this.entriesPerRound = b.entriesPerRound;
        this.pageSize = b.pageSize;
    }

    /** A builder: {@code setRunDir} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the run directory and writes the report.
     *
     * @throws ListkitException when the run directory does not exist
     * @throws IOException      when the report cannot be written
     */
    public Result write() throws ListkitException, IOException {
        RunLayout layout;
        try {
            layout = RunLayout.scan(runDir);
        } catch (IOException e) {
            throw new ListkitException("cannot read run directory " + runDir + ": " + e.getMessage(), e);
        }
        Files.createDirectories(outDir);
        List<String> problems = new ArrayList<>(layout.problems());
        Map<RunLayout.RunEntry, TrainingRunView> views = new LinkedHashMap<>();
        Map<RunLayout.RunEntry, Map<String, Double>> values = new LinkedHashMap<>();
        for (RunLayout.RunEntry e : layout.runs()) {
            TrainingRunView v = TrainingRunView.read(e.dir());
            views.put(e, v);
            values.put(e, RunMetrics.of(v));
            v.problems().forEach(p -> problems.add(e.label() + ": " + p));
        }
        LOG.info("report: {} training run(s) in {} ({})", views.size(), runDir,
                layout.kind() == RunLayout.Kind.SELF_TRAINING ? "self-training layout" : "single training run");

        // The run's own recipe and provenance: the top of a self-training run, or of the run a round
        // directory belongs to. Round directories hold no recipe.json of their own: theirs is the run's.
        Path top = layout.kind() == RunLayout.Kind.SELF_TRAINING ? layout.root()
                : RunLayout.enclosingRun(layout.root()).orElse(null);
        List<String> ignored = new ArrayList<>();
        JsonNode runRecipe = top == null ? null : readJsonOrNull(top.resolve(RunLayout.RECIPE), ignored, ignored);
        List<Map<String, String>> provenances = new ArrayList<>();
        if (top != null) {
            provenances.add(strings(readJsonOrNull(top.resolve(RunLayout.PROVENANCE), ignored, ignored)));
        }
        views.values().forEach(v -> provenances.add(v.provenance()));

        Previews previews = new Previews();
        views.forEach((e, v) -> previews.register(e.key(), v.recipe() != null ? v.recipe() : runRecipe));
        MediaRoots roots = MediaRoots.of(top == null ? runDir : top, provenances, dataRoot);
        MediaAssets media = new MediaAssets(outDir, previews, roots);
        Gallery gallery = new Gallery();
        for (Map.Entry<RunLayout.RunEntry, TrainingRunView> e : views.entrySet()) {
            if (e.getValue().manifest() != null) {
                gallery.add(e.getKey(), e.getValue().manifest(), dataRoot, media, entriesPerRound, mediaPerRound);
            }
        }
        problems.addAll(gallery.problems());
        problems.addAll(media.refusals());
        if (roots.note() != null && !gallery.rounds().isEmpty()) {
            problems.add(roots.note());
        }
        LOG.info("report: media are read only inside {}{}", roots.roots(),
                media.refusals().isEmpty() ? "" : "; refused " + media.refusals().size() + " path(s)");
        int withMedia = gallery.rounds().stream().mapToInt(Gallery.RoundCounts::withMedia).sum();
        LOG.info("report: gallery of {} entries from {} manifest(s), media copied for {}", gallery.entries().size(),
                gallery.rounds().size(), withMedia);

        Pages pages = new Pages(layout, views, values, outDir, problems);
        pages.writeIndex(gallery);
        String data = "window.LISTKIT_GALLERY = " + Json.write(Map.of("pageSize", pageSize,
                "entries", gallery.entries(), "concepts", gallery.topWords(60))) + ";\n";
        AtomicFiles.writeString(outDir.resolve("assets/gallery-data.js"), data);
        pages.writeGallery(gallery, mediaPerRound, entriesPerRound);
        int finished = (int) views.values().stream().filter(TrainingRunView::finished).count();
        return new Result(outDir.resolve("index.html"), outDir.resolve("gallery.html"), views.size(), finished,
                gallery.entries().size(), withMedia, media.bytes(), problems);
    }

    /** A JSON object's fields as strings (nested values as JSON text); empty for null or a non-object. */
    static Map<String, String> strings(JsonNode obj) {
        Map<String, String> out = new LinkedHashMap<>();
        if (obj != null && obj.isObject()) {
            obj.properties().forEach(e -> out.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        }
        return out;
    }

    /** Reads a text resource of this package (page templates, CSS, scripts). */
    static String resource(String name) throws IOException {
        try (InputStream in = RunReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Keys of {@code a} then those of {@code b} not in {@code a}. */
    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    static String now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static JsonNode readJsonOrNull(Path f, List<String> missing, List<String> problems) {
        if (!Files.isRegularFile(f)) {
            missing.add(f.getFileName().toString());
            return null;
        }
        try {
            return Json.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            problems.add(f.getFileName() + ": unreadable (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /** Builds a {@link RunReport}. */
    public static final class Builder {
        private Path runDir;
        private Path outDir;
        private Path dataRoot;
        private int mediaPerRound = DEFAULT_MEDIA_PER_ROUND;
        private int entriesPerRound = DEFAULT_ENTRIES_PER_ROUND;
        private int pageSize = DEFAULT_PAGE_SIZE;

        private Builder() {
        }

        /** The run directory to report on (required). */
        public Builder setRunDir(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        /** Where to write the report (default {@code RUN_DIR/report}). */
        public Builder optOutDir(Path outDir) {
            this.outDir = outDir;
            return this;
        }

        /** Base for relative media paths in manifests (default: none; they resolve from the round directory). */
        public Builder optDataRoot(Path dataRoot) {
            this.dataRoot = dataRoot;
            return this;
        }

        /** Gallery entries per round whose media and feature picture are copied (default 48). */
        public Builder optMediaPerRound(int n) {
            this.mediaPerRound = n;
            return this;
        }

        /** Manifest lines per round listed in the gallery (default 2000); the rest are only counted. */
        public Builder optEntriesPerRound(int n) {
            this.entriesPerRound = n;
            return this;
        }

        /** Gallery entries per page (default 24). */
        public Builder optPageSize(int n) {
            this.pageSize = n;
            return this;
        }

        /** Checks the settings. */
        public RunReport build() {
            if (runDir == null) {
                throw new IllegalStateException("setRunDir is required");
            }
            if (mediaPerRound < 0 || entriesPerRound < 1 || pageSize < 1) {
                throw new IllegalStateException("need mediaPerRound >= 0, entriesPerRound >= 1 and pageSize >= 1, got "
                        + mediaPerRound + ", " + entriesPerRound + ", " + pageSize);
            }
            return new RunReport(this);
        }
    }
}
