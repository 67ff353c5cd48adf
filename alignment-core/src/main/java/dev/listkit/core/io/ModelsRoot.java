package dev.listkit.core.io;

import dev.listkit.core.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where pretrained model files (frozen ONNX towers and their label files) are read from, like the data
 * root: the system property {@value #PROPERTY} (set by the command-line option {@code --models-root} and by
 * the build for tests), else the environment variable {@value #ENV}, else {@code ../shared/models}.
 * Relative model paths in recipes are resolved against it; absolute ones are used as they are.
 */
public final class ModelsRoot {
    /** System property naming the models root. */
    public static final String PROPERTY = "listkit.modelsRoot";
    /** Environment variable naming the models root. */
    public static final String ENV = "LISTKIT_MODELS";
    /** The default, relative to the working directory. */
    public static final String DEFAULT = "../shared/models";

    private ModelsRoot() {
    }

    /** The configured root (absolute, normalised; it may not exist). */
    public static Path current() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            p = DEFAULT;
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    /** Where the current root came from, for error messages. */
    public static String source() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return "--models-root / -D" + PROPERTY;
        }
        p = System.getenv(ENV);
        return p != null && !p.isBlank() ? "$" + ENV : "the default " + DEFAULT;
    }

    /**
     * Resolves a model file named in a recipe.
     *
     * @param file a path, absolute or relative to the models root
     * @param what what the file is, for messages (e.g. {@code "onnx encoder model"})
     * @throws ConfigException the root (for a relative path) or the file does not exist; the message names
     *     the file, the root and where the root setting came from
     */
    public static Path resolve(String file, String what) throws ConfigException {
        Path f = Path.of(file);
        if (f.isAbsolute()) {
            Path n = f.normalize();
            if (!Files.isRegularFile(n)) {
                throw new ConfigException(what + " " + n + " not found: expected a file");
            }
            return n;
        }
        Path root = current();
        if (!Files.isDirectory(root)) {
            throw new ConfigException("models root " + root + " (from " + source() + ") does not exist: expected a "
                    + "directory holding " + file + "; set --models-root or $" + ENV);
        }
        Path n = root.resolve(f).normalize();
        if (!Files.isRegularFile(n)) {
            throw new ConfigException(what + " " + n + " not found: expected a file '" + file + "' under the models "
                    + "root " + root + " (from " + source() + ")");
        }
        return n;
    }
}
