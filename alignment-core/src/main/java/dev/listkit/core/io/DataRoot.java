package dev.listkit.core.io;

import java.nio.file.Path;

/**
 * Where real datasets live. Resolution order: system property {@code listkit.dataRoot}, environment
 * variable {@code LIST_DATA_ROOT}, then {@code ../shared/data} relative to the working directory.
 */
public final class DataRoot {
    /** System property that overrides the data root. */
    public static final String PROPERTY = "listkit.dataRoot";
    /** Environment variable that overrides the data root. */
    public static final String ENV = "LIST_DATA_ROOT";

    private DataRoot() {
    }

    /** The configured data root, absolute and normalised (it may not exist). */
    public static Path get() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            p = "../shared/data";
        }
        return Path.of(p).toAbsolutePath().normalize();
    }
}
