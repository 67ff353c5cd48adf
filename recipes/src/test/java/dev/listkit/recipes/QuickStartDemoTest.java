package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.io.ModelsRoot;
import dev.listkit.core.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start as CI runs it: {@code scripts/demo.sh --no-build} in a separate process with the
 * program on this test's class path, stdout and stderr redirected to files (no terminal), as a user's
 * {@code scripts/demo.sh > out 2> err} would. Checks the exit status, that stdout holds the results only (the
 * run directory, the zero-shot JSON, the report path), that stderr holds time-stamped log lines only (no ANSI
 * codes or carriage returns, one final line per progress bar, no PyTorch deprecation warning), and the files
 * the README lists, including the build's provenance.
 */
class QuickStartDemoTest {
    @TempDir
    Path tmp;

    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d (INFO|WARN|ERROR|DEBUG) .*");

    @Test
    void theDemoRunsEndToEndWithResultsOnStdoutAndLogLinesOnStderr() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("esc50"))
                    && Files.isDirectory(ModelsRoot.current().resolve("efficientat-mn04")), "no data or models");
        }
        Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path script = repo.resolve("scripts/demo.sh");
        assertTrue(Files.isExecutable(script), script.toString());
        // The listkit command the demo calls: this JVM's java and class path (the jar is built after the tests).
        Path listkit = tmp.resolve("listkit");
        Files.writeString(listkit, "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin",
                "java") + "' -Dai.djl.pytorch.num_interop_threads=1 -cp '" + System.getProperty("java.class.path")
                + "' dev.listkit.recipes.cli.Listkit \"$@\"\n");
        Files.setPosixFilePermissions(listkit, PosixFilePermissions.fromString("rwx------"));
        Path run = tmp.resolve("demo");
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--no-build").directory(repo.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("LISTKIT", listkit.toString());
        pb.environment().put("DEMO_DIR", run.toString());
        pb.environment().put("DEMO_CACHE", tmp.resolve("cache").toString());
        pb.environment().put("LIST_DATA_ROOT", DataRoot.get().toAbsolutePath().toString());
        pb.environment().put(ModelsRoot.ENV, ModelsRoot.current().toAbsolutePath().toString());
        pb.environment().remove("TERM");
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.MINUTES), "the demo did not finish");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "stdout:\n" + stdout + "\nstderr:\n" + stderr);

        // stdout: the run directory (train), the zero-shot JSON (eval), the report's index.html (report).
        List<String> lines = stdout.lines().toList();
        assertEquals(run.toAbsolutePath().toString(), lines.get(0), stdout);
        assertEquals(run.resolve("report/index.html").toAbsolutePath().toString(), lines.get(lines.size() - 1),
                stdout);
        JsonNode zs = Json.MAPPER.readTree(String.join("\n", lines.subList(1, lines.size() - 1)));
        assertEquals(zs, Json.MAPPER.readTree(run.resolve("zeroshot.json").toFile()), "tee'd to RUN/zeroshot.json");
        for (String set : List.of("ms-clap", "esc50")) {
            JsonNode r = zs.get("results").get("esc50-folds-4/" + set);
            assertEquals(400, r.get("count").asInt(), zs.toString());
            assertEquals(50, r.get("classes").asInt(), zs.toString());
        }

        // stderr: time-stamped log lines and nothing else.
        assertFalse(stderr.contains("\u001b") || stderr.contains("\r"), "no ANSI codes or carriage returns");
        assertFalse(stderr.contains("AutoNonVariableTypeMode"), "PyTorch's deprecation warning is not triggered");
        for (String line : stderr.lines().toList()) {
            assertTrue(LOG_LINE.matcher(line).matches(), "not a log line on stderr: '" + line + "'");
        }
        assertEquals(1, count(stderr, " INFO train: 100/100 steps in "), "one final line for the training bar");
        assertEquals(0, count(stderr, "train: 100/100 steps ("), "no 100 % progress line before the final one");
        assertTrue(count(stderr, "features esc50: 400/400 samples, 400 reused in ") >= 1,
                "eval reuses the cached features and says so: " + stderr);
        assertTrue(stderr.contains(" INFO zero-shot esc50/default: top-1 "), "training evaluates with the"
                + " modality's own prompts");

        // The files of the quick start.
        for (String f : List.of("recipe.json", "provenance.json", "metrics.jsonl", "report.json",
                "eval/zeroshot-esc50-default.json", "eval/zeroshot-esc50-folds-4-ms-clap.json",
                "eval/captions-heldout-scores.json", "training-loss.png", "report/index.html")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        JsonNode provenance = Json.MAPPER.readTree(run.resolve("provenance.json").toFile());
        for (String key : List.of("listkitVersion", "gitRevision", "djl", "pytorch", "onnxRuntime", "java", "os",
                "cpus", "threads")) {
            assertTrue(provenance.hasNonNull(key) && !provenance.get(key).asText().isBlank(), key + ": " + provenance);
        }
        assertTrue(provenance.get("threads").asText().contains("PyTorch intra-op 1"), "--engine-threads 1");
        assertEquals(100, Json.MAPPER.readTree(run.resolve("report.json").toFile()).get("steps").asInt());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
