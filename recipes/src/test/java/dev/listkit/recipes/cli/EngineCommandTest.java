package dev.listkit.recipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.recipes.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listkit engine} usage errors; the runs themselves (local and Spark on real clips) are tested in
 * engine-spark's {@code SparkEngineRunnerTest}.
 */
class EngineCommandTest {
    @TempDir
    Path tmp;

    private int run(StringBuilder log, String... args) {
        CliRun r = CliRun.of(args);
        log.append(r.all());
        return r.status();
    }

    @Test
    void sparkWithoutTheModuleUnknownRunnersAndMissingPoolsAreExplained() throws Exception {
        String[] base = {"engine", "--pool", tmp.resolve("pool.jsonl").toString(), "--model", tmp.toString(),
            "--recipe", "esc50-list", "--seed", "1", "--out", tmp.resolve("out").toString()};
        StringBuilder spark = new StringBuilder();
        assertEquals(Listkit.USAGE, run(spark, concat(base, "--runner", "spark")), spark.toString());
        assertTrue(spark.toString().contains("engine-spark") && spark.toString().contains("[local]"), spark.toString());

        StringBuilder seed = new StringBuilder();
        String[] badSeed = base.clone();
        badSeed[8] = "one";
        assertEquals(Listkit.USAGE, run(seed, badSeed), seed.toString());
        assertTrue(seed.toString().contains("--seed must be an integer"), seed.toString());

        StringBuilder pool = new StringBuilder();
        assertEquals(Listkit.USAGE, run(pool, base), pool.toString());
        assertTrue(pool.toString().contains("no such pool manifest"), pool.toString());

        Files.writeString(tmp.resolve("pool.jsonl"), "{\"id\":\"a:1\",\"source\":\"a\",\"media\":\"x.wav\"}\n");
        StringBuilder paired = new StringBuilder();
        String[] pairedRecipe = base.clone();
        pairedRecipe[6] = "audio-paired-baseline";
        assertEquals(Listkit.USAGE, run(paired, pairedRecipe), paired.toString());
        assertTrue(paired.toString().contains("has no selfTraining.engine"), paired.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
