package dev.listkit.core;

/** A recipe, preset or option is invalid: unknown key, unknown id, out-of-range value. */
public class ConfigException extends ListkitException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
