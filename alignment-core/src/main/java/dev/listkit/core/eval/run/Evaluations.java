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
import dev.listkit.core.eval.compositional.Benchmark;
import dev.listkit.core.eval.compositional.CaptionedItem;
import dev.listkit.core.eval.compositional.CompositionalityEvaluator;
import dev.listkit.core.eval.compositional.CompositionalityResult;
import dev.listkit.core.eval.compositional.EmbeddingScorer;
import dev.listkit.core.eval.compositional.HardNegativeGenerator;
import dev.listkit.core.eval.probe.LinearProbe;
import dev.listkit.core.eval.probe.ProbeResult;
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
     * The L2 strengths a linear probe chooses from: 10^-8 .. 10^0 (CLIP sweeps C over 10^-6 .. 10^6, i.e. about
     * 10^-9 .. 10^3 here for a few hundred items; unit-norm embeddings need large weights, so the small end
     * matters; there L-BFGS may stop at its iteration cap, deterministically).
     */
    public static final List<Double> PROBE_L2_GRID = List.of(1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0);

    /** Validation share of the training items when the probe chooses its L2 strength. */
    public static final double PROBE_VALIDATION_FRACTION = 0.2;

    /**
     * A labelled split for the linear probe.
     *
     * @param features (C, ...) tensors, one per item
     * @param labels   class index per item
     * @param groups   per item, what keeps related items on one side of the validation split (e.g. the source
     *                 recording); the item id when nothing does
     */
    public record LabelledItems(List<FloatTensor> features, int[] labels, List<String> groups) {
    }

    /**
     * A linear probe beside zero-shot on the same test items.
     *
     * @param probe    the probe's scores
     * @param zeroShot zero-shot on the test items, per template set
     */
    public record ProbeReport(ProbeResult probe, Map<String, ZeroShotSummary> zeroShot) {
    }

    /** The file {@link #probe} writes for {@code name}, relative to the output directory. */
    public static List<String> probeFiles(String name) {
        return List.of("probe-" + name + ".json");
    }

    /**
     * A linear probe (multinomial logistic regression, L2, on the model's frozen joint-space embeddings) fitted
     * on {@code train} and scored on {@code test}, beside zero-shot accuracy on the same test items for each
     * template set; writes {@code probe-<name>.json}.
     *
     * @param classes   readable class names, in label order
     * @param templates zero-shot prompt sets by name
     * @param l2        the L2 strength, or null to choose it from {@link #PROBE_L2_GRID} on a seeded validation
     *                  part ({@link #PROBE_VALIDATION_FRACTION}, by group) of the training items
     */
    public static ProbeReport probe(String name, List<String> classes, LabelledItems train, LabelledItems test,
            Map<String, PromptTemplates> templates, Double l2, InferenceModel run, Context c)
            throws ListkitException, IOException {
        if (train.features().isEmpty() || test.features().isEmpty()) {
            throw new ListkitException(name + ": the probe needs training and test items, got "
                    + train.features().size() + " and " + test.features().size());
        }
        float[][] trainX = run.embedModality(train.features(), 16); // (N, E)
        float[][] testX = run.embedModality(test.features(), 16);   // (M, E)
        LinearProbe.Selection selection = null;
        double strength;
        if (l2 == null) {
            boolean[] validation = new boolean[trainX.length];
            for (int i = 0; i < validation.length; i++) {
                validation[i] = SampleSets.heldOut("probe:" + train.groups().get(i), 0, PROBE_VALIDATION_FRACTION);
            }
            selection = LinearProbe.selectL2(trainX, train.labels(), classes.size(), validation, PROBE_L2_GRID);
            strength = selection.l2();
        } else {
            strength = l2;
        }
        LinearProbe p = LinearProbe.fit(trainX, train.labels(), classes.size(), strength);
        int[] shuffled = train.labels().clone();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        double shuffledTop1 = LinearProbe.fit(trainX, shuffled, classes.size(), strength).accuracy(testX, test.labels());
        ProbeResult r = new ProbeResult(trainX.length, testX.length, classes.size(), strength, selection,
                p.accuracy(testX, test.labels()), p.topK(testX, test.labels(), 5), 1.0 / classes.size(),
                p.accuracy(trainX, train.labels()), shuffledTop1, p.loss());
        Map<String, ZeroShotSummary> zeroShot = new LinkedHashMap<>();
        for (Map.Entry<String, PromptTemplates> t : templates.entrySet()) {
            ZeroShotResult z = ZeroShotClassifier.evaluate(testX, test.labels(),
                    ZeroShotClassifier.classEmbeddings(classes, t.getValue(), run), classes);
            zeroShot.put(t.getKey(), new ZeroShotSummary(z.count(), classes.size(), z.top1(), z.top5()));
        }
        ProbeReport report = new ProbeReport(r, zeroShot);
        Files.createDirectories(c.outDir());
        AtomicFiles.writeString(c.outDir().resolve(probeFiles(name).get(0)), Json.writePretty(report));
        StringBuilder zs = new StringBuilder();
        zeroShot.forEach((k, v) -> zs.append(String.format(java.util.Locale.ROOT, ", zero-shot %s %.4f", k, v.top1())));
        LOG.info(String.format(java.util.Locale.ROOT, "probe %s: %d train, %d test items, %d classes, l2 %s: top-1 %.4f,"
                + " top-5 %.4f (chance %.4f; shuffled-label control %.4f)%s", name, r.trainItems(), r.testItems(), r.classes(), strength,
                r.top1(), r.top5(), r.chance(), r.shuffledTop1(), zs));
        return report;
    }

    /** The files {@link #compositionality} writes for {@code name}, relative to the output directory. */
    public static List<String> compositionalityFiles(String name) {
        return List.of("compositionality-" + name + ".jsonl", "compositionality-" + name + ".json",
                "compositionality-" + name + ".png");
    }

    /**
     * The compositionality benchmark of captioned items: hard negatives generated from their captions for
     * {@code seed} and written as {@code compositionality-<name>.jsonl}, then scored by the model's joint-space
     * similarity ({@code compositionality-<name>.json}, and a bar chart per kind with the 50 % chance line,
     * {@code compositionality-<name>.png}, unless no pair could be made). Items without a caption are left out.
     *
     * @param features (C, ...) tensors of the items, one per item
     * @param captions the reference captions of each item
     */
    public static CompositionalityResult compositionality(String name, List<String> ids, List<FloatTensor> features,
            List<List<String>> captions, long seed, InferenceModel run, Context c) throws ListkitException, IOException {
        List<CaptionedItem> items = new ArrayList<>();
        List<FloatTensor> kept = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            List<String> caps = captions.get(i).stream().filter(x -> x != null && !x.isBlank()).toList();
            if (!caps.isEmpty()) {
                items.add(new CaptionedItem(ids.get(i), caps));
                kept.add(features.get(i));
            }
        }
        if (items.isEmpty()) {
            throw new ListkitException(name + ": no captions to make a compositionality benchmark from");
        }
        Benchmark b = HardNegativeGenerator.builder().optSeed(seed).build().generate(items);
        Files.createDirectories(c.outDir());
        List<String> files = compositionalityFiles(name);
        b.writeJsonl(c.outDir().resolve(files.get(0)));
        float[][] emb = run.embedModality(kept, 16); // (N, E)
        Map<String, float[]> byId = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byId.put(items.get(i).id(), emb[i]);
        }
        CompositionalityResult r = CompositionalityEvaluator.evaluate(b, new EmbeddingScorer(byId, run, 256));
        AtomicFiles.writeString(c.outDir().resolve(files.get(1)), Json.writePretty(r));
        List<String> kinds = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        r.kinds().forEach((k, a) -> {
            if (a.accuracy() != null) {
                kinds.add(k + " (" + a.pairs() + ")");
                accuracy.add(a.accuracy());
                errors.add(1.96 * a.standardError());
            }
        });
        if (!kinds.isEmpty()) { // no pairs at all (a handful of one-word captions): nothing to draw
            Plots.accuracyBars(c.outDir().resolve(files.get(2)), name + ": positive above hard negative (95 %"
                    + " interval), seed " + seed, "kind (pairs)", kinds, accuracy, errors,
                    CompositionalityEvaluator.CHANCE, 900, 500);
        }
        StringBuilder line = new StringBuilder();
        r.kinds().forEach((k, a) -> line.append(String.format(java.util.Locale.ROOT, " %s %s (%d)", k,
                a.accuracy() == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", a.accuracy()), a.pairs())));
        LOG.info(String.format(java.util.Locale.ROOT, "compositionality %s: %d items, %d pairs, mean %s (chance 0.5);%s",
                name, r.items(), r.pairs(), r.mean() == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f",
                        r.mean()), line));
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
