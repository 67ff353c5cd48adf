package dev.listkit.recipes.cli;

import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.io.DirectoryLock;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.list.PairedTrainingJob;
import dev.listkit.core.list.RunDirectory;
import dev.listkit.core.list.SelfTrainingJob;
import dev.listkit.core.list.SelfTrainingResults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code listkit train --recipe NAME|FILE}: trains and evaluates a paired CoCa recipe. */
final class TrainCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a CoCa model from a recipe (or run its LIST self-training arms), evaluate it (zero-shot, captions,"
                + " retrieval); prints the run directory";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("recipe").hasArg().argName("NAME|FILE").required()
                .desc("a built-in recipe name (see 'listkit recipes') or a recipe JSON file").build());
        o.addOption(Option.builder().longOpt("set").hasArg().argName("PATH=VALUE")
                .desc("override a recipe value, repeatable, e.g. train.totalSteps=100").build());
        o.addOption(Option.builder().longOpt("run-dir").hasArg().argName("DIR")
                .desc("output directory (default: runs/<recipe name>)").build());
        o.addOption(Option.builder().longOpt("cache-dir").hasArg().argName("DIR")
                .desc("feature and text-embedding caches, shared by runs (default: cache)").build());
        o.addOption(Option.builder().longOpt("data-root").hasArg().argName("DIR")
                .desc("root of the datasets (default: $LIST_DATA_ROOT or ../shared/data)").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("preprocessing threads (default: all cores)").build());
        o.addOption(Option.builder().longOpt("engine-threads").hasArg().argName("N")
                .desc("PyTorch intra-op threads for training (default: all cores; 1 is faster on a busy machine)")
                .build());
        o.addOption(Option.builder().longOpt("resume").desc("continue the run in --run-dir from its latest checkpoint"
                + " (finished rounds are kept); the recipe may only extend it: a larger train.totalSteps (paired"
                + " runs), selfTraining.rounds, more seeds or arms").build());
        o.addOption(Option.builder().longOpt("overwrite").desc("replace the run in --run-dir: its recipe, checkpoints,"
                + " metrics, evaluations, arms, results and report are removed first (other files are kept and"
                + " listed)").build());
        o.addOption(Cli.forceUnlockOption());
        o.addOption(Option.builder().longOpt("runner").hasArg().argName("ID")
                .desc("self-training recipes: the data engine's runner each round, local (default) or spark"
                        + " (engine-spark module on the class path); same as --set selfTraining.engine.runner=ID")
                .build());
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        List<String> overrides = new ArrayList<>(cl.hasOption("set") ? Arrays.asList(cl.getOptionValues("set"))
                : List.of());
        Recipe recipe = Recipes.load(cl.getOptionValue("recipe"), overrides);
        if (cl.hasOption("runner")) {
            if (recipe.selfTraining() == null || recipe.selfTraining().engine() == null) {
                throw new UsageException("--runner: recipe " + recipe.name() + " has no self-training data engine");
            }
            overrides.add("selfTraining.engine.runner=" + cl.getOptionValue("runner"));
            recipe = Recipes.load(cl.getOptionValue("recipe"), overrides);
        }
        Path runDir = Path.of(cl.getOptionValue("run-dir", "runs/" + recipe.name()));
        int threads = Cli.intOption(cl, "threads", Runtime.getRuntime().availableProcessors(), 1);
        int engineThreads = Cli.intOption(cl, "engine-threads", Runtime.getRuntime().availableProcessors(), 1);
        dev.listkit.core.train.EngineThreads.setIntraOp(engineThreads);
        Path dataRoot = cl.hasOption("data-root") ? Path.of(cl.getOptionValue("data-root")).toAbsolutePath()
                : DataRoot.get();
        if (cl.hasOption("resume") && cl.hasOption("overwrite")) {
            throw new UsageException("--resume and --overwrite exclude each other: continue the run, or replace it");
        }
        PairedTrainingJob.Options options = new PairedTrainingJob.Options(dataRoot, runDir,
                Path.of(cl.getOptionValue("cache-dir", "cache")), threads, cl.hasOption("resume"), true);
        // One writer per run directory; 'listkit report' may write report/ meanwhile.
        DirectoryLock lock = Cli.lock(cl, runDir, name(), "report");
        try {
            try {
                if (cl.hasOption("overwrite")) {
                    RunDirectory.clear(runDir);
                }
                RunDirectory.check(runDir, recipe, cl.hasOption("resume")); // refused before any work: exit 2
            } catch (ConfigException e) {
                throw new UsageException(e.getMessage());
            }
            if (recipe.selfTraining() != null) {
                SelfTrainingResults results = SelfTrainingJob.run(recipe, options);
                LOG.info("results (results.json, results.md):{}{}", System.lineSeparator(),
                        results.markdown().strip());
                out.println(runDir.toAbsolutePath()); // the result: the run directory
                return Listkit.OK;
            }
            PairedTrainingJob.Report report = PairedTrainingJob.run(recipe, options);
            LOG.info("trained {} steps; results in {} (report.json, eval/)", report.steps(), runDir.toAbsolutePath());
            out.println(runDir.toAbsolutePath()); // the result: the run directory
            return Listkit.OK;
        } finally {
            lock.close();
        }
    }
}
