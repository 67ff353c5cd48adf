package dev.listkit.datasets;

/**
 * One row of a metadata file cannot be used; the reader records it in {@link SkipLog} and goes on.
 * The message is the one-line reason, without file or line (the log adds them).
 */
public final class BadRowException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRowException(String reason) {
        super(reason);
    }
}
