package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.listkit.core.io.DataRoot;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates real test data; on CI ({@code CI=true}) missing data fails instead of skipping. */
final class RealData {
    private RealData() {
    }

    static Path require(String relative) {
        Path p = DataRoot.get().resolve(relative);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(Files.exists(p), "CI=true but test data is missing: " + p);
        } else {
            assumeTrue(Files.exists(p), "test data not present (skipping outside CI): " + p);
        }
        return p;
    }
}
