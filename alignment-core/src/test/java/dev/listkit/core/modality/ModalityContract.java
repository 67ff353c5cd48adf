package dev.listkit.core.modality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every modality plugin must pass. A plugin's test extends this class and supplies a
 * config, a few valid media files and ways to make bad ones; the tests here check discovery, shapes,
 * determinism, augmentation and bad-input errors.
 *
 * <pre>{@code
 * class AudioContractTest extends ModalityContract {
 *     protected String modalityId() { return "audio"; }
 *     protected JsonNode config() { ... }
 *     protected List<Path> validMedia(Path tmp) { ... }
 *     protected Path truncatedMedia(Path tmp) { ... }
 * }
 * }</pre>
 */
public abstract class ModalityContract {
    @TempDir
    protected Path tmp;

    /** The provider id under test. */
    protected abstract String modalityId();

    /** A valid configuration for {@link ModalityProvider#create}. */
    protected abstract JsonNode config() throws Exception;

    /** At least two valid, different media files (real or generated into {@code dir}). */
    protected abstract List<Path> validMedia(Path dir) throws Exception;

    /** A file with the right extension whose content is cut short or corrupt. */
    protected abstract Path corruptMedia(Path dir) throws Exception;

    private Modality create() throws Exception {
        return ModalityRegistry.create(modalityId(), config());
    }

    @Test
    void providerIsFoundByServiceLoader() throws Exception {
        ModalityProvider p = ModalityRegistry.provider(modalityId());
        assertEquals(modalityId(), p.id());
        assertFalse(p.description().isBlank(), "description must not be blank");
        assertFalse(p.presets().isEmpty(), "a provider offers at least one preset");
    }

    @Test
    void unknownModalityListsInstalledIds() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModalityRegistry.provider("no-such-modality"));
        assertTrue(e.getMessage().contains(modalityId()), e.getMessage());
    }

    @Test
    void unknownConfigKeyIsAnErrorNamingTheKey() throws Exception {
        ObjectNode bad = ((ObjectNode) config().deepCopy()).put("noSuchKeyXyz", 1);
        ConfigException e = assertThrows(ConfigException.class, () -> ModalityRegistry.create(modalityId(), bad));
        assertTrue(e.getMessage().contains("noSuchKeyXyz"), e.getMessage());
    }

    @Test
    void unknownPresetIsAnErrorListingPresets() throws Exception {
        ObjectNode bad = Json.object().put("preset", "no-such-preset");
        ConfigException e = assertThrows(ConfigException.class, () -> ModalityRegistry.create(modalityId(), bad));
        assertTrue(e.getMessage().contains("no-such-preset"), e.getMessage());
        String first = ModalityRegistry.provider(modalityId()).presets().get(0);
        assertTrue(e.getMessage().contains(first), "error should list presets: " + e.getMessage());
    }

    @Test
    void everyPresetCreatesAModality() throws Exception {
        for (String preset : ModalityRegistry.provider(modalityId()).presets()) {
            Modality m = ModalityRegistry.create(modalityId(), Json.object().put("preset", preset));
            assertEquals(modalityId(), m.id());
            assertTrue(m.sampleShape().length >= 1, preset);
        }
    }

    @Test
    void loadGivesTheDeclaredShapeDeterministically() throws Exception {
        Modality m = create();
        List<Path> files = validMedia(tmp);
        assertTrue(files.size() >= 2, "supply at least two valid files");
        FloatTensor first = null;
        for (Path f : files) {
            FloatTensor a = m.load(f);
            FloatTensor b = m.load(f);
            assertArrayEquals(m.sampleShape(), a.shape(), "shape of " + f);
            assertEquals(a, b, "load must be deterministic for " + f);
            for (float v : a.data()) {
                assertTrue(Float.isFinite(v), "non-finite value from " + f);
            }
            if (first == null) {
                first = a;
            } else {
                assertNotEquals(first, a, "different files should give different tensors");
            }
        }
    }

    @Test
    void loadIsThreadSafe() throws Exception {
        Modality m = create();
        List<Path> files = validMedia(tmp);
        FloatTensor expected = m.load(files.get(0));
        List<FloatTensor> results = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                try {
                    results.add(m.load(files.get(0)));
                } catch (MediaException e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(threads.length, results.size());
        results.forEach(r -> assertEquals(expected, r));
    }

    @Test
    void augmentIsDeterministicUnderASeedAndKeepsShape() throws Exception {
        Modality m = create();
        FloatTensor x = m.load(validMedia(tmp).get(0));
        float[] before = x.data().clone();
        FloatTensor a = m.augment(x, new SplittableRandom(42));
        FloatTensor b = m.augment(x, new SplittableRandom(42));
        assertEquals(a, b, "same seed, same augmentation");
        assertArrayEquals(m.sampleShape(), a.shape());
        assertArrayEquals(before, x.data(), "augment must not modify its input");
        boolean anyDiffers = false;
        for (int seed = 0; seed < 8 && !anyDiffers; seed++) {
            anyDiffers = !m.augment(x, new SplittableRandom(seed)).equals(x);
        }
        assertTrue(anyDiffers, "augmentation should change the sample for some seed");
    }

    @Test
    void fingerprintIsStableAndConfigSensitive() throws Exception {
        assertEquals(create().fingerprint(), create().fingerprint());
        List<String> presets = ModalityRegistry.provider(modalityId()).presets();
        if (presets.size() >= 2) {
            assertNotEquals(
                    ModalityRegistry.create(modalityId(), Json.object().put("preset", presets.get(0))).fingerprint(),
                    ModalityRegistry.create(modalityId(), Json.object().put("preset", presets.get(1))).fingerprint());
        }
    }

    @Test
    void corruptFileErrorNamesTheFile() throws Exception {
        Modality m = create();
        Path bad = corruptMedia(tmp);
        MediaException e = assertThrows(MediaException.class, () -> m.load(bad));
        assertEquals(bad, e.path());
        assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
        assertFalse(e.reason().isBlank());
    }

    @Test
    void emptyFileErrorNamesTheFile() throws Exception {
        Modality m = create();
        String ext = m.fileExtensions().iterator().next();
        Path empty = Files.createFile(tmp.resolve("empty." + ext));
        MediaException e = assertThrows(MediaException.class, () -> m.load(empty));
        assertTrue(e.getMessage().contains("empty." + ext), e.getMessage());
    }

    @Test
    void missingFileAndDirectoryAreErrors() throws Exception {
        Modality m = create();
        String ext = m.fileExtensions().iterator().next();
        Path missing = tmp.resolve("missing." + ext);
        assertThrows(MediaException.class, () -> m.load(missing));
        Path dir = Files.createDirectory(tmp.resolve("dir." + ext));
        MediaException e = assertThrows(MediaException.class, () -> m.load(dir));
        assertTrue(e.getMessage().contains("dir." + ext), e.getMessage());
    }

    /** Helper for subclasses: write bytes to a file in {@code dir}. */
    protected static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
