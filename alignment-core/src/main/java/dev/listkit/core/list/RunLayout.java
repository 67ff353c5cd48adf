package dev.listkit.core.list;

import dev.listkit.core.config.SelfTrainingSection;
import dev.listkit.core.util.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run-directory layout, written by the training applications and read by {@code report}: one
 * paired-training run ({@code recipe.json}, {@code provenance.json}, {@code vocabulary.json},
 * {@code metrics.jsonl}, {@code checkpoints/}, {@code eval/}, {@code report.json}), or a self-training run
 * ({@code recipe.json}, {@code provenance.json}, {@code results.json}, {@code results.md},
 * {@code results-*.png}) with {@code arms/<arm>/seed-<s>/round-<r>/} training runs inside, each arm directory
 * with its {@code vocabulary.json}, the list arm's seed directories with the unpaired {@code pool.jsonl},
 * and a list round with its data-engine round in {@code engine/}. The static helpers name these places;
 * {@link #scan} reads what a directory holds.
 *
 * @param root     the directory given
 * @param kind     which layout was found
 * @param runs     the training runs, sorted by arm (paired, list, oracle, then others by name), seed, round (one
 *                 entry for {@link Kind#TRAINING_RUN})
 * @param problems names in {@code arms/} that do not fit the layout, for the report to show
 */
public record RunLayout(Path root, Kind kind, List<RunEntry> runs, List<String> problems) {
    /** The layouts the report understands. */
    public enum Kind {
        /** A directory written by one paired training job. */
        TRAINING_RUN,
        /** A self-training run: {@code arms/<arm>/seed-<s>/round-<r>/}. */
        SELF_TRAINING
    }

    /**
     * One training run of the layout.
     *
     * @param arm   arm name, null for a single training run
     * @param seed  seed label (the part after {@code seed-}), null for a single training run
     * @param round round number, -1 for a single training run
     * @param dir   the training run directory
     */
    public record RunEntry(String arm, String seed, int round, Path dir) {
        /** A short label, e.g. {@code list / seed 0 / round 2}, or {@code run} for a single training run. */
        public String label() {
            return arm == null ? "run" : arm + " / seed " + seed + " / round " + round;
        }

        /** A file-name-safe key, e.g. {@code list-s0-r2}. */
        public String key() {
            return arm == null ? "run" : Names.safe(arm) + "-s" + Names.safe(seed) + "-r" + round;
        }
    }

    /** The recipe of a run, with overrides applied. */
    public static final String RECIPE = "recipe.json";
    /** Recipe hash, git revision, seeds, data fingerprints. */
    public static final String PROVENANCE = "provenance.json";
    /** The caption vocabulary of a training run (or of an arm). */
    public static final String VOCABULARY = "vocabulary.json";
    /** The evaluated report of a training run or round. */
    public static final String REPORT = "report.json";
    /** Every metric of a self-training run per arm and round. */
    public static final String RESULTS = "results.json";
    /** A round 0 reused from the paired arm names the directory it comes from here. */
    public static final String SHARED_FROM = "shared-from.txt";

    public RunLayout {
        runs = List.copyOf(runs);
        problems = List.copyOf(problems);
    }

    /** {@code runDir/arms/<arm>/seed-<seed>}: one (arm, seed) of a self-training run. */
    public static Path armDir(Path runDir, String arm, long seed) {
        return runDir.resolve("arms").resolve(arm).resolve("seed-" + seed);
    }

    /** {@code armDir/round-<round>}: one training round, itself a training-run directory. */
    public static Path roundDir(Path armDir, int round) {
        return armDir.resolve("round-" + round);
    }

    /**
     * The separate captioner after a list-arm round ({@code selfTraining.captioner: separate}): itself a
     * training-run directory, {@code round-<r>/captioner}.
     */
    public static Path captionerDir(Path roundDir) {
        return roundDir.resolve("captioner");
    }

    /** The unpaired pool of {@code seed} as a pool manifest ({@code listkit engine --pool}). */
    public static Path poolFile(Path runDir, long seed) {
        return armDir(runDir, "list", seed).resolve("pool.jsonl");
    }

    /** The data-engine round of a list-arm round directory ({@code listkit engine --out}). */
    public static Path engineDir(Path roundDir) {
        return roundDir.resolve("engine");
    }

    /**
     * Reads the layout of {@code root}. A directory with an {@code arms/} folder is a self-training run;
     * anything else is read as a single training run, however few of its files exist yet.
     *
     * @throws IOException when {@code root} is not a directory or cannot be listed
     */
    public static RunLayout scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("not a run directory: " + root);
        }
        Path arms = root.resolve("arms");
        if (!Files.isDirectory(arms)) {
            return new RunLayout(root, Kind.TRAINING_RUN, List.of(new RunEntry(null, null, -1, root)), List.of());
        }
        List<RunEntry> runs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path arm : dirs(arms)) {
            for (Path seed : dirs(arm)) {
                String seedName = seed.getFileName().toString();
                if (!seedName.startsWith("seed-")) {
                    problems.add("ignored " + root.relativize(seed) + " (expected seed-<s>)");
                    continue;
                }
                for (Path round : dirs(seed)) {
                    int r = roundNumber(round.getFileName().toString());
                    if (r < 0) {
                        problems.add("ignored " + root.relativize(round) + " (expected round-<n>)");
                        continue;
                    }
                    runs.add(new RunEntry(arm.getFileName().toString(), seedName.substring("seed-".length()), r,
                            round));
                }
            }
        }
        runs.sort(Comparator.comparingInt((RunEntry e) -> armRank(e.arm())).thenComparing(RunEntry::arm)
                .thenComparing(e -> Names.numericKey(e.seed())).thenComparingInt(RunEntry::round));
        return new RunLayout(root, Kind.SELF_TRAINING, runs, problems);
    }

    /** The arms in the order a reader compares them: baseline, method, upper bound; unknown arms after. */
    private static int armRank(String arm) {
        int i = SelfTrainingSection.ARMS.indexOf(arm);
        return i < 0 ? SelfTrainingSection.ARMS.size() : i;
    }

    /**
     * The self-training run a round directory belongs to: for {@code R/arms/<arm>/seed-<s>/round-<r>}, the
     * directory {@code R}; empty for any other directory.
     */
    public static java.util.Optional<Path> enclosingRun(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        Path seed = d.getParent();
        Path arm = seed == null ? null : seed.getParent();
        Path arms = arm == null ? null : arm.getParent();
        if (arms == null || arms.getParent() == null || roundNumber(d.getFileName().toString()) < 0
                || !seed.getFileName().toString().startsWith("seed-") || !arms.getFileName().toString().equals("arms")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(arms.getParent());
    }

    private static int roundNumber(String name) {
        if (!name.startsWith("round-")) {
            return -1;
        }
        try {
            int r = Integer.parseInt(name.substring("round-".length()));
            return r < 0 ? -1 : r;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Path> dirs(Path parent) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }
}
