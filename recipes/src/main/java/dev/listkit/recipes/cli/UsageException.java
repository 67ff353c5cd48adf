package dev.listkit.recipes.cli;

/** Wrong command-line usage; the program exits with status 2. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
