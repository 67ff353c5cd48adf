package dev.listkit.recipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.features.FeatureCache;
import dev.listkit.core.features.FeatureIndex;
import dev.listkit.core.io.DataRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code listkit features} on the real ESC-50 clips. */
class FeaturesCommandTest {
    @TempDir
    Path tmp;

    static Path esc50;

    @BeforeAll
    static void data() {
        esc50 = DataRoot.get().resolve("esc50");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(esc50), "no data at " + esc50);
        }
    }

    @Test
    void computesThenReusesTheCache() throws Exception {
        Path out = tmp.resolve("cache");
        String[] args = {"features", "--dataset", "esc50", "--data-root", DataRoot.get().toString(),
            "--dataset-option", "folds=2", "--preset", "default-16k", "--set", "clipSeconds=2", "--out", out.toString()};
        ListkitTest.Result first = ListkitTest.run(args);
        assertEquals(Listkit.OK, first.status(), first.err());
        assertTrue(first.err().contains("11 computed, 0 reused, 0 failed"), first.err());
        assertEquals(out.resolve("index.json").toAbsolutePath().toString(), first.out().strip(),
                "stdout holds the result only: the cache index");
        FeatureIndex index = FeatureCache.readIndex(out);
        assertEquals(11, index.entries().size());
        // 2 s at 16 kHz, hop 160, centred: 1 + 32000/160 = 201 frames of 64 mels.
        assertEquals(201, FeatureCache.load(out, index.entries().get(0)).shape()[2]);

        ListkitTest.Result second = ListkitTest.run(args);
        assertEquals(Listkit.OK, second.status(), second.err());
        assertTrue(second.err().contains("0 computed, 11 reused"), second.err());
    }

    @Test
    void badFilesAreSummarisedAndOnlyAllBadFails() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Files.copy(esc50.resolve("audio/2-103426-A-3.wav"), media.resolve("good.wav"));
        Files.write(media.resolve("broken.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2});
        ListkitTest.Result r = ListkitTest.run("features", "--dataset", "folder", "--dataset-dir", media.toString(),
                "--modality", "audio", "--set", "clipSeconds=1", "--out", tmp.resolve("c1").toString());
        assertEquals(Listkit.OK, r.status(), r.err());
        assertTrue(r.err().contains("1 computed, 0 reused, 1 failed"), r.err());
        assertTrue(r.err().contains("broken.wav"), r.err());

        Files.delete(media.resolve("good.wav"));
        ListkitTest.Result all = ListkitTest.run("features", "--dataset", "folder", "--dataset-dir", media.toString(),
                "--modality", "audio", "--out", tmp.resolve("c2").toString());
        assertEquals(Listkit.FAILURE, all.status(), all.out());
    }

    @Test
    void unknownPresetIsAnErrorListingPresets() {
        ListkitTest.Result r = ListkitTest.run("features", "--dataset", "esc50", "--preset", "nope",
                "--out", tmp.resolve("c").toString());
        assertEquals(Listkit.USAGE, r.status(), "a configuration error");
        assertTrue(r.err().contains("nope") && r.err().contains("laion-clap"), r.err());
    }
}
