package dev.listkit.recipes.cli;

import dev.listkit.core.ConfigException;
import dev.listkit.core.io.ModelsRoot;
import dev.listkit.core.util.BuildInfo;
import dev.listkit.core.util.Suggestions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * The {@code listkit} program. Results (JSON, a path, a listing) go to stdout, everything else (progress,
 * log lines with time stamps, errors) to stderr, so {@code listkit eval ... | jq} works. Exit status: 0 ok,
 * 1 failure, 2 usage or configuration error (unknown command, option, recipe key, dataset...).
 *
 * <pre>
 * listkit recipes
 * listkit -q eval zeroshot --run runs/X --dataset esc50 --dataset-option folds=4 | jq .
 * listkit features --dataset esc50 --preset laion-clap --out cache/esc50-laion
 * </pre>
 */
public final class Listkit {
    /** Exit status for success. */
    public static final int OK = 0;
    /** Exit status for a failed run. */
    public static final int FAILURE = 1;
    /** Exit status for a usage or configuration error. */
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** The program with its built-in commands. */
    public Listkit() {
        for (Command c : List.of(new RecipesCommand(), new ModalitiesCommand(), new DatasetsCommand(),
                new FeaturesCommand(), new TrainCommand(), new EvalCommand(), new CaptionCommand(), new EmbedCommand(),
                new ExportCommand(), new EngineCommand(), new ReportCommand())) {
            commands.put(c.name(), c);
        }
    }

    public static void main(String[] args) {
        ConsoleLogging.configure(args); // before any logger exists
        System.exit(new Listkit().run(args, System.out, System.err));
    }

    /** Runs with explicit streams (used by tests); returns the exit status. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty() && (ConsoleLogging.QUIET.contains(rest.get(0))
                || ConsoleLogging.VERBOSE.contains(rest.get(0)))) {
            rest.remove(0); // global flags before the command (applied by main)
        }
        if (rest.isEmpty()) {
            printUsage(err);
            return USAGE;
        }
        String first = rest.remove(0);
        switch (first) {
            case "--version", "-V", "version" -> {
                out.println(versionText());
                return OK;
            }
            case "--help", "-h", "help" -> {
                if (rest.isEmpty()) {
                    printUsage(out);
                    return OK;
                }
                first = rest.remove(0); // "help train" = "train --help"
                rest.add("--help");
            }
            default -> {
            }
        }
        Command c = commands.get(first);
        if (c == null) {
            err.println("listkit: unknown command '" + first + "'" + Suggestions.didYouMean(first, commands.keySet())
                    + "; commands: " + String.join(", ", commands.keySet()) + " (listkit --help)");
            return USAGE;
        }
        String kind = null;
        if (!c.kinds().isEmpty() && !rest.isEmpty() && !rest.get(0).startsWith("-")) {
            kind = rest.get(0);
            if (!c.kinds().contains(kind)) {
                err.println("listkit " + c.name() + ": unknown kind '" + kind + "'"
                        + Suggestions.didYouMean(kind, c.kinds()) + "; one of " + c.kinds());
                return USAGE;
            }
        }
        Options options = kind == null ? c.options() : c.options(kind);
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        options.addOption(Option.builder().longOpt("models-root").hasArg().argName("DIR")
                .desc("pretrained models of frozen (onnx) encoders (default: $" + ModelsRoot.ENV + " or "
                        + ModelsRoot.DEFAULT + ")").build());
        options.addOption(Option.builder("q").longOpt("quiet").desc("log warnings and errors only (no progress)")
                .build());
        options.addOption(Option.builder("v").longOpt("verbose").desc("log debug lines too").build());
        if (rest.contains("--help") || rest.contains("-h")) {
            printHelp(c, kind, options, out);
            return OK;
        }
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options, rest.toArray(String[]::new));
        } catch (ParseException e) {
            err.println("listkit " + c.name() + (kind == null ? "" : " " + kind) + ": " + e.getMessage()
                    + optionSuggestion(e, options));
            err.println("(listkit " + c.name() + (kind == null ? "" : " " + kind) + " --help for the options)");
            return USAGE;
        }
        String modelsRoot = System.getProperty(ModelsRoot.PROPERTY);
        try {
            if (cl.hasOption("models-root")) { // read through ModelsRoot wherever a recipe names a model file
                System.setProperty(ModelsRoot.PROPERTY, Path.of(cl.getOptionValue("models-root")).toAbsolutePath()
                        .toString());
            }
            return c.run(cl, out, err);
        } catch (UsageException | ConfigException e) {
            err.println("listkit " + c.name() + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("listkit " + c.name() + ": error: " + e.getMessage());
            if (System.getenv("LISTKIT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return FAILURE;
        } finally {
            if (modelsRoot == null) {
                System.clearProperty(ModelsRoot.PROPERTY);
            } else {
                System.setProperty(ModelsRoot.PROPERTY, modelsRoot);
            }
        }
    }

    /** {@code listkit 0.1.0 (git ...)} and the libraries it was built with. */
    static String versionText() {
        BuildInfo b = BuildInfo.current();
        return b.versionLine() + System.lineSeparator()
                + "DJL " + b.djl() + " (PyTorch " + b.pytorch() + ", CPU), ONNX Runtime " + b.onnxRuntime() + " ("
                + b.onnxRuntimeArtifact() + ")" + System.lineSeparator()
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    private static String optionSuggestion(ParseException e, Options options) {
        if (!(e instanceof UnrecognizedOptionException u) || !u.getOption().startsWith("--")) {
            return "";
        }
        String typed = u.getOption().substring(2);
        int eq = typed.indexOf('=');
        List<String> names = options.getOptions().stream().map(Option::getLongOpt).filter(n -> n != null).toList();
        return Suggestions.closest(eq > 0 ? typed.substring(0, eq) : typed, names)
                .map(s -> " (did you mean '--" + s + "'?)").orElse("");
    }

    private void printUsage(PrintStream s) {
        s.println("usage: listkit [-q|-v] <command> [options]   (listkit <command> --help for details)");
        s.println();
        s.println("commands:");
        for (Command c : commands.values()) {
            s.printf("  %-12s %s%n", c.name(), c.summary());
        }
        s.println();
        s.println("  -q, --quiet    log warnings and errors only;  -v, --verbose    log debug lines too");
        s.println("  --version      listkit's version, git revision and library versions");
        s.println("Results go to stdout, log lines to stderr. Exit status: 0 ok, 1 failure, 2 usage error.");
    }

    private static void printHelp(Command c, String kind, Options options, PrintStream s) {
        PrintWriter w = new PrintWriter(s);
        String usage = "listkit " + c.name() + (kind != null ? " " + kind
                : c.kinds().isEmpty() ? "" : " " + String.join("|", c.kinds())) + " [options]";
        String footer = kind == null && !c.kinds().isEmpty()
                ? "\nEach of " + String.join(", ", c.kinds()) + " has its own options: listkit " + c.name() + " "
                        + c.kinds().get(0) + " --help" : "";
        new HelpFormatter().printHelp(w, 100, usage, kind == null ? c.summary() : c.summary(kind), options, 2, 2,
                footer, false);
        w.flush();
    }
}
