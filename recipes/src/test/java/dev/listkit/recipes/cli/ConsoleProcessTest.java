package dev.listkit.recipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.io.DataRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listkit -q} and {@code -v} in a process of their own (the log level is fixed when the first logger is
 * made, so it cannot be tested in this JVM), with stdout and stderr redirected to files.
 */
class ConsoleProcessTest {
    @TempDir
    Path tmp;

    private Path media;

    /** Output of one run. */
    record Proc(int status, String out, String err) {
    }

    @BeforeEach
    void media() throws Exception {
        Path esc50 = DataRoot.get().resolve("esc50");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(esc50), "no data at " + esc50);
        }
        media = Files.createDirectories(tmp.resolve("media"));
        Files.copy(esc50.resolve("audio/2-103426-A-3.wav"), media.resolve("good.wav"));
        Files.write(media.resolve("broken.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2});
    }

    private Proc listkit(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Listkit.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("TERM");
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "listkit did not finish: " + cmd);
        return new Proc(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private String[] features(String flag, String cache) {
        List<String> a = new ArrayList<>();
        if (flag != null) {
            a.add(flag);
        }
        a.addAll(List.of("features", "--dataset", "folder", "--dataset-dir", media.toString(), "--modality", "audio",
                "--set", "clipSeconds=1", "--out", tmp.resolve(cache).toString()));
        return a.toArray(String[]::new);
    }

    @Test
    void defaultQuietAndVerboseLogLevels() throws Exception {
        Proc normal = listkit(features(null, "c1"));
        assertEquals(Listkit.OK, normal.status(), normal.err());
        assertEquals(tmp.resolve("c1/index.json").toAbsolutePath().toString(), normal.out().strip());
        assertTrue(normal.err().lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d INFO features folder: 2/2 "
                + "samples in .*")), "one final progress line: " + normal.err());
        assertEquals(1, normal.err().lines().filter(l -> l.contains("features folder: ")).count(), normal.err());
        assertTrue(normal.err().contains(" WARN failed: ") && normal.err().contains("broken.wav"), normal.err());
        assertFalse(normal.err().contains("\u001b") || normal.err().contains("\r"), "no terminal codes");

        Proc quiet = listkit(features("-q", "c2"));
        assertEquals(Listkit.OK, quiet.status(), quiet.err());
        assertEquals(normal.out().replace("c1", "c2"), quiet.out(), "the same result on stdout");
        assertFalse(quiet.err().contains(" INFO "), "-q: no info lines: " + quiet.err());
        assertTrue(quiet.err().contains(" WARN failed: "), "-q keeps warnings: " + quiet.err());

        Proc verbose = listkit(features("--verbose", "c3"));
        assertEquals(Listkit.OK, verbose.status(), verbose.err());
        assertTrue(verbose.err().contains(" INFO FeaturesCommand - "), "-v names the loggers: " + verbose.err());
    }
}
