package dev.listkit.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** build.properties is filtered by the Maven build: the values are real, not placeholders. */
class BuildInfoTest {
    @Test
    void theBuildBakesInVersionsAndTheGitRevision() {
        BuildInfo b = BuildInfo.current();
        assertTrue(b.version().matches("\\d+\\.\\d+\\.\\d+.*"), b.toString());
        assertTrue(b.gitRevision().matches("[0-9a-f]{40}(-dirty)?|unknown"), b.toString());
        assertEquals("0.35.1", b.djl(), "the parent POM's djl.version");
        assertTrue(b.pytorch().matches("\\d+\\.\\d+\\.\\d+"), b.toString());
        assertTrue(b.onnxRuntime().matches("\\d+\\.\\d+\\.\\d+"), b.toString());
        assertTrue(b.onnxRuntimeArtifact().startsWith("onnxruntime"), b.toString());
        assertTrue(b.versionLine().startsWith("listkit " + b.version() + " (git "), b.versionLine());
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(b.gitRevision().matches("[0-9a-f]{40}(-dirty)?"), "CI builds a git clone: " + b);
        }
    }
}
