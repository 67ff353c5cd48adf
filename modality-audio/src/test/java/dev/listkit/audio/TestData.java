package dev.listkit.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.listkit.core.io.DataRoot;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real clips under the data root: skipped locally when absent, a failure when {@code CI=true}. */
public final class TestData {
    private TestData() {
    }

    /** The file {@code relative} under {@link DataRoot#get()}, which must exist on CI. */
    public static Path require(String relative) {
        Path p = DataRoot.get().resolve(relative);
        boolean present = Files.isRegularFile(p);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(present, "test data missing on CI: " + p);
        } else {
            assumeTrue(present, "test data not found (set -Dlistkit.dataRoot): " + p);
        }
        return p;
    }
}
