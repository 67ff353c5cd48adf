package dev.listkit.core.list;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.io.DirectoryLock;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.JsonDiff;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a training job may do with its run directory, decided before anything is written:
 * <ul>
 *   <li>a directory that holds another run ({@link #holdsRun}) is refused unless the job resumes it or
 *       the caller {@link #clear}s it first ({@code --overwrite});</li>
 *   <li>a resume compares the new recipe with the run's {@code recipe.json} ({@link #checkResume}) and
 *       refuses any difference, named by key path, except the ones that only extend the run:
 *       {@code train.totalSteps} growing (paired runs: the schedule is recomputed for the new length
 *       and training continues from the saved step), and for self-training runs {@code selfTraining.rounds}
 *       growing and {@code selfTraining.seeds} / {@code selfTraining.arms} gaining entries; plus settings
 *       that change no result ({@code train.checkpointEvery}, {@code train.logEvery},
 *       {@code selfTraining.engine.runner}: local and Spark runners write identical shards).</li>
 * </ul>
 * {@code recipe.json} is written by the jobs only after these checks pass, so a refused resume leaves it.
 */
public final class RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    /** Names that listkit's training jobs write at the top of a run directory; {@link #clear} removes these. */
    static final List<String> RUN_FILES = List.of(RunLayout.RECIPE, RunLayout.PROVENANCE, RunLayout.VOCABULARY,
            "metrics.jsonl", "checkpoints", "eval", RunLayout.REPORT, "training-loss.png", "arms", RunLayout.RESULTS,
            "results.md", "report");
    /** Any of these means the directory holds a run (not just, say, an HTML report or a lock). */
    private static final List<String> RUN_MARKERS = List.of(RunLayout.RECIPE, "checkpoints", "metrics.jsonl", "arms",
            RunLayout.REPORT, RunLayout.RESULTS);
    /** Keys whose change alters no result. */
    private static final Set<String> FREE = Set.of("train.checkpointEvery", "train.logEvery",
            "selfTraining.engine.runner");

    private RunDirectory() {
    }

    /** The listkit files of a run in {@code dir} (relative names), empty when it holds none. */
    public static List<String> runFiles(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        for (String name : RUN_FILES) {
            if (Files.exists(dir.resolve(name))) {
                out.add(Files.isDirectory(dir.resolve(name)) ? name + "/" : name);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("results-") && n.endsWith(".png"))
                    .sorted().forEach(out::add);
        }
        return out;
    }

    /** Whether {@code dir} holds a run: its recipe, checkpoints, metrics, arms or results. */
    public static boolean holdsRun(Path dir) {
        return RUN_MARKERS.stream().anyMatch(n -> Files.exists(dir.resolve(n)));
    }

    /**
     * Checks that {@code recipe} may run in {@code dir}.
     *
     * @param resume continue the run in {@code dir} (nothing to resume is fine: a new run starts)
     * @return the changes that extend the run on a resume (empty for a new or unchanged run)
     * @throws ConfigException another run without {@code resume}, or a resume with a recipe that differs
     *     in anything but an extension (every differing key path named)
     */
    public static List<JsonDiff.Change> check(Path dir, Recipe recipe, boolean resume)
            throws ConfigException, IOException {
        if (!holdsRun(dir)) {
            return List.of();
        }
        if (!resume) {
            throw new ConfigException(dir + " already holds a run (" + String.join(", ", runFiles(dir))
                    + "); add --resume to continue it, --overwrite to replace it, or choose another --run-dir");
        }
        return checkResume(dir, recipe);
    }

    /**
     * The extensions a resume of the run in {@code dir} with {@code recipe} makes.
     *
     * @throws ConfigException the run has no readable {@code recipe.json}, or a change is not an extension
     */
    public static List<JsonDiff.Change> checkResume(Path dir, Recipe recipe) throws ConfigException, IOException {
        Path file = dir.resolve(RunLayout.RECIPE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(dir + " holds a run without " + RunLayout.RECIPE + " (it stopped before its"
                    + " start was recorded); it cannot be resumed safely: use --overwrite or another --run-dir");
        }
        JsonNode before;
        try {
            before = Json.parse(Files.readString(file));
        } catch (ConfigException e) {
            throw new ConfigException(file + ": unreadable (" + e.getMessage() + "); use --overwrite or another"
                    + " --run-dir", e);
        }
        JsonNode after = Json.parse(Json.writePretty(recipe)); // as it would be written and read back
        boolean selfTraining = recipe.selfTraining() != null;
        List<JsonDiff.Change> extensions = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> grouped = new HashSet<>();
        for (JsonDiff.Change c : JsonDiff.diff(before, after)) {
            String group = group(c.path());
            if (group != null) {
                if (grouped.add(group)) {
                    JsonDiff.Change whole = new JsonDiff.Change(group, at(before, group), at(after, group));
                    String why = growth(whole);
                    if (why == null) {
                        extensions.add(whole);
                    } else {
                        refused.add(whole + " (" + why + ")");
                    }
                }
            } else if (FREE.contains(c.path())) {
                extensions.add(c);
            } else if (c.path().equals("train.totalSteps")) {
                String why = selfTraining ? "round 0 of a self-training run is the start of every later round;"
                        + " its length cannot change" : c.after().asLong() < c.before().asLong()
                        ? "a run can only grow" : null;
                if (why == null) {
                    extensions.add(c);
                } else {
                    refused.add(c + " (" + why + ")");
                }
            } else if (c.path().equals("selfTraining.rounds") && c.after().asInt() >= c.before().asInt()) {
                extensions.add(c);
            } else {
                refused.add(c.toString());
            }
        }
        if (!refused.isEmpty()) {
            throw new ConfigException("--resume: the recipe differs from the run's " + file + " in "
                    + String.join("; ", refused) + ". Only growing train.totalSteps (paired runs), selfTraining.rounds,"
                    + " selfTraining.seeds and selfTraining.arms extends a run; to change anything else use"
                    + " --overwrite or another --run-dir (" + RunLayout.RECIPE + " was left as it was)");
        }
        return extensions;
    }

    /** Lists that may gain entries, compared whole. */
    private static String group(String path) {
        for (String g : List.of("selfTraining.seeds", "selfTraining.arms")) {
            if (path.equals(g) || path.startsWith(g + "[")) {
                return g;
            }
        }
        return null;
    }

    /** Null when {@code c}'s new list keeps every old entry; else why not. */
    private static String growth(JsonDiff.Change c) {
        if (c.before() == null || c.after() == null || !c.before().isArray() || !c.after().isArray()) {
            return "not a list in both";
        }
        List<JsonNode> after = new ArrayList<>();
        c.after().forEach(after::add);
        List<String> lost = new ArrayList<>();
        for (JsonNode n : c.before()) {
            if (!after.contains(n)) {
                lost.add(Json.write(n));
            }
        }
        return lost.isEmpty() ? null : "entries may be added, not removed: " + String.join(", ", lost) + " removed";
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String k : path.split("\\.")) {
            n = n == null ? null : n.get(k);
        }
        return n;
    }

    /**
     * Removes the listkit files of the run in {@code dir} ({@link #runFiles}) and says on {@code log} what it
     * removed and which other files it kept. The lock file is never touched.
     *
     * @return the removed names (relative, directories with a trailing {@code /})
     */
    public static List<String> clear(Path dir) throws IOException {
        List<String> removed = runFiles(dir);
        long files = 0;
        for (String name : removed) {
            files += deleteTree(dir.resolve(name));
        }
        List<String> kept = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(DirectoryLock.FILE)).sorted()
                        .forEach(kept::add);
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("--overwrite: removed the previous run's {} ({} files) from {}{}", String.join(", ", removed),
                    files, dir, kept.isEmpty() ? "" : "; kept " + String.join(", ", kept)
                            + " (not written by a listkit training job)");
        }
        return removed;
    }

    private static long deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        long[] n = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                n[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        return n[0];
    }
}
