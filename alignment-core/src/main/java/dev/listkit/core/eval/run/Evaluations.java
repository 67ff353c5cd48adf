package dev.listkit.core.eval.run;

import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.eval.ClassNameFile;
import dev.listkit.core.eval.PromptTemplates;
import dev.listkit.core.eval.RetrievalEvaluator;
import dev.listkit.core.eval.RetrievalResult;
import dev.listkit.core.eval.ZeroShotClassifier;
import dev.listkit.core.eval.ZeroShotResult;
import dev.listkit.core.eval.caption.CaptionScores;
import dev.listkit.core.eval.report.Plots;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The evaluations a run reports, each writing JSON (and PNG where a picture helps) into {@code outDir}. */
public final class Evaluations {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluations.class);

    private Evaluations() {
    }

    /**
     * Where the data comes from and where results go.
     *
     * @param dataRoot  root of the datasets
     * @param cacheDir  feature caches
     * @param outDir    result files
     * @param threads   preprocessing threads
     */
    public record Context(Path dataRoot, Path cacheDir, Path outDir, int threads) {
    }

    /**
     * Zero-shot summary (per-class details and the confusion matrix are in the JSON and PNG files).
     *
     * @param count items, @param classes classes, @param top1 accuracy, @param top5 accuracy
     */
    public record ZeroShotSummary(int count, int classes, double top1, double top5) {
    }

    /** The name of the prompt set taken from the modality when a spec names none. */
    public static final String MODALITY_TEMPLATES = "default";

    /**
     * The prompt sets named by a spec: built-in sets by name; no name means the modality's own templates
     * ({@link dev.listkit.core.modality.Modality#zeroShotTemplates()}), under the name {@value #MODALITY_TEMPLATES}.
     */
    public static Map<String, PromptTemplates> templateSets(List<String> names, Modality modality)
            throws ConfigException {
        Map<String, PromptTemplates> out = new LinkedHashMap<>();
        if (names.isEmpty()) {
            out.put(MODALITY_TEMPLATES, new PromptTemplates("the " + modality.id() + " modality's templates",
                    modality.zeroShotTemplates()));
        }
        for (String n : names) {
            out.put(n, PromptTemplates.builtIn(n));
        }
        return out;
    }

    /**
     * Zero-shot classification of a labelled dataset, once per template set of the spec (none: the modality's
     * own); keys are {@code dataset/templates}, files {@code zeroshot-<dataset>-<templates>.*}.
     */
    public static Map<String, ZeroShotSummary> zeroShot(Recipe.ZeroShotSpec spec, InferenceModel run, Context c)
            throws ListkitException, IOException {
        return zeroShot(spec, templateSets(spec.templates(), run.modality()), null, spec.dataset(), run, c);
    }

    /**
     * Zero-shot classification with the given prompt sets, once per set: writes
     * {@code zeroshot-<label>-<set>.json}, {@code -per-class.png} and {@code -confusion.png} into the output
     * directory (replacing files of the same name); keys of the result are {@code label/set}.
     *
     * @param sets       prompt sets by name (the name goes into file names and keys)
     * @param classNames names to put into the prompts instead of the dataset's labels, or null
     * @param label      what was evaluated, for file names and keys (e.g. the dataset id)
     */
    public static Map<String, ZeroShotSummary> zeroShot(Recipe.ZeroShotSpec spec, Map<String, PromptTemplates> sets,
            ClassNameFile classNames, String label, InferenceModel run, Context c)
            throws ListkitException, IOException {
        SampleSets.Loaded l = SampleSets.load(spec.dataset(), spec.directory(), spec.options(), c.dataRoot(),
                run.modality(), c.cacheDir().resolve("features"), c.threads());
        if (spec.part() != null) {
            l = l.filter(spec.part()::contains);
        }
        List<String> classes = l.dataset().classNames().stream().map(SampleSets::readableLabel).toList();
        int[] labels = new int[l.samples().size()];
        for (int i = 0; i < labels.length; i++) {
            String sampleLabel = l.samples().get(i).metadata().get("label");
            labels[i] = sampleLabel == null ? -1 : classes.indexOf(SampleSets.readableLabel(sampleLabel));
            if (labels[i] < 0) {
                throw new ListkitException(spec.dataset() + ": sample " + l.samples().get(i).id()
                        + " has no known 'label' for zero-shot evaluation");
            }
        }
        List<String> promptNames = classNames == null ? classes
                : classNames.apply(classes, l.dataset().classNames());
        float[][] items = run.embedModality(l.features(), 16);
        Map<String, ZeroShotSummary> out = new LinkedHashMap<>();
        Path dir = Files.createDirectories(c.outDir());
        for (Map.Entry<String, PromptTemplates> set : sets.entrySet()) {
            float[][] classEmb = ZeroShotClassifier.classEmbeddings(promptNames, set.getValue(), run);
            ZeroShotResult r = ZeroShotClassifier.evaluate(items, labels, classEmb, promptNames);
            String key = label + "/" + set.getKey();
            String stem = "zeroshot-" + label + "-" + set.getKey();
            AtomicFiles.writeString(dir.resolve(stem + ".json"), Json.writePretty(r));
            Plots.perClassAccuracy(dir.resolve(stem + "-per-class.png"), key + " per-class top-1", r.perClass(), 1400,
                    600);
            Plots.confusion(dir.resolve(stem + "-confusion.png"), key + " confusion", r.confusion(), 1000, 1000);
            out.put(key, new ZeroShotSummary(r.count(), classes.size(), r.top1(), r.top5()));
            LOG.info(String.format(Locale.ROOT, "zero-shot %s: top-1 %.4f, top-5 %.4f on %d items, %d classes"
                    + " (chance %.4f)", key, r.top1(), r.top5(), r.count(), classes.size(), 1.0 / classes.size()));
        }
        return out;
    }

    /** The files {@link #zeroShot} writes for one label and prompt set. */
    public static List<String> zeroShotFiles(String label, String set) {
        String stem = "zeroshot-" + label + "-" + set;
        return List.of(stem + ".json", stem + "-per-class.png", stem + "-confusion.png");
    }

    /** The files {@link #retrieval} writes for a name. */
    public static List<String> retrievalFiles(String name) {
        return List.of("retrieval-" + name + ".json");
    }

    /** The files {@link #captions} writes for a name. */
    public static List<String> captionFiles(String name) {
        return List.of("captions-" + name + ".jsonl", "captions-" + name + "-scores.json");
    }

    /** Text↔item retrieval over a captioned dataset (R@1/5/10 both ways). */
    public static RetrievalResult retrieval(String dataset, String directory, Map<String, String> options,
            InferenceModel run, Context c) throws ListkitException, IOException {
        SampleSets.Loaded l = SampleSets.load(dataset, directory, options, c.dataRoot(), run.modality(),
                c.cacheDir().resolve("features"), c.threads());
        return retrieval(dataset, l.features(), l.samples().stream().map(SampleRef::captions).toList(), run, c);
    }

    /**
     * Text↔item retrieval among the given items, each queried by (and retrieving) all of its non-blank
     * captions; writes {@code retrieval-<name>.json}.
     *
     * @param features (C, ...) tensors of the items, one per item
     * @param captions the captions of each item (items without one are left out)
     */
    public static RetrievalResult retrieval(String name, List<FloatTensor> features, List<List<String>> captions,
            InferenceModel run, Context c) throws ListkitException, IOException {
        List<FloatTensor> kept = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            int before = texts.size();
            for (String cap : captions.get(i)) {
                if (cap != null && !cap.isBlank()) {
                    texts.add(cap);
                    owner.add(kept.size());
                }
            }
            if (texts.size() > before) {
                kept.add(features.get(i));
            }
        }
        if (texts.isEmpty()) {
            throw new ListkitException(name + ": no captions to retrieve with");
        }
        float[][] items = run.embedModality(kept, 16);
        float[][] textEmb = run.embed(texts);
        RetrievalResult r = RetrievalEvaluator.evaluate(items, textEmb, owner.stream().mapToInt(Integer::intValue).toArray());
        Files.createDirectories(c.outDir());
        AtomicFiles.writeString(c.outDir().resolve("retrieval-" + name + ".json"), Json.writePretty(r));
        LOG.info("retrieval {}: {} items, {} captions: {}", name, items.length, texts.size(), Json.write(r));
        return r;
    }

    /**
     * Caption scores overall and per source (the part of the sample id before {@code ':'}, e.g. the
     * dataset), so that easy template captions of one source cannot hide poor captions of another.
     *
     * @param overall  all samples
     * @param bySource per source, sorted by name
     */
    public record CaptionReport(CaptionScores overall, Map<String, CaptionScores> bySource) {
    }

    /** Generated captions for samples with reference captions, scored with BLEU-4 and CIDEr-D. */
    public static CaptionReport captions(List<String> ids, List<dev.listkit.core.data.FloatTensor> features,
            List<List<String>> references, InferenceModel run, CaptionStrategy strategy, Context c, String name)
            throws ListkitException, IOException {
        List<String> generated = run.captions(features, 16, strategy).stream().map(l -> l.get(0))
                .toList();
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", ids.get(i));
            row.put("caption", generated.get(i));
            row.put("references", references.get(i));
            jsonl.append(Json.write(row)).append('\n');
        }
        Files.createDirectories(c.outDir());
        AtomicFiles.writeString(c.outDir().resolve("captions-" + name + ".jsonl"), jsonl.toString());
        List<String> candidates = generated.stream().map(g -> g.isBlank() ? "<empty>" : g).toList();
        CaptionScores s = CaptionScores.compute(candidates, references);
        LOG.info(String.format(Locale.ROOT, "captions %s on %d samples: BLEU-4 %.4f, CIDEr-D %.4f", name, s.count(),
                s.bleu().bleu4(), s.ciderD()));
        Map<String, List<Integer>> groups = new java.util.TreeMap<>();
        for (int i = 0; i < ids.size(); i++) {
            int colon = ids.get(i).indexOf(':');
            groups.computeIfAbsent(colon > 0 ? ids.get(i).substring(0, colon) : "all", k -> new ArrayList<>()).add(i);
        }
        Map<String, CaptionScores> bySource = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            CaptionScores gs = CaptionScores.compute(g.getValue().stream().map(candidates::get).toList(),
                    g.getValue().stream().map(references::get).toList());
            bySource.put(g.getKey(), gs);
            LOG.info(String.format(Locale.ROOT, "  %s: %d samples, BLEU-4 %.4f, CIDEr-D %.4f", g.getKey(), gs.count(),
                    gs.bleu().bleu4(), gs.ciderD()));
        }
        CaptionReport report = new CaptionReport(s, bySource);
        AtomicFiles.writeString(c.outDir().resolve("captions-" + name + "-scores.json"), Json.writePretty(report));
        return report;
    }
}
