package dev.listkit.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pretrained model files under the models root: system property {@value #PROPERTY} (set by the parent POM),
 * then {@code $}{@value #ENV}, then {@code ../shared/models}. Skipped locally when absent, a failure when
 * {@code CI=true}. (Test-only: the product's own models-root setting belongs to issue 16's frozen encoder.)
 */
public final class TestModels {
    /** System property naming the models root. */
    public static final String PROPERTY = "listkit.modelsRoot";
    /** Environment variable naming the models root. */
    public static final String ENV = "LISTKIT_MODELS";

    private TestModels() {
    }

    /** The models root, absolute and normalised (it may not exist). */
    public static Path root() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            p = "../shared/models";
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    /** The file {@code relative} under {@link #root()}, which must exist on CI. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        boolean present = Files.isRegularFile(p);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(present, "model file missing on CI: " + p);
        } else {
            assumeTrue(present, "model file not found (set -D" + PROPERTY + " or $" + ENV + "): " + p);
        }
        return p;
    }
}
