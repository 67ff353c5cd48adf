package dev.listkit.core.text;

import dev.listkit.core.ListkitException;

/** A text could not be tokenised or embedded: blank caption, tokenizer or model failure. */
public class TextException extends ListkitException {
    private static final long serialVersionUID = 1L;

    public TextException(String message) {
        super(message);
    }

    public TextException(String message, Throwable cause) {
        super(message, cause);
    }
}
