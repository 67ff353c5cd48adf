package dev.listkit.datasets;

import dev.listkit.core.io.DataRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the shared real data; skips only outside CI when it is absent. */
public final class RealData {
    private RealData() {
    }

    /** {@code <data root>/<name>}; under CI=true a missing folder fails the test instead of skipping it. */
    public static Path dir(String name) {
        Path p = DataRoot.get().resolve(name);
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(p), "real data not found at " + p);
        }
        return p;
    }
}
