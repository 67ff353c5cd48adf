package dev.listkit.recipes.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One {@code listkit} subcommand. */
public interface Command {
    /** Name on the command line. */
    String name();

    /** One line for the command list. */
    String summary();

    /** Options besides {@code --help}. */
    Options options();

    /**
     * Runs the command.
     *
     * @return the exit status: 0 ok, 1 failure
     * @throws UsageException for bad usage (exit 2)
     * @throws Exception      any other failure (exit 1, message printed)
     */
    int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception;
}
