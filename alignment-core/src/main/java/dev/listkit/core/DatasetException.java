package dev.listkit.core;

import java.nio.file.Path;

/**
 * A dataset description (CSV, JSONL manifest, folder layout) is malformed or unsafe, e.g. a manifest
 * path that escapes the dataset root. The message starts with the file (and line where known).
 */
public class DatasetException extends ListkitException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    public DatasetException(Path path, String reason) {
        super(path + ": " + reason);
        this.path = path;
    }

    public DatasetException(Path path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
