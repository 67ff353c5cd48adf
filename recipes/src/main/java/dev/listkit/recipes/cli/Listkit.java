package dev.listkit.recipes.cli;

import dev.listkit.core.io.ModelsRoot;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
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

/**
 * The {@code listkit} program. Exit status: 0 ok, 1 failure, 2 usage error.
 *
 * <pre>
 * listkit modalities
 * listkit features --dataset esc50 --preset laion-clap --out cache/esc50-laion
 * </pre>
 */
public final class Listkit {
    /** Exit status for success. */
    public static final int OK = 0;
    /** Exit status for a failed run. */
    public static final int FAILURE = 1;
    /** Exit status for a usage error. */
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** The program with its built-in commands. */
    public Listkit() {
        for (Command c : List.of(new ModalitiesCommand(), new DatasetsCommand(), new FeaturesCommand(),
                new TrainCommand(), new EvalCommand(), new CaptionCommand(), new EmbedCommand(), new ExportCommand(),
                new EngineCommand(), new ReportCommand())) {
            commands.put(c.name(), c);
        }
    }

    public static void main(String[] args) {
        System.exit(new Listkit().run(args, System.out, System.err));
    }

    /** Runs with explicit streams (used by tests); returns the exit status. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printUsage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        Command c = commands.get(args[0]);
        if (c == null) {
            err.println("listkit: unknown command '" + args[0] + "'; commands: " + String.join(", ", commands.keySet()));
            return USAGE;
        }
        Options options = c.options();
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        options.addOption(Option.builder().longOpt("models-root").hasArg().argName("DIR")
                .desc("pretrained models of frozen (onnx) encoders (default: $" + ModelsRoot.ENV + " or "
                        + ModelsRoot.DEFAULT + ")").build());
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            printHelp(c, options, out);
            return OK;
        }
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options, rest);
        } catch (ParseException e) {
            err.println("listkit " + c.name() + ": " + e.getMessage());
            printHelp(c, options, err);
            return USAGE;
        }
        if (cl.hasOption("help")) {
            printHelp(c, options, out);
            return OK;
        }
        String modelsRoot = System.getProperty(ModelsRoot.PROPERTY);
        try {
            if (cl.hasOption("models-root")) { // read through ModelsRoot wherever a recipe names a model file
                System.setProperty(ModelsRoot.PROPERTY, Path.of(cl.getOptionValue("models-root")).toAbsolutePath()
                        .toString());
            }
            return c.run(cl, out, err);
        } catch (UsageException e) {
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

    private void printUsage(PrintStream s) {
        s.println("usage: listkit <command> [options]   (listkit <command> --help for details)");
        s.println();
        s.println("commands:");
        for (Command c : commands.values()) {
            s.printf("  %-12s %s%n", c.name(), c.summary());
        }
    }

    private static void printHelp(Command c, Options options, PrintStream s) {
        PrintWriter w = new PrintWriter(s);
        new HelpFormatter().printHelp(w, 100, "listkit " + c.name() + " [options]", c.summary(), options, 2, 2, "", false);
        w.flush();
    }
}
