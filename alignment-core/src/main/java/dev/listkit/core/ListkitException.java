package dev.listkit.core;

/**
 * Base of listkit's checked domain exceptions. Every subclass carries a one-line reason that names
 * the offending file, key or id, so that a batch command can print it and move on.
 */
public class ListkitException extends Exception {
    private static final long serialVersionUID = 1L;

    public ListkitException(String message) {
        super(message);
    }

    public ListkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
