package dev.listkit.recipes.cli;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.inference.ort.OrtOptions;
import dev.listkit.core.inference.runtime.InferenceModels;
import dev.listkit.core.io.DataRoot;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Options of commands that use a trained run: {@code --run, --cache-dir, --data-root, --threads, --out}. */
final class RunOptions {
    private static final Logger LOG = LoggerFactory.getLogger(RunOptions.class);

    private RunOptions() {
    }

    static Options add(Options o, boolean dataset) {
        o.addOption(Option.builder().longOpt("run").hasArg().argName("DIR").required()
                .desc("a training run (written by 'listkit train') or an exported model directory ('listkit export')")
                .build());
        o.addOption(Option.builder().longOpt("runtime").hasArg().argName("djl|onnx")
                .desc("inference runtime (default: onnx for an exported model directory, djl for a run)").build());
        o.addOption(Option.builder().longOpt("ort-threads").hasArg().argName("N")
                .desc("ONNX Runtime intra-op threads (default: ONNX Runtime's choice)").build());
        o.addOption(Option.builder().longOpt("ort-optimization").hasArg().argName("LEVEL")
                .desc("ONNX Runtime graph optimisation: none, basic, extended, all (default)").build());
        o.addOption(Option.builder().longOpt("ort-cpu").desc("never try the CUDA execution provider").build());
        o.addOption(Option.builder().longOpt("cache-dir").hasArg().argName("DIR")
                .desc("feature and text-embedding caches (default: cache)").build());
        o.addOption(Option.builder().longOpt("data-root").hasArg().argName("DIR")
                .desc("root of the datasets (default: $LIST_DATA_ROOT or ../shared/data)").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("preprocessing threads (default: all cores)").build());
        if (dataset) {
            o.addOption(Option.builder().longOpt("dataset").hasArg().argName("ID").required()
                    .desc("dataset reader id (see 'listkit datasets')").build());
            o.addOption(Option.builder().longOpt("dataset-dir").hasArg().argName("DIR")
                    .desc("directory under the data root (default: the reader's)").build());
            o.addOption(Option.builder().longOpt("dataset-option").hasArg().argName("KEY=VALUE")
                    .desc("reader option, repeatable, e.g. folds=4").build());
        }
        return o;
    }

    static void addStrategy(Options o) {
        o.addOption(Option.builder().longOpt("strategy").hasArg().argName("KIND")
                .desc("greedy (default), beam or nucleus").build());
        o.addOption(Option.builder().longOpt("beam").hasArg().argName("N").desc("beam size (default 4)").build());
        o.addOption(Option.builder().longOpt("top-p").hasArg().argName("P").desc("nucleus mass (default 0.9)").build());
        o.addOption(Option.builder().longOpt("temperature").hasArg().argName("T").desc("default 1.0").build());
        o.addOption(Option.builder().longOpt("candidates").hasArg().argName("K")
                .desc("captions per input for nucleus sampling (default 5)").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("S")
                .desc("sampling seed; for eval compositionality the benchmark's seed (default 0)").build());
        o.addOption(Option.builder().longOpt("max-tokens").hasArg().argName("N")
                .desc("new tokens at most (default: the decoder's length - 1)").build());
    }

    /** Opens {@code --run} with {@code --runtime}; the caller closes it. */
    static InferenceModel open(CommandLine cl) throws ListkitException, UsageException {
        String runtime = cl.getOptionValue("runtime", "auto");
        if (!InferenceModels.RUNTIMES.contains(runtime)) {
            throw new UsageException("--runtime must be djl or onnx, got '" + runtime + "'");
        }
        OrtOptions ort = new OrtOptions(Cli.intOption(cl, "ort-threads", 0, 0),
                cl.getOptionValue("ort-optimization", "all"), !cl.hasOption("ort-cpu")).validate();
        InferenceModel m = InferenceModels.open(Path.of(cl.getOptionValue("run")), runtime, cacheDir(cl), ort);
        if (m instanceof dev.listkit.core.inference.ort.OnnxModel oi) {
            LOG.info("runtime: ONNX Runtime, {} execution provider", oi.provider());
        } else {
            LOG.info("runtime: DJL (PyTorch)");
        }
        return m;
    }

    static Path cacheDir(CommandLine cl) {
        return Path.of(cl.getOptionValue("cache-dir", "cache"));
    }

    static Path dataRoot(CommandLine cl) {
        return cl.hasOption("data-root") ? Path.of(cl.getOptionValue("data-root")).toAbsolutePath() : DataRoot.get();
    }

    static Evaluations.Context context(CommandLine cl, Path outDir) throws UsageException {
        return new Evaluations.Context(dataRoot(cl), cacheDir(cl), outDir,
                Cli.intOption(cl, "threads", Runtime.getRuntime().availableProcessors(), 1));
    }

    static CaptionStrategy strategy(CommandLine cl, int defaultMaxTokens) throws UsageException, ListkitException {
        try {
            return new CaptionStrategy(cl.getOptionValue("strategy", "greedy"),
                    Integer.parseInt(cl.getOptionValue("beam", "4")), 1.0f,
                    Float.parseFloat(cl.getOptionValue("top-p", "0.9")),
                    Float.parseFloat(cl.getOptionValue("temperature", "1.0")),
                    cl.getOptionValue("strategy", "greedy").equals("nucleus")
                            ? Integer.parseInt(cl.getOptionValue("candidates", "5")) : 1,
                    Long.parseLong(cl.getOptionValue("seed", "0")),
                    Integer.parseInt(cl.getOptionValue("max-tokens", Integer.toString(defaultMaxTokens)))).validate();
        } catch (NumberFormatException e) {
            throw new UsageException("a caption option is not a number: " + e.getMessage());
        }
    }
}
