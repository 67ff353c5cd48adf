package dev.listkit.core.train;

import dev.listkit.core.ListkitException;
import java.nio.file.Path;

/**
 * A checkpoint cannot be used: its payload hash does not match (corrupt or truncated), its format is
 * unknown, or it belongs to another architecture (the message names the parameter and both shapes).
 * Nothing is loaded into the model when this is thrown.
 */
public class CheckpointException extends ListkitException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(Path path, String reason) {
        super(path + ": " + reason);
    }

    public CheckpointException(Path path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
    }
}
