package dev.listkit.core;

import java.nio.file.Path;

/**
 * A media file (audio clip, image, ...) could not be read or decoded. The message always starts
 * with the path, followed by a one-line reason, e.g. {@code clip.wav: truncated data chunk}.
 */
public class MediaException extends ListkitException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;
    private final String reason;

    public MediaException(Path path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public MediaException(Path path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** The file that failed. */
    public Path path() {
        return path;
    }

    /** The reason without the path. */
    public String reason() {
        return reason;
    }
}
