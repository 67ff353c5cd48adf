package dev.listkit.recipes.cli;

import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.eval.ClassNameFile;
import dev.listkit.core.eval.PromptTemplates;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.util.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code listkit eval zeroshot|retrieval|captions|compositionality|probe --run DIR --dataset ID}: evaluates a
 * trained run. The
 * result JSON goes to stdout; files go to {@code RUN/eval} (or {@code --out}) named by kind, dataset,
 * dataset directory and options, e.g. {@code zeroshot-esc50-folds-4-ms-clap.json}. An existing file is never
 * replaced (a training-time result or an earlier evaluation): the name then gets {@code -2}, {@code -3}, ...
 */
final class EvalCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(EvalCommand.class);
    static final List<String> KINDS = List.of("zeroshot", "retrieval", "captions", "compositionality", "probe");

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "evaluate a trained run: eval zeroshot|retrieval|captions|compositionality|probe --run DIR --dataset ID"
                + " (result JSON on stdout)";
    }

    @Override
    public List<String> kinds() {
        return KINDS;
    }

    @Override
    public String summary(String kind) {
        return switch (kind) {
            case "zeroshot" -> "zero-shot classification of a labelled dataset: top-1/top-5, per-class accuracy and"
                    + " confusion matrix (JSON + PNG), once per prompt-template set; default templates: the run's"
                    + " modality's own";
            case "retrieval" -> "text <-> item retrieval over a captioned dataset: R@1/5/10 in both directions";
            case "compositionality" -> "SugarCrepe-style hard negatives made from the items' captions (WordNet"
                    + " replace/swap/add): how often the true caption scores above its hard negative";
            case "probe" -> "linear probe (multinomial L2 logistic regression, L-BFGS) on the frozen joint-space"
                    + " embeddings, with zero-shot on the same test items beside it";
            default -> "generated captions of a captioned dataset scored with BLEU-4 and CIDEr-D (overall and per"
                    + " source)";
        };
    }

    @Override
    public Options options() {
        Options o = RunOptions.add(new Options(), true);
        o.addOption(out());
        return o;
    }

    @Override
    public Options options(String kind) {
        Options o = options();
        if (kind.equals("zeroshot")) {
            o.addOption(Option.builder().longOpt("templates").hasArg().argName("A,B")
                    .desc("built-in prompt-template sets: " + String.join(", ", builtInSets())
                            + " (default: the run's modality's own templates, named 'default')").build());
            o.addOption(Option.builder().longOpt("templates-file").hasArg().argName("FILE")
                    .desc("your own templates, as CLIP_benchmark's --custom_template_file: one per line with {}"
                            + " (or {c}) for the class name, or JSON: [templates] or {dataset: [templates]}").build());
            o.addOption(Option.builder().longOpt("classnames-file").hasArg().argName("FILE")
                    .desc("class names for the prompts, as CLIP_benchmark's --custom_classname_file: one per line in"
                            + " the dataset's class order, or JSON: [names], {label: name} or {dataset: [names]}")
                    .build());
        } else if (kind.equals("captions")) {
            RunOptions.addStrategy(o);
        } else if (kind.equals("compositionality")) {
            CompositionalityEval.addOptions(o);
            o.addOption(Option.builder().longOpt("seed").hasArg().argName("S")
                    .desc("the benchmark's seed: which hard negatives are made (default 0)").build());
        } else if (kind.equals("probe")) {
            o.addOption(Option.builder().longOpt("templates").hasArg().argName("A,B")
                    .desc("built-in template sets for the zero-shot result reported beside the probe (default: the"
                            + " run's modality's own)").build());
            ProbeEval.addOptions(o);
        }
        return o;
    }

    private static Option out() {
        return Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("result directory (default: RUN/eval); existing files there are never replaced").build();
    }

    private static List<String> builtInSets() {
        try {
            return PromptTemplates.builtInNames();
        } catch (dev.listkit.core.ConfigException e) {
            return List.of();
        }
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        List<String> args = cl.getArgList();
        if (args.size() != 1 || !KINDS.contains(args.get(0))) {
            throw new UsageException("say what to evaluate: one of " + KINDS + ", got " + args
                    + " (listkit eval zeroshot --help)");
        }
        String kind = args.get(0);
        Map<String, String> options = DataOptions.keyValues(cl.getOptionValues("dataset-option"));
        String dataset = cl.getOptionValue("dataset");
        String dir = cl.getOptionValue("dataset-dir");
        try (InferenceModel run = RunOptions.open(cl)) {
            Path outDir = Path.of(cl.getOptionValue("out", run.directory().resolve("eval").toString()));
            Evaluations.Context ctx = RunOptions.context(cl, outDir);
            String label = label(dataset, dir, options);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("kind", kind);
            result.put("run", run.directory().toAbsolutePath().toString());
            result.put("dataset", dataset);
            result.put("datasetOptions", new TreeMap<>(options));
            List<String> files = new ArrayList<>();
            switch (kind) {
                case "zeroshot" -> {
                    Map<String, PromptTemplates> sets = templateSets(cl, dataset, run);
                    ClassNameFile names = cl.hasOption("classnames-file")
                            ? ClassNameFile.load(Path.of(cl.getOptionValue("classnames-file")), dataset) : null;
                    String free = freeLabel(outDir, label, l -> sets.keySet().stream()
                            .flatMap(s -> Evaluations.zeroShotFiles(l, s).stream()).toList());
                    Map<String, List<String>> prompts = new LinkedHashMap<>();
                    sets.forEach((n, t) -> prompts.put(n, t.templates()));
                    result.put("templates", prompts);
                    result.put("results", Evaluations.zeroShot(new Recipe.ZeroShotSpec(dataset, dir, options,
                            List.copyOf(sets.keySet()), null), sets, names, free, run, ctx));
                    sets.keySet().forEach(s -> files.addAll(Evaluations.zeroShotFiles(free, s)));
                }
                case "retrieval" -> {
                    SampleSets.Loaded l = load(cl, dataset, dir, options, run, ctx);
                    String free = freeLabel(outDir, label, Evaluations::retrievalFiles);
                    result.put("results", Evaluations.retrieval(free, l.features(),
                            l.samples().stream().map(SampleRef::captions).toList(), run, ctx));
                    files.addAll(Evaluations.retrievalFiles(free));
                }
                case "compositionality" -> {
                    String free = freeLabel(outDir, label, Evaluations::compositionalityFiles);
                    result.put("results", CompositionalityEval.run(cl, free, dataset, dir, options, run, ctx));
                    files.addAll(Evaluations.compositionalityFiles(free));
                }
                case "probe" -> {
                    String free = freeLabel(outDir, label, Evaluations::probeFiles);
                    result.put("results", ProbeEval.run(cl, free, dataset, dir, options, run, ctx));
                    files.addAll(Evaluations.probeFiles(free));
                }
                default -> {
                    SampleSets.Loaded l = load(cl, dataset, dir, options, run, ctx);
                    List<String> ids = new ArrayList<>();
                    List<FloatTensor> feats = new ArrayList<>();
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
                    String free = freeLabel(outDir, label, Evaluations::captionFiles);
                    result.put("results", Evaluations.captions(ids, feats, refs, run,
                            RunOptions.strategy(cl, run.recipe().model().decoder().maxLength() - 1), ctx, free));
                    files.addAll(Evaluations.captionFiles(free));
                }
            }
            result.put("files", files.stream().map(f -> outDir.resolve(f).toAbsolutePath().toString()).toList());
            out.println(Json.writePretty(result));
            LOG.info("results in {}", outDir.toAbsolutePath());
        }
        return Listkit.OK;
    }

    private static SampleSets.Loaded load(CommandLine cl, String dataset, String dir, Map<String, String> options,
            InferenceModel run, Evaluations.Context ctx) throws Exception {
        return SampleSets.load(dataset, dir, options, ctx.dataRoot(), run.modality(),
                ctx.cacheDir().resolve("features"), ctx.threads());
    }

    /** {@code --templates} sets, then {@code --templates-file}; neither: the modality's own. */
    private static Map<String, PromptTemplates> templateSets(CommandLine cl, String dataset, InferenceModel run)
            throws Exception {
        List<String> names = cl.hasOption("templates")
                ? Arrays.stream(cl.getOptionValue("templates").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList()
                : List.of();
        Map<String, PromptTemplates> sets = new LinkedHashMap<>();
        if (!names.isEmpty() || !cl.hasOption("templates-file")) {
            sets.putAll(Evaluations.templateSets(names, run.modality()));
        }
        if (cl.hasOption("templates-file")) {
            Path file = Path.of(cl.getOptionValue("templates-file"));
            String stem = safe(file.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
            if (sets.containsKey(stem)) {
                throw new UsageException("--templates-file " + file + ": its name '" + stem
                        + "' is also a --templates set; rename the file");
            }
            sets.put(stem, PromptTemplates.loadFile(file, dataset));
        }
        return sets;
    }

    /**
     * The file label of an evaluation: dataset, then the dataset directory's name and the reader options
     * in key order, e.g. {@code esc50-folds-4} or {@code folder-my-sounds}.
     */
    static String label(String dataset, String dir, Map<String, String> options) {
        StringBuilder sb = new StringBuilder(dataset);
        if (dir != null) {
            Path name = Path.of(dir).getFileName();
            sb.append('-').append(name == null ? dir : name.toString());
        }
        new TreeMap<>(options).forEach((k, v) -> sb.append('-').append(k).append('-').append(v));
        return safe(sb.toString());
    }

    /** Letters, digits, '.', '_' and '-' only (anything else becomes '-'). */
    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
    }

    /** {@code label}, or {@code label-2}, {@code label-3}, ... when one of its files already exists in {@code dir}. */
    static String freeLabel(Path dir, String label, Function<String, List<String>> files) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? label : label + "-" + n;
            if (files.apply(candidate).stream().noneMatch(f -> Files.exists(dir.resolve(f)))) {
                if (n > 1) {
                    LOG.info("{} already holds results named {} (kept); writing {}", dir, label, candidate);
                }
                return candidate;
            }
        }
    }
}
