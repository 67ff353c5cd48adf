package dev.listkit.core.list;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.train.CheckpointWeights;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes every round directory of a self-training run a complete training run, usable on its own by
 * {@code listkit eval}, {@code caption}, {@code embed}, {@code export}, {@code engine --model} and
 * {@code report}: {@code recipe.json} (the run's recipe with the round's trainer settings),
 * {@code vocabulary.json} (the arm's), {@code provenance.json} (the run's, plus arm, seed and round) and
 * {@code checkpoints/}. A list arm's round 0 that reuses the paired arm's round 0 gets the same files, its
 * checkpoint hard-linked (copied where links are not supported), and {@code shared-from.txt} naming the
 * directory it comes from.
 */
final class RoundFiles {
    private RoundFiles() {
    }

    /**
     * Writes {@code recipe.json}, {@code vocabulary.json} and {@code provenance.json} into a round directory.
     *
     * @param runProvenance the self-training run's provenance (copied, then the round's entries added)
     */
    static void write(Path dir, Recipe recipe, TrainConfig round, String vocabJson, Map<String, String> runProvenance,
            Path runDir, String arm, long seed, int roundNumber) throws IOException {
        ObjectNode json = Json.MAPPER.valueToTree(recipe);
        json.set("train", Json.MAPPER.valueToTree(round));
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(RunLayout.RECIPE), Json.writePretty(json));
        AtomicFiles.writeString(dir.resolve(RunLayout.VOCABULARY), vocabJson);
        Map<String, String> p = new LinkedHashMap<>(runProvenance);
        p.put("selfTrainingRun", runDir.toAbsolutePath().normalize().toString());
        p.put("arm", arm);
        p.put("seed", Long.toString(seed));
        p.put("round", Integer.toString(roundNumber));
        Path shared = dir.resolve(RunLayout.SHARED_FROM);
        if (Files.exists(shared)) {
            p.put("sharedFrom", Files.readString(shared).strip());
        }
        AtomicFiles.writeString(dir.resolve(RunLayout.PROVENANCE), Json.writePretty(p));
    }

    /**
     * Makes {@code to} (a list arm's round 0) a copy of the paired arm's round 0 {@code from}: the pointer
     * file, the metrics and evaluation files (so that reports of this arm see its round 0), and the
     * final checkpoint with its {@code latest} pointer.
     */
    static void share(Path from, Path to) throws IOException, ListkitException {
        Files.createDirectories(to);
        AtomicFiles.writeString(to.resolve(RunLayout.SHARED_FROM), from + "\n");
        if (Files.exists(from.resolve("metrics.jsonl"))) {
            Files.copy(from.resolve("metrics.jsonl"), to.resolve("metrics.jsonl"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path eval = from.resolve("eval");
        if (Files.isDirectory(eval)) {
            Files.createDirectories(to.resolve("eval"));
            try (Stream<Path> files = Files.list(eval)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve("eval").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path ckpt = CheckpointWeights.latest(from);
        Path dir = Files.createDirectories(to.resolve("checkpoints"));
        Path target = dir.resolve(ckpt.getFileName());
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, ckpt); // same bytes, no second copy of the weights on disk
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(ckpt, target);
        }
        AtomicFiles.writeString(dir.resolve("latest"), ckpt.getFileName() + "\n");
    }

    /**
     * The directory holding a round's weights: the round itself, or (a shared round 0 written before rounds
     * carried their own checkpoint) the one its {@code shared-from.txt} names.
     */
    static Path modelDir(Path roundDir) throws IOException {
        Path pointer = roundDir.resolve(RunLayout.SHARED_FROM);
        boolean own = Files.exists(roundDir.resolve("checkpoints").resolve("latest"));
        return own || !Files.exists(pointer) ? roundDir : Path.of(Files.readString(pointer).strip());
    }

    /** The round's final checkpoint (through {@code shared-from.txt} for a reused round 0), or null. */
    static Path checkpoint(Path roundDir) throws ListkitException, IOException {
        Path dir = modelDir(roundDir);
        return Files.exists(dir.resolve("checkpoints").resolve("latest")) ? CheckpointWeights.latest(dir) : null;
    }
}
