package dev.listkit.recipes.cli;

import dev.listkit.core.config.Recipe;
import dev.listkit.core.util.Json;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code listkit recipes}: the built-in recipes, one line each; {@code --print NAME|FILE [--set PATH=VALUE]}
 * prints a recipe as {@code train} would run it (overrides applied, defaults filled in, validated).
 */
final class RecipesCommand implements Command {
    @Override
    public String name() {
        return "recipes";
    }

    @Override
    public String summary() {
        return "list the built-in recipes; --print RECIPE [--set PATH=VALUE] prints one as train would run it";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("print").hasArg().argName("NAME|FILE")
                .desc("print this recipe's resolved JSON (after --set, with defaults) instead of the list").build());
        o.addOption(Option.builder().longOpt("set").hasArg().argName("PATH=VALUE")
                .desc("with --print: override a recipe value, repeatable, e.g. train.totalSteps=100").build());
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        if (!cl.getArgList().isEmpty()) {
            throw new UsageException("unexpected arguments " + cl.getArgList() + "; to show one recipe use --print "
                    + cl.getArgList().get(0));
        }
        List<String> overrides = cl.hasOption("set") ? Arrays.asList(cl.getOptionValues("set")) : List.of();
        if (cl.hasOption("print")) {
            out.println(Json.writePretty(Recipes.load(cl.getOptionValue("print"), overrides)));
            return Listkit.OK;
        }
        if (!overrides.isEmpty()) {
            throw new UsageException("--set applies to --print RECIPE");
        }
        for (String name : Recipes.BUILT_IN) {
            Recipe r = Recipes.load(name, List.of());
            out.printf("%-26s %-7s %-13s %s%n", name, r.modality().id(),
                    r.selfTraining() != null ? "self-training" : "paired", firstSentence(r.description()));
        }
        return Listkit.OK;
    }

    /** The description up to its first full stop followed by a space (one line). */
    static String firstSentence(String description) {
        if (description == null) {
            return "";
        }
        String d = description.strip().replaceAll("\\s+", " ");
        int dot = d.indexOf(". ");
        return dot > 0 ? d.substring(0, dot + 1) : d;
    }
}
