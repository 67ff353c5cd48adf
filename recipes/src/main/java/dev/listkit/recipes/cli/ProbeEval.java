package dev.listkit.recipes.cli;

import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.eval.PromptTemplates;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.InferenceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code listkit eval probe}: a linear probe on the run's frozen joint-space embeddings of a labelled dataset,
 * fitted on a training split and scored on a test split, beside zero-shot on the same test items. The split
 * is either a seeded one by group ({@code --split 0.5 --group-key src_file}: that fraction of groups trains),
 * or two readings of the dataset ({@code --dataset-option folds=1,2,3 --test-dataset-option folds=4}).
 * File: {@code probe-<dataset>.json}.
 */
final class ProbeEval {
    private ProbeEval() {
    }

    static void addOptions(Options o) {
        o.addOption(Option.builder().longOpt("split").hasArg().argName("FRACTION")
                .desc("probe: the fraction of groups (or items) that trains; the rest tests (default 0.5)").build());
        o.addOption(Option.builder().longOpt("group-key").hasArg().argName("KEY")
                .desc("probe: metadata key whose value keeps items on one side of the split, e.g. src_file for ESC-50"
                        + " (default: the item id)").build());
        o.addOption(Option.builder().longOpt("split-seed").hasArg().argName("S")
                .desc("probe: seed of the split (default 0)").build());
        o.addOption(Option.builder().longOpt("test-dataset-option").hasArg().argName("KEY=VALUE")
                .desc("probe: read the test items with these reader options instead of --split, e.g. folds=4"
                        + " (repeatable; the training items are read with --dataset-option)").build());
        o.addOption(Option.builder().longOpt("label-key").hasArg().argName("KEY")
                .desc("probe: metadata key of the class (default: label)").build());
        o.addOption(Option.builder().longOpt("l2").hasArg().argName("X|auto")
                .desc("probe: L2 strength, or auto to choose it from 1e-8..1 on 20 % of the training groups"
                        + " (default auto)").build());
    }

    static Evaluations.ProbeReport run(CommandLine cl, String name, String dataset, String dir, Map<String, String> options,
            InferenceModel run, Evaluations.Context ctx) throws Exception {
        String labelKey = cl.getOptionValue("label-key", "label");
        String groupKey = cl.getOptionValue("group-key");
        Double l2 = l2(cl.getOptionValue("l2", "auto"));
        SampleSets.Loaded trainSet = SampleSets.load(dataset, dir, options, ctx.dataRoot(), run.modality(),
                ctx.cacheDir().resolve("features"), ctx.threads());
        SampleSets.Loaded testSet;
        if (cl.hasOption("test-dataset-option")) {
            if (cl.hasOption("split")) {
                throw new UsageException("give --split or --test-dataset-option, not both");
            }
            testSet = SampleSets.load(dataset, dir, DataOptions.keyValues(cl.getOptionValues("test-dataset-option")),
                    ctx.dataRoot(), run.modality(), ctx.cacheDir().resolve("features"), ctx.threads());
        } else {
            double fraction = fraction(cl.getOptionValue("split", "0.5"));
            long seed = Cli.intOption(cl, "split-seed", 0, 0);
            Recipe.Part first = new Recipe.Part(groupKey, fraction, seed, "first");
            Recipe.Part rest = new Recipe.Part(groupKey, fraction, seed, "rest");
            testSet = trainSet.filter(rest::contains);
            trainSet = trainSet.filter(first::contains);
        }
        List<String> classes = trainSet.dataset().classNames().stream().map(SampleSets::readableLabel).toList();
        if (classes.size() < 2) {
            throw new UsageException(dataset + " has " + classes.size() + " classes; a probe needs at least 2");
        }
        Evaluations.LabelledItems train = labelled(trainSet, classes, labelKey, groupKey, dataset);
        Evaluations.LabelledItems test = labelled(testSet, classes, labelKey, groupKey, dataset);
        return Evaluations.probe(name, classes, train, test, templates(cl, run), l2, run, ctx);
    }

    private static Evaluations.LabelledItems labelled(SampleSets.Loaded l, List<String> classes, String labelKey,
            String groupKey, String dataset) throws UsageException {
        List<FloatTensor> features = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        int[] labels = new int[l.samples().size()];
        for (int i = 0; i < labels.length; i++) {
            SampleRef r = l.samples().get(i);
            String label = r.metadata().get(labelKey);
            labels[i] = label == null ? -1 : classes.indexOf(SampleSets.readableLabel(label));
            if (labels[i] < 0) {
                throw new UsageException(dataset + ": item " + r.id() + " has no known '" + labelKey + "' (classes: "
                        + classes.size() + ")");
            }
            features.add(l.features().get(i));
            groups.add(groupKey == null ? r.id() : r.metadata().getOrDefault(groupKey, r.id()));
        }
        return new Evaluations.LabelledItems(features, labels, groups);
    }

    /** {@code --templates} sets, or the run's modality's own templates as {@code default}. */
    private static Map<String, PromptTemplates> templates(CommandLine cl, InferenceModel run) throws Exception {
        Map<String, PromptTemplates> out = new LinkedHashMap<>();
        if (cl.hasOption("templates")) {
            for (String name : Arrays.stream(cl.getOptionValue("templates").split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList()) {
                out.put(name, PromptTemplates.builtIn(name));
            }
        } else {
            out.put("default", new PromptTemplates(run.modality().id() + " default",
                    run.modality().zeroShotTemplates()));
        }
        return out;
    }

    private static Double l2(String value) throws UsageException {
        if (value.equals("auto")) {
            return null;
        }
        try {
            double v = Double.parseDouble(value);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new UsageException("--l2 must be a positive number or auto, got '" + value + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--l2 must be a positive number or auto, got '" + value + "'");
        }
    }

    private static double fraction(String value) throws UsageException {
        try {
            double v = Double.parseDouble(value);
            if (v > 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--split must be a fraction in (0, 1), got '" + value + "'");
    }
}
