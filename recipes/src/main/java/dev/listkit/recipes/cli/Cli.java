package dev.listkit.recipes.cli;

import org.apache.commons.cli.CommandLine;

/** Small option parsing helpers with usage errors that name the option. */
final class Cli {
    private Cli() {
    }

    /** An integer option ≥ {@code min}, or {@code dflt} when absent. */
    static int intOption(CommandLine cl, String name, int dflt, int min) throws UsageException {
        if (!cl.hasOption(name)) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(cl.getOptionValue(name));
            if (v < min) {
                throw new UsageException("--" + name + " must be >= " + min);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + cl.getOptionValue(name) + "'");
        }
    }
}
