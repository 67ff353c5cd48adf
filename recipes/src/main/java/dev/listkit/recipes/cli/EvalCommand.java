package dev.listkit.recipes.cli;

import dev.listkit.core.config.Recipe;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.util.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code listkit eval zeroshot|retrieval|captions|compositionality|probe --run DIR --dataset ID}: evaluates a
 * trained run.
 */
final class EvalCommand implements Command {
    static final List<String> KINDS = List.of("zeroshot", "retrieval", "captions", "compositionality", "probe");

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "evaluate a trained run: eval zeroshot|retrieval|captions|compositionality|probe --run DIR --dataset ID";
    }

    @Override
    public Options options() {
        Options o = RunOptions.add(new Options(), true);
        o.addOption(Option.builder().longOpt("templates").hasArg().argName("A,B")
                .desc("zeroshot: built-in template sets (default: ms-clap,laion-clap); probe: the zero-shot sets"
                        + " reported beside it (default: the run's modality's own)").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("result directory (default: RUN/eval)").build());
        RunOptions.addStrategy(o);
        CompositionalityEval.addOptions(o);
        ProbeEval.addOptions(o);
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        List<String> args = cl.getArgList();
        if (args.size() != 1 || !KINDS.contains(args.get(0))) {
            throw new UsageException("say what to evaluate: one of " + KINDS + ", got " + args);
        }
        Map<String, String> options = DataOptions.keyValues(cl.getOptionValues("dataset-option"));
        String dataset = cl.getOptionValue("dataset");
        String dir = cl.getOptionValue("dataset-dir");
        try (InferenceModel run = RunOptions.open(cl, err)) {
            Path outDir = Path.of(cl.getOptionValue("out", run.directory().resolve("eval").toString()));
            Evaluations.Context ctx = RunOptions.context(cl, outDir, err);
            Object result = switch (args.get(0)) {
                case "zeroshot" -> Evaluations.zeroShot(new Recipe.ZeroShotSpec(dataset, dir, options,
                        Arrays.asList(cl.getOptionValue("templates", "ms-clap,laion-clap").split(",")), null), run, ctx);
                case "retrieval" -> Evaluations.retrieval(dataset, dir, options, run, ctx);
                case "compositionality" -> CompositionalityEval.run(cl, dataset, dir, options, run, ctx);
                case "probe" -> ProbeEval.run(cl, dataset, dir, options, run, ctx);
                default -> {
                    SampleSets.Loaded l = SampleSets.load(dataset, dir, options, ctx.dataRoot(), run.modality(),
                            ctx.cacheDir().resolve("features"), ctx.threads(), err);
                    List<String> ids = new ArrayList<>();
                    List<dev.listkit.core.data.FloatTensor> feats = new ArrayList<>();
                    List<List<String>> refs = new ArrayList<>();
                    for (int i = 0; i < l.samples().size(); i++) {
                        if (l.samples().get(i).isPaired()) {
                            ids.add(l.samples().get(i).id());
                            feats.add(l.features().get(i));
                            refs.add(l.samples().get(i).captions());
                        }
                    }
                    if (ids.isEmpty()) {
                        throw new UsageException(dataset + " has no captions to score against");
                    }
                    yield Evaluations.captions(ids, feats, refs, run,
                            RunOptions.strategy(cl, run.recipe().model().decoder().maxLength() - 1), ctx, dataset);
                }
            };
            out.println(Json.writePretty(result));
            out.println("results in " + outDir.toAbsolutePath());
        }
        return Listkit.OK;
    }
}
