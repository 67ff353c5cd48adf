package dev.listkit.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build of listkit is: its version, the git revision it was built from and the library versions
 * it was built against, baked in by the Maven build ({@code build.properties}, resource filtering; the
 * revision comes from {@code git rev-parse HEAD} at build time, with {@code -dirty} when tracked files had
 * uncommitted changes, and {@code unknown} outside a git checkout).
 *
 * @param version      listkit's Maven version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param gitRevision  the commit built, e.g. {@code 8737ac6...-dirty}
 * @param djl          DJL version built against
 * @param pytorch      PyTorch native library version built against
 * @param onnxRuntime  ONNX Runtime version built against
 * @param onnxRuntimeArtifact {@code onnxruntime} (CPU) or {@code onnxruntime_gpu} (built with {@code -Pgpu})
 */
public record BuildInfo(String version, String gitRevision, String djl, String pytorch, String onnxRuntime,
                        String onnxRuntimeArtifact) {
    private static final String RESOURCE = "/dev/listkit/core/build.properties";
    private static final BuildInfo CURRENT = read();

    /** This build's information (fields are {@code unknown} when the resource is missing or unfiltered). */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** {@code listkit 0.1.0-SNAPSHOT (git 8737ac6...)}. */
    public String versionLine() {
        return "listkit " + version + " (git " + gitRevision + ")";
    }

    private static BuildInfo read() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves every field "unknown"
        }
        return new BuildInfo(value(p, "version"), value(p, "gitRevision"), value(p, "djl"), value(p, "pytorch"),
                value(p, "onnxruntime"), value(p, "onnxruntimeArtifact"));
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }
}
