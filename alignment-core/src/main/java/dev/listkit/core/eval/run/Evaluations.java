package dev.listkit.core.eval.run;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
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
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evaluations a run reports, each writing JSON (and PNG where a picture helps) into {@code outDir}. */
public final class Evaluations {
    private Evaluations() {
    }

    /**
     * Where the data comes from and where results go.
     *
     * @param dataRoot  root of the datasets
     * @param cacheDir  feature caches
     * @param outDir    result files
     * @param threads   preprocessing threads
     * @param log       progress lines
     */
    public record Context(Path dataRoot, Path cacheDir, Path outDir, int threads, PrintStream log) {
    }

    /**
     * Zero-shot summary (per-class details and the confusion matrix are in the JSON and PNG files).
     *
     * @param count items, @param classes classes, @param top1 accuracy, @param top5 accuracy
     */
    public record ZeroShotSummary(int count, int classes, double top1, double top5) {
    }

    /** Zero-shot classification of a labelled dataset, once per template set; keys are {@code dataset/templates}. */
    public static Map<String, ZeroShotSummary> zeroShot(Recipe.ZeroShotSpec spec, InferenceModel run, Context c)
            throws ListkitException, IOException {
        SampleSets.Loaded l = SampleSets.load(spec.dataset(), spec.directory(), spec.options(), c.dataRoot(),
                run.modality(), c.cacheDir().resolve("features"), c.threads(), c.log());
        if (spec.part() != null) {
            l = l.filter(spec.part()::contains);
        }
        List<String> classes = l.dataset().classNames().stream().map(SampleSets::readableLabel).toList();
        int[] labels = new int[l.samples().size()];
        for (int i = 0; i < labels.length; i++) {
            String label = l.samples().get(i).metadata().get("label");
            labels[i] = label == null ? -1 : classes.indexOf(SampleSets.readableLabel(label));
            if (labels[i] < 0) {
                throw new ListkitException(spec.dataset() + ": sample " + l.samples().get(i).id()
                        + " has no known 'label' for zero-shot evaluation");
            }
        }
        float[][] items = run.embedModality(l.features(), 16);
        Map<String, ZeroShotSummary> out = new LinkedHashMap<>();
        Path dir = Files.createDirectories(c.outDir());
        for (String name : spec.templates()) {
            PromptTemplates templates = PromptTemplates.builtIn(name);
            float[][] classEmb = ZeroShotClassifier.classEmbeddings(classes, templates, run);
            ZeroShotResult r = ZeroShotClassifier.evaluate(items, labels, classEmb, classes);
            String key = spec.dataset() + "/" + name;
            String stem = "zeroshot-" + spec.dataset() + "-" + name;
            AtomicFiles.writeString(dir.resolve(stem + ".json"), Json.writePretty(r));
            Plots.perClassAccuracy(dir.resolve(stem + "-per-class.png"), key + " per-class top-1", r.perClass(), 1400,
                    600);
            Plots.confusion(dir.resolve(stem + "-confusion.png"), key + " confusion", r.confusion(), 1000, 1000);
            out.put(key, new ZeroShotSummary(r.count(), classes.size(), r.top1(), r.top5()));
            c.log().printf("zero-shot %s: top-1 %.4f, top-5 %.4f on %d items, %d classes (chance %.4f)%n", key,
                    r.top1(), r.top5(), r.count(), classes.size(), 1.0 / classes.size());
        }
        return out;
    }

    /** Text↔item retrieval over a captioned dataset (R@1/5/10 both ways). */
    public static RetrievalResult retrieval(String dataset, String directory, Map<String, String> options,
            InferenceModel run, Context c) throws ListkitException, IOException {
        SampleSets.Loaded l = SampleSets.load(dataset, directory, options, c.dataRoot(), run.modality(),
                c.cacheDir().resolve("features"), c.threads(), c.log());
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
        c.log().printf("retrieval %s: %d items, %d captions: %s%n", name, items.length, texts.size(), Json.write(r));
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
        c.log().printf("captions %s on %d samples: BLEU-4 %.4f, CIDEr-D %.4f%n", name, s.count(), s.bleu().bleu4(),
                s.ciderD());
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
            c.log().printf("  %s: %d samples, BLEU-4 %.4f, CIDEr-D %.4f%n", g.getKey(), gs.count(),
                    gs.bleu().bleu4(), gs.ciderD());
        }
        CaptionReport report = new CaptionReport(s, bySource);
        AtomicFiles.writeString(c.outDir().resolve("captions-" + name + "-scores.json"), Json.writePretty(report));
        return report;
    }
}
