package dev.listkit.recipes.cli;

import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.engine.EngineJob;
import dev.listkit.core.engine.EngineJobs;
import dev.listkit.core.engine.EngineRunner;
import dev.listkit.core.engine.EngineRunners;
import dev.listkit.core.engine.EngineSummary;
import dev.listkit.core.inference.ort.OrtOptions;
import dev.listkit.core.io.DirectoryLock;
import dev.listkit.core.inference.runtime.InferenceModels;
import dev.listkit.core.util.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code listkit engine --pool pool.jsonl --model DIR --recipe NAME --seed S --round R --out DIR}: one round
 * of the data engine over a pool manifest, with the recipe's modality, captioner, refiners and filters and
 * the self-training loop's seed convention. {@code --runner local} (default) runs in this process;
 * {@code --runner spark} needs the engine-spark module on the class path.
 */
final class EngineCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(EngineCommand.class);

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String summary() {
        return "run one data-engine round (caption, refine, filter) over a pool manifest, locally or on Spark";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("pool").hasArg().argName("FILE").required()
                .desc("pool manifest: JSONL of {id, source, media, metadata, failure} (the self-training loop writes"
                        + " runs/<recipe>/arms/list/seed-<s>/pool.jsonl)").build());
        o.addOption(Option.builder().longOpt("model").hasArg().argName("DIR").required()
                .desc("an exported model directory ('listkit export') or a training run").build());
        o.addOption(Option.builder().longOpt("scorer").hasArg().argName("DIR")
                .desc("a separate model that reranks and scores the captions (e.g. the paired-only model of the"
                        + " same seed); default: the captioning model").build());
        o.addOption(Option.builder().longOpt("runtime").hasArg().argName("djl|onnx")
                .desc("inference runtime (default: onnx for a model directory, djl for a run)").build());
        o.addOption(Option.builder().longOpt("ort-threads").hasArg().argName("N")
                .desc("ONNX Runtime intra-op threads per open model (default: 1; the shards run in parallel instead,"
                        + " see --threads; 0 = ONNX Runtime's choice)").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("local runner: shards processed at once, sharing the open model (default: all cores)").build());
        o.addOption(Option.builder().longOpt("ort-cpu").desc("never try the CUDA execution provider").build());
        o.addOption(Option.builder().longOpt("recipe").hasArg().argName("NAME|FILE").required()
                .desc("self-training recipe: modality and selfTraining.engine (captioner, refiners, filters)").build());
        o.addOption(Option.builder().longOpt("set").hasArg().argName("PATH=VALUE")
                .desc("override a recipe value, repeatable, e.g. selfTraining.engine.shardSize=128").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("S").required()
                .desc("experiment seed (the round seed is S * 7919 + R, as in the self-training loop)").build());
        o.addOption(Option.builder().longOpt("round").hasArg().argName("R").desc("round number (default 1)").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                .desc("round directory: shards/, manifest.jsonl, summary.json (finished shards are reused)").build());
        o.addOption(Cli.forceUnlockOption());
        o.addOption(Option.builder().longOpt("runner").hasArg().argName("ID")
                .desc("local (default) or spark (engine-spark module on the class path)").build());
        o.addOption(Option.builder().longOpt("master").hasArg().argName("URL")
                .desc("Spark master, e.g. local[*] (default: spark-submit's, else local[*])").build());
        o.addOption(Option.builder().longOpt("cache-dir").hasArg().argName("DIR")
                .desc("feature, text-embedding and engine caches (default: cache)").build());
        o.addOption(Option.builder().longOpt("data-root").hasArg().argName("DIR")
                .desc("base of relative media paths (default: $LIST_DATA_ROOT or ../shared/data)").build());
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        List<String> overrides = cl.hasOption("set") ? Arrays.asList(cl.getOptionValues("set")) : List.of();
        Recipe recipe = Recipes.load(cl.getOptionValue("recipe"), overrides);
        EngineJobs.engineSection(recipe); // fails early, naming the recipe, when it has no data engine
        String runtime = cl.getOptionValue("runtime", "auto");
        if (!InferenceModels.RUNTIMES.contains(runtime)) {
            throw new UsageException("--runtime must be djl or onnx, got '" + runtime + "'");
        }
        long seed;
        try {
            seed = Long.parseLong(cl.getOptionValue("seed"));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be an integer, got '" + cl.getOptionValue("seed") + "'");
        }
        int round = Cli.intOption(cl, "round", 1, 1);
        OrtOptions ort = new OrtOptions(Cli.intOption(cl, "ort-threads", 1, 0), "all", !cl.hasOption("ort-cpu"))
                .validate();
        int workers = Cli.intOption(cl, "threads", Runtime.getRuntime().availableProcessors(), 1);
        EngineRunner runner;
        try {
            runner = EngineRunners.find(cl.getOptionValue("runner", "local"));
        } catch (ConfigException e) {
            throw new UsageException("--runner: " + e.getMessage());
        }
        Path outDir = Path.of(cl.getOptionValue("out")).toAbsolutePath();
        EngineJob job = new EngineJob(Path.of(cl.getOptionValue("pool")).toAbsolutePath().toString(),
                Path.of(cl.getOptionValue("model")).toAbsolutePath().toString(), runtime, ort.threads(),
                ort.optimization(), ort.cuda(), Json.write(recipe), seed, round, outDir.toString(),
                RunOptions.dataRoot(cl).toString(), RunOptions.cacheDir(cl).toAbsolutePath().toString(),
                cl.getOptionValue("master"), true, workers, cl.hasOption("scorer")
                        ? Path.of(cl.getOptionValue("scorer")).toAbsolutePath().toString() : null);
        LOG.info("engine: runner {}, recipe {}, seed {}, round {} (round seed {})", runner.id(), recipe.name(), seed,
                round, job.roundSeed());
        DirectoryLock lock = Cli.lock(cl, outDir, name()); // one writer per round directory
        try {
            EngineSummary summary = runner.run(job);
            out.println(Json.writePretty(summary)); // the result: the round's summary.json
            LOG.info("round directory: {}", outDir);
            return Listkit.OK;
        } finally {
            lock.close();
        }
    }
}
