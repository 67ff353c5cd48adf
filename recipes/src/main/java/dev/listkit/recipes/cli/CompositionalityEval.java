package dev.listkit.recipes.cli;

import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.eval.compositional.CompositionalityResult;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.InferenceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code listkit eval compositionality}: the hard-negative benchmark of a captioned dataset's items (taken in
 * dataset order from {@code --offset}, at most {@code --limit}), generated for {@code --seed} and scored by
 * the run's joint space. Files: {@code compositionality-<dataset>.jsonl} (the benchmark), {@code .json},
 * {@code .png}.
 */
final class CompositionalityEval {
    private CompositionalityEval() {
    }

    static void addOptions(Options o) {
        o.addOption(Option.builder().longOpt("offset").hasArg().argName("N")
                .desc("compositionality: skip the first N captioned items of the dataset (default 0), e.g. those a"
                        + " recipe's 'limit' trained on").build());
        o.addOption(Option.builder().longOpt("limit").hasArg().argName("N")
                .desc("compositionality: use at most N items (default: all)").build());
    }

    static CompositionalityResult run(CommandLine cl, String name, String dataset, String dir, Map<String, String> options,
            InferenceModel run, Evaluations.Context ctx) throws Exception {
        int offset = Cli.intOption(cl, "offset", 0, 0);
        int limit = Cli.intOption(cl, "limit", Integer.MAX_VALUE, 1);
        long seed;
        try {
            seed = Long.parseLong(cl.getOptionValue("seed", "0"));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be an integer, got '" + cl.getOptionValue("seed") + "'");
        }
        SampleSets.Loaded l = SampleSets.load(dataset, dir, options, ctx.dataRoot(), run.modality(),
                ctx.cacheDir().resolve("features"), ctx.threads());
        List<String> ids = new ArrayList<>();
        List<FloatTensor> features = new ArrayList<>();
        List<List<String>> captions = new ArrayList<>();
        int seen = 0;
        for (int i = 0; i < l.samples().size() && ids.size() < limit; i++) {
            SampleRef r = l.samples().get(i);
            if (!r.isPaired()) {
                continue;
            }
            if (seen++ < offset) {
                continue;
            }
            ids.add(r.id());
            features.add(l.features().get(i));
            captions.add(r.captions());
        }
        if (ids.isEmpty()) {
            throw new UsageException(dataset + " has no captioned items" + (offset > 0 ? " after --offset " + offset : "")
                    + " to make a compositionality benchmark from");
        }
        return Evaluations.compositionality(name, ids, features, captions, seed, run, ctx);
    }
}
