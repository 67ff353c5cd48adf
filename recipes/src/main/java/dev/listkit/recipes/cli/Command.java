package dev.listkit.recipes.cli;

import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One {@code listkit} subcommand. Results go to {@code out} (what a script reads: JSON, a path, a listing);
 * everything else (progress, summaries, warnings) goes to the log, which writes to stderr.
 */
public interface Command {
    /** Name on the command line. */
    String name();

    /** One line for the command list. */
    String summary();

    /** Options besides {@code --help}. */
    Options options();

    /**
     * The words that may follow the command name ({@code eval zeroshot}); empty when there are none. Each has
     * its own help ({@code listkit eval zeroshot --help}) and options.
     */
    default List<String> kinds() {
        return List.of();
    }

    /** The options of one kind (default: {@link #options()}). */
    default Options options(String kind) {
        return options();
    }

    /** One line about one kind (default: {@link #summary()}). */
    default String summary(String kind) {
        return summary();
    }

    /**
     * Runs the command. A kind, when given, is the first of {@code cl.getArgList()}.
     *
     * @return the exit status: 0 ok, 1 failure
     * @throws UsageException for bad usage (exit 2)
     * @throws Exception      any other failure (exit 1, message printed; a ConfigException exits 2)
     */
    int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception;
}
