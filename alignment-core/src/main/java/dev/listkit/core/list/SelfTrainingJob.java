package dev.listkit.core.list;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.RecipeModels;
import dev.listkit.core.config.SelfTrainingSection;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.DataEngine;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineRegistry;
import dev.listkit.core.engine.EngineSettings;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.engine.PoolEntry;
import dev.listkit.core.engine.PoolSample;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.eval.run.Evaluations;
import dev.listkit.core.features.FeatureIndex;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.CocaInference;
import dev.listkit.core.inference.CocaRun;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TextEmbeddingCache;
import dev.listkit.core.text.TokenizedBatch;
import dev.listkit.core.train.CheckpointWeights;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import dev.listkit.core.train.coca.AlternatingStepFunction;
import dev.listkit.core.train.coca.CocaStepFunction;
import dev.listkit.core.train.coca.ContrastiveLoss;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The LIST self-training loop of a recipe with a {@code selfTraining} section: for each seed and arm,
 * round 0 trains on the arm's paired data; each later round (the {@code list} arm) runs the data engine
 * with the current model over the unpaired pool and continues training with batches alternating between
 * paired and synthetic pairs; every round is evaluated. See {@link SelfTrainingSection} for the arms.
 *
 * <p>Run directory: {@code recipe.json}, {@code provenance.json}, {@code results.json} (every metric per
 * arm and round: values per seed, mean, std), {@code results-*.png}, and per run
 * {@code arms/<arm>/seed-<s>/round-<r>/} with the paired-training files ({@code metrics.jsonl},
 * {@code checkpoints/}, {@code eval/}, {@code report.json}) plus {@code engine/} (manifest, summary, shards)
 * for the list arm, whose {@code pool.jsonl} lists the unpaired pool of that seed. A rerun skips finished rounds (their report exists), resumes a round's training
 * from its latest checkpoint, and reuses finished engine shards.
 */
public final class SelfTrainingJob {
    private SelfTrainingJob() {
    }

    /** One evaluated round of one (arm, seed). */
    public record RoundReport(String arm, long seed, int round, long steps, double trainSeconds, double engineSeconds,
                              int pairedSamples, int syntheticPairs, int poolSize,
                              Map<String, Double> metrics) {
    }

    /** Mean and standard deviation (sample, n−1) of one metric over seeds. */
    public record Stat(List<Double> values, double mean, double std) {
        static Stat of(List<Double> v) {
            double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
            return new Stat(List.copyOf(v), m, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0.0);
        }
    }

    /** The whole experiment: per arm, per round, per metric. */
    public record Results(String recipe, List<Long> seeds, Map<String, Map<Integer, Map<String, Stat>>> arms,
                          List<RoundReport> rounds, Map<String, String> provenance) {
    }

    /** Pool and paired data of one seed. */
    private record Data(List<PairedSample> train, List<PairedSample> heldOut, List<PairedSample> pairedPool,
                        List<PairedSample> oraclePool, List<PoolSample> unpaired, Map<String, PairedSample> byId) {
    }

    /** Runs every (seed, arm) of the recipe; returns and writes the aggregated results. */
    public static Results run(Recipe recipe, PairedTrainingJob.Options o) throws ListkitException, IOException {
        SelfTrainingSection st = recipe.selfTraining();
        Files.createDirectories(o.runDir());
        String recipeJson = Json.writePretty(recipe);
        AtomicFiles.writeString(o.runDir().resolve("recipe.json"), recipeJson);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("recipe", recipe.name());
        provenance.put("recipeSha256", Hashing.sha256(recipeJson));
        provenance.put("gitRevision", Provenance.gitRevision());
        provenance.put("seeds", st.seeds().toString());
        provenance.put("java", System.getProperty("java.version"));
        JsonNode modalityConfig = recipe.modality().config() == null ? Json.object() : recipe.modality().config();
        Modality modality = ModalityRegistry.create(recipe.modality().id(), modalityConfig);
        provenance.put("modalityFingerprint", modality.fingerprint());

        List<Loaded> train = new ArrayList<>();
        for (Recipe.Source src : recipe.data().train()) {
            train.add(load(src, o, modality));
        }
        List<Loaded> pool = new ArrayList<>();
        for (Recipe.Source src : recipe.data().pool()) {
            pool.add(load(src, o, modality));
        }
        int length = recipe.model().decoder().maxLength();
        List<RoundReport> reports = new ArrayList<>();
        try (CaptionTokenizer tokenizer = CaptionTokenizer.miniLm(Math.max(length, 64));
                FrozenMiniLmTower text = FrozenMiniLmTower.builder().optBatchSize(1)
                        .optCache(TextEmbeddingCache.open(o.cacheDir().resolve("text").resolve("minilm.lkte"),
                                MiniLmResources.DIM))
                        .build()) {
            for (long seed : st.seeds()) {
                Data data = split(recipe, train, pool, seed, o);
                provenance.put("split.seed-" + seed, String.format(
                        "train %d, held out %d, paired pool %d, unpaired %d, ids sha256 %s", data.train().size(),
                        data.heldOut().size(), data.pairedPool().size(), data.unpaired().size(),
                        Hashing.sha256(String.join("\n", data.unpaired().stream().map(PoolSample::id).toList()))));
                if (st.arms().contains("list")) {
                    StringBuilder jsonl = new StringBuilder();
                    data.unpaired().forEach(p -> jsonl.append(Json.write(PoolEntry.of(p))).append('\n'));
                    Path poolFile = o.runDir().resolve("arms").resolve("list").resolve("seed-" + seed)
                            .resolve("pool.jsonl");
                    Files.createDirectories(poolFile.getParent());
                    AtomicFiles.writeString(poolFile, jsonl.toString());
                }
                for (String arm : order(st.arms())) {
                    reports.addAll(runArm(recipe, arm, seed, data, modality, tokenizer, text, o));
                }
            }
        }
        Results results = aggregate(recipe, reports, provenance);
        AtomicFiles.writeString(o.runDir().resolve("provenance.json"), Json.writePretty(provenance));
        AtomicFiles.writeString(o.runDir().resolve("results.json"), Json.writePretty(results));
        ResultsPlots.write(o.runDir(), results);
        AtomicFiles.writeString(o.runDir().resolve("results.md"), markdown(results));
        return results;
    }

    /** A Markdown table per evaluation metric: arms as rows, rounds as columns, mean ± std over seeds. */
    public static String markdown(Results results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(results.recipe()).append(" — seeds ").append(results.seeds()).append("\n\n");
        java.util.Set<String> metrics = new LinkedHashSet<>();
        java.util.SortedSet<Integer> rounds = new java.util.TreeSet<>();
        results.arms().values().forEach(r -> {
            rounds.addAll(r.keySet());
            r.values().forEach(m -> metrics.addAll(m.keySet()));
        });
        for (String metric : metrics) {
            sb.append("**").append(metric).append("**\n\n| arm |");
            rounds.forEach(r -> sb.append(" round ").append(r).append(" |"));
            sb.append("\n|---|");
            rounds.forEach(r -> sb.append("---|"));
            sb.append('\n');
            results.arms().forEach((arm, byRound) -> {
                sb.append("| ").append(arm).append(" |");
                for (int r : rounds) {
                    Stat s = byRound.getOrDefault(r, Map.of()).get(metric);
                    boolean pct = metric.startsWith("zeroshot/") || metric.startsWith("retrieval/");
                    sb.append(s == null ? " – |" : pct
                            ? String.format(" %.2f ± %.2f |", 100 * s.mean(), 100 * s.std())
                            : String.format(" %.3f ± %.3f |", s.mean(), s.std()));
                }
                sb.append('\n');
            });
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Paired first: the list arm reuses its round 0. */
    private static List<String> order(List<String> arms) {
        List<String> out = new ArrayList<>(arms);
        out.sort(Comparator.comparingInt(SelfTrainingSection.ARMS::indexOf));
        return out;
    }

    private record Loaded(Recipe.Source source, SampleSets.Loaded loaded) {
    }

    private static Loaded load(Recipe.Source src, PairedTrainingJob.Options o, Modality modality)
            throws ListkitException, IOException {
        SampleSets.Loaded l = SampleSets.load(src.dataset(), src.directory(), src.options(), o.dataRoot(), modality,
                o.cacheDir().resolve("features"), o.threads(), o.log());
        if (src.part() != null) {
            l = l.filter(src.part()::contains);
        }
        if (src.limit() > 0 && l.samples().size() > src.limit()) {
            l = new SampleSets.Loaded(l.dataset(), l.samples().subList(0, src.limit()),
                    l.features().subList(0, src.limit()), l.failures());
        }
        return new Loaded(src, l);
    }

    private static Data split(Recipe recipe, List<Loaded> train, List<Loaded> pool, long seed,
            PairedTrainingJob.Options o) {
        Recipe.DataSection d = recipe.data();
        List<PairedSample> trainSamples = new ArrayList<>();
        List<PairedSample> heldOut = new ArrayList<>();
        Map<String, PairedSample> byId = new LinkedHashMap<>();
        for (Loaded l : train) {
            for (int i = 0; i < l.loaded().samples().size(); i++) {
                SampleRef r = l.loaded().samples().get(i);
                List<String> caps = SampleSets.captions(r, l.source(), d.maxCaptionsPerSample());
                if (!caps.isEmpty()) {
                    String id = l.source().dataset() + ":" + r.id();
                    PairedSample s = new PairedSample(id, l.loaded().features().get(i), caps);
                    (SampleSets.heldOut(id, seed, d.captionHoldout()) ? heldOut : trainSamples).add(s);
                }
            }
        }
        // Pool: rank each stratum by a seeded hash of the id and keep round(fraction * n) paired.
        Map<String, List<Object[]>> strata = new TreeMap<>();
        List<PoolSample> unpaired = new ArrayList<>();
        for (Loaded l : pool) {
            for (int i = 0; i < l.loaded().samples().size(); i++) {
                SampleRef r = l.loaded().samples().get(i);
                String stratum = d.stratifyKey() == null ? "" : r.metadata().getOrDefault(d.stratifyKey(), "");
                strata.computeIfAbsent(stratum, k -> new ArrayList<>()).add(new Object[] {l, i});
            }
            for (FeatureIndex.Failure f : l.loaded().failures()) {
                unpaired.add(new PoolSample(l.source().dataset() + ":" + f.id(), l.source().dataset(), f.media(),
                        Map.of(), null, f.reason()));
            }
        }
        List<PairedSample> pairedPool = new ArrayList<>();
        List<PairedSample> oraclePool = new ArrayList<>();
        List<Object[]> heldOutMembers = new ArrayList<>();
        for (List<Object[]> all : strata.values()) {
            // Held-out samples first (their own hash), then the paired cut over what is left.
            List<Object[]> members = new ArrayList<>();
            for (Object[] m : all) {
                (poolHeldOut(poolId(m), seed, d.poolHoldout()) ? heldOutMembers : members).add(m);
            }
            members.sort(Comparator.comparing(m -> Hashing.sha256(seed + ":" + poolId(m))));
            int keep = (int) Math.round(d.pairedFraction() * members.size());
            for (int k = 0; k < members.size(); k++) {
                Loaded l = (Loaded) members.get(k)[0];
                int i = (Integer) members.get(k)[1];
                SampleRef r = l.loaded().samples().get(i);
                String id = poolId(members.get(k));
                List<String> caps = SampleSets.captions(r, l.source(), d.maxCaptionsPerSample());
                if (caps.isEmpty()) {
                    o.log().println(id + ": no caption (none of its own, no label caption), left out of the pool");
                    continue;
                }
                PairedSample s = new PairedSample(id, l.loaded().features().get(i), caps);
                oraclePool.add(s);
                if (k < keep) {
                    pairedPool.add(s);
                } else {
                    Map<String, String> meta = new TreeMap<>(r.metadata());
                    d.hiddenKeys().forEach(meta::remove);
                    unpaired.add(new PoolSample(id, l.source().dataset(), r.media().toString(), meta,
                            l.loaded().features().get(i), null));
                    byId.put(id, s);
                }
            }
        }
        heldOutMembers.sort(Comparator.comparing(SelfTrainingJob::poolId));
        for (Object[] m : heldOutMembers) {
            Loaded l = (Loaded) m[0];
            int i = (Integer) m[1];
            List<String> caps = SampleSets.captions(l.loaded().samples().get(i), l.source(), d.maxCaptionsPerSample());
            if (!caps.isEmpty()) {
                heldOut.add(new PairedSample(poolId(m), l.loaded().features().get(i), caps));
            }
        }
        return new Data(trainSamples, heldOut, pairedPool, oraclePool, unpaired, byId);
    }

    /**
     * Whether a pool sample is held out for evaluation: a seeded hash of its id that is independent of
     * the hash that ranks the pool for the paired cut (the same hash would hold out exactly the
     * lowest-ranked samples and shrink the paired fraction).
     */
    static boolean poolHeldOut(String id, long seed, double fraction) {
        return SampleSets.heldOut("pool-holdout:" + id, seed, fraction);
    }

    private static String poolId(Object[] member) {
        Loaded l = (Loaded) member[0];
        return l.source().dataset() + ":" + l.loaded().samples().get((Integer) member[1]).id();
    }

    private static List<RoundReport> runArm(Recipe recipe, String arm, long seed, Data data, Modality modality,
            CaptionTokenizer tokenizer, FrozenMiniLmTower text, PairedTrainingJob.Options o)
            throws ListkitException, IOException {
        SelfTrainingSection st = recipe.selfTraining();
        Path armDir = o.runDir().resolve("arms").resolve(arm).resolve("seed-" + seed);
        List<PairedSample> paired = new ArrayList<>(data.train());
        paired.addAll(arm.equals("oracle") ? data.oraclePool() : data.pairedPool());
        int length = recipe.model().decoder().maxLength();
        TextTable table = new TextTable(tokenizer, text, !recipe.model().text().trainable(), length);
        CaptionVocabulary vocab = table.vocabulary(paired);
        AtomicFiles.writeString(Files.createDirectories(armDir).resolve("vocabulary.json"), Json.writePretty(vocab));
        table.add(paired);
        List<RoundReport> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            CocaModel model = RecipeModels.buildModel(recipe, modality, vocab, manager,
                    paired.get(0).features().shape());
            InferenceModel inference = CocaRun.training(armDir, recipe, modality,
                    new CocaInference(model, text, tokenizer, vocab, manager));
            List<PairedSample> synthetic = List.of();
            for (int round = 0; round <= st.rounds(); round++) {
                Path roundDir = armDir.resolve("round-" + round);
                Path reportFile = roundDir.resolve("report.json");
                double engineSeconds = 0;
                if (round > 0 && arm.equals("list")) {
                    long e0 = System.nanoTime();
                    synthetic = engine(recipe, seed, round, data, inference, roundDir.resolve("engine"), o);
                    engineSeconds = (System.nanoTime() - e0) / 1e9;
                    table.add(synthetic);
                }
                if (Files.exists(reportFile) && checkpoint(roundDir) != null) {
                    CheckpointWeights.loadInto(model, checkpoint(roundDir));
                    RoundReport done = Json.MAPPER.readValue(reportFile.toFile(), RoundReport.class);
                    o.log().printf("%s seed %d round %d: finished earlier, reused%n", arm, seed, round);
                    out.add(done);
                    continue;
                }
                Path shared = o.runDir().resolve("arms").resolve("paired").resolve("seed-" + seed).resolve("round-0");
                long t0 = System.nanoTime();
                long steps;
                if (round == 0 && arm.equals("list") && recipe.selfTraining().arms().contains("paired")
                        && Files.exists(shared.resolve("report.json"))) {
                    // Same data, seed and vocabulary as the paired arm's round 0: reuse its weights.
                    steps = CheckpointWeights.loadInto(model, CheckpointWeights.latest(shared));
                    Files.createDirectories(roundDir);
                    AtomicFiles.writeString(roundDir.resolve("shared-from.txt"), shared.toString() + "\n");
                    copyRunFiles(shared, roundDir); // so that reports of this arm see its round 0
                    o.log().printf("list seed %d round 0: reusing the paired arm's round 0%n", seed);
                    RoundReport r0 = Json.MAPPER.readValue(shared.resolve("report.json").toFile(), RoundReport.class);
                    RoundReport mine = new RoundReport("list", seed, 0, r0.steps(), 0, 0, r0.pairedSamples(), 0,
                            data.unpaired().size(), r0.metrics());
                    AtomicFiles.writeString(reportFile, Json.writePretty(mine));
                    out.add(mine);
                    continue;
                }
                TrainConfig cfg = roundConfig(recipe, seed, round);
                StepFunction fn = step(recipe, model, modality, paired, table);
                if (round > 0 && arm.equals("list") && !synthetic.isEmpty()) {
                    fn = new AlternatingStepFunction(fn, step(recipe, model, modality, synthetic, table),
                            st.syntheticBatchEvery());
                }
                try (Trainer trainer = Trainer.builder().setBlock(model).setConfig(cfg).setStepFunction(fn)
                        .optRunDir(roundDir).optProgress(o.progress()).build()) {
                    if (trainer.resumeLatest()) {
                        o.log().printf("%s seed %d round %d: resumed at step %d%n", arm, seed, round, trainer.step());
                    }
                    trainer.run();
                    trainer.saveCheckpoint();
                    steps = trainer.step();
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Double> metrics = evaluate(recipe, modality, inference, data, roundDir, o);
                RoundReport rr = new RoundReport(arm, seed, round, steps, round6(trainSeconds), round6(engineSeconds),
                        paired.size(), synthetic.size(), data.unpaired().size(), metrics);
                AtomicFiles.writeString(reportFile, Json.writePretty(rr));
                o.log().printf("%s seed %d round %d: %s%n", arm, seed, round, metrics);
                out.add(rr);
            }
        }
        return out;
    }

    /** Copies a round's metrics and evaluation files (not its checkpoints) into another round directory. */
    private static void copyRunFiles(Path from, Path to) throws IOException {
        if (Files.exists(from.resolve("metrics.jsonl"))) {
            Files.copy(from.resolve("metrics.jsonl"), to.resolve("metrics.jsonl"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path eval = from.resolve("eval");
        if (Files.isDirectory(eval)) {
            Files.createDirectories(to.resolve("eval"));
            try (var files = Files.list(eval)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve("eval").resolve(f.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The round's final checkpoint (through {@code shared-from.txt} for a reused round 0), or null. */
    private static Path checkpoint(Path roundDir) throws ListkitException, IOException {
        Path pointer = roundDir.resolve("shared-from.txt");
        Path dir = Files.exists(pointer) ? Path.of(Files.readString(pointer).strip()) : roundDir;
        return Files.exists(dir.resolve("checkpoints").resolve("latest")) ? CheckpointWeights.latest(dir) : null;
    }

    /** Round 0 uses the recipe's trainer settings; later rounds continue for stepsPerRound with a new seed. */
    private static TrainConfig roundConfig(Recipe recipe, long seed, int round) {
        TrainConfig t = recipe.train();
        SelfTrainingSection st = recipe.selfTraining();
        long steps = round == 0 ? t.totalSteps() : st.stepsPerRound();
        long warmup = round == 0 ? t.warmupSteps() : st.warmupStepsPerRound();
        long checkpointEvery = Math.min(t.checkpointEvery(), steps);
        return new TrainConfig(steps, t.batchSize(), t.learningRate(), t.minLearningRate(), t.weightDecay(), t.beta1(),
                t.beta2(), t.eps(), warmup, t.gradClipNorm(), t.gradAccumulationSteps(), seed * 1000 + round,
                checkpointEvery, t.logEvery());
    }

    private static StepFunction step(Recipe recipe, CocaModel model, Modality modality, List<PairedSample> samples,
            TextTable table) {
        return new CocaStepFunction(model, modality, samples, table.features(), table.tokens(),
                recipe.loss().sigmoid() ? ContrastiveLoss.sigLip() : ContrastiveLoss.infoNce(),
                new CaptionLoss(CaptionVocabulary.PAD, recipe.loss().labelSmoothing()),
                recipe.loss().contrastiveWeight(), recipe.loss().captionWeight(), recipe.train().batchSize(),
                recipe.data().trainCropLastAxis(), true);
    }

    /** Runs the data engine of a round and returns the accepted synthetic pairs. */
    private static List<PairedSample> engine(Recipe recipe, long seed, int round, Data data, InferenceModel inference,
            Path dir, PairedTrainingJob.Options o) throws ListkitException, IOException {
        SelfTrainingSection.EngineSection es = recipe.selfTraining().engine();
        DataEngine.Builder b = DataEngine.builder()
                .setSettings(new EngineSettings(es.captioner(), es.batchSize(), es.shardSize()))
                .optProgress(o.progress());
        List<Refiner> refiners = new ArrayList<>();
        try {
            for (JsonNode r : es.refiners()) {
                Refiner refiner = EngineRegistry.refiner(r);
                refiners.add(refiner);
                b.addRefiner(refiner);
            }
            for (JsonNode f : es.filters()) {
                CaptionFilter filter = EngineRegistry.filter(f);
                b.addFilter(filter);
            }
            List<PoolSample> pool = new ArrayList<>(data.unpaired());
            if (es.recaptionPaired()) {
                for (PairedSample p : data.pairedPool()) {
                    pool.add(new PoolSample(p.id(), p.id().split(":", 2)[0], p.id(), Map.of(), p.features(), null));
                }
            }
            EngineContext ctx = new EngineContext(inference, o.cacheDir().resolve("engine"), System.getenv(),
                    seed * 7919 + round, round, o.log());
            DataEngine.Result result = b.build().run(pool, ctx, dir);
            Map<String, PairedSample> features = new LinkedHashMap<>(data.byId());
            data.pairedPool().forEach(p -> features.put(p.id(), p));
            List<PairedSample> synthetic = new ArrayList<>();
            for (ManifestRecord r : result.accepted()) {
                PairedSample source = features.get(r.id());
                if (source == null) { // a reused shard from another pool would be caught by DataEngine; never expected
                    throw new ListkitException(dir + ": accepted pair '" + r.id() + "' is not in this seed's pool");
                }
                synthetic.add(new PairedSample(r.id(), source.features(), List.of(r.caption())));
            }
            return synthetic;
        } finally {
            for (Refiner r : refiners) {
                r.close();
            }
        }
    }

    private static Map<String, Double> evaluate(Recipe recipe, Modality modality, InferenceModel inference, Data data,
            Path roundDir, PairedTrainingJob.Options o) throws ListkitException, IOException {
        Evaluations.Context ctx = new Evaluations.Context(o.dataRoot(), o.cacheDir(), roundDir.resolve("eval"),
                o.threads(), o.log());
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Recipe.ZeroShotSpec spec : recipe.eval().zeroShot()) {
            Evaluations.zeroShot(spec, inference, ctx).forEach((k, v) -> {
                metrics.put("zeroshot/" + k + "/top1", v.top1());
                metrics.put("zeroshot/" + k + "/top5", v.top5());
            });
        }
        if (recipe.eval().captions() && !data.heldOut().isEmpty()) {
            Evaluations.CaptionReport c = Evaluations.captions(data.heldOut().stream().map(PairedSample::id).toList(),
                    data.heldOut().stream().map(PairedSample::features).toList(),
                    data.heldOut().stream().map(PairedSample::captions).toList(), inference,
                    CaptionStrategy.greedy(recipe.model().decoder().maxLength() - 1), ctx, "heldout");
            metrics.put("captions/bleu4", c.overall().bleu().bleu4());
            metrics.put("captions/ciderD", c.overall().ciderD());
        }
        if (recipe.eval().retrieval() && !data.heldOut().isEmpty()) {
            dev.listkit.core.eval.RetrievalResult r = Evaluations.retrieval("heldout",
                    data.heldOut().stream().map(PairedSample::features).toList(),
                    data.heldOut().stream().map(PairedSample::captions).toList(), inference, ctx);
            metrics.put("retrieval/itemToText/R@1", r.itemToText().r1());
            metrics.put("retrieval/itemToText/R@5", r.itemToText().r5());
            metrics.put("retrieval/itemToText/R@10", r.itemToText().r10());
            metrics.put("retrieval/textToItem/R@1", r.textToItem().r1());
            metrics.put("retrieval/textToItem/R@5", r.textToItem().r5());
            metrics.put("retrieval/textToItem/R@10", r.textToItem().r10());
        }
        return metrics;
    }

    private static Results aggregate(Recipe recipe, List<RoundReport> reports, Map<String, String> provenance) {
        Map<String, Map<Integer, Map<String, List<Double>>>> values = new LinkedHashMap<>();
        for (RoundReport r : reports) {
            Map<String, List<Double>> m = values.computeIfAbsent(r.arm(), k -> new TreeMap<>())
                    .computeIfAbsent(r.round(), k -> new LinkedHashMap<>());
            r.metrics().forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            m.computeIfAbsent("cost/trainSeconds", x -> new ArrayList<>()).add(r.trainSeconds());
            m.computeIfAbsent("cost/engineSeconds", x -> new ArrayList<>()).add(r.engineSeconds());
            m.computeIfAbsent("data/syntheticPairs", x -> new ArrayList<>()).add((double) r.syntheticPairs());
        }
        Map<String, Map<Integer, Map<String, Stat>>> arms = new LinkedHashMap<>();
        values.forEach((arm, rounds) -> {
            Map<Integer, Map<String, Stat>> byRound = new TreeMap<>();
            rounds.forEach((round, metrics) -> {
                Map<String, Stat> stats = new LinkedHashMap<>();
                metrics.forEach((k, v) -> stats.put(k, Stat.of(v)));
                byRound.put(round, stats);
            });
            arms.put(arm, byRound);
        });
        return new Results(recipe.name(), recipe.selfTraining().seeds(), arms, reports, provenance);
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /**
     * Caption → frozen text features and compact token ids, grown as synthetic captions arrive. The maps
     * are shared with the step functions (which only read them between rounds' additions).
     */
    private static final class TextTable {
        private final CaptionTokenizer tokenizer;
        private final FrozenMiniLmTower tower;
        private final boolean frozen;
        private final int length;
        private final Map<String, float[]> features = new LinkedHashMap<>();
        private final Map<String, long[]> tokens = new LinkedHashMap<>();
        private CaptionVocabulary vocab;

        TextTable(CaptionTokenizer tokenizer, FrozenMiniLmTower tower, boolean frozen, int length) {
            this.tokenizer = tokenizer;
            this.tower = tower;
            this.frozen = frozen;
            this.length = length;
        }

        CaptionVocabulary vocabulary(List<PairedSample> paired) throws ListkitException {
            List<String> captions = distinct(paired);
            vocab = CaptionVocabulary.build(tokenizer.encode(captions), MiniLmResources.CLS_ID, MiniLmResources.SEP_ID,
                    MiniLmResources.PAD_ID);
            return vocab;
        }

        void add(List<PairedSample> samples) throws ListkitException {
            List<String> fresh = distinct(samples).stream().filter(c -> !tokens.containsKey(c)).toList();
            if (fresh.isEmpty()) {
                return;
            }
            if (frozen) {
                float[][] v = tower.encode(fresh);
                for (int i = 0; i < v.length; i++) {
                    features.put(fresh.get(i), v[i]);
                }
                if (tower.cache().isPresent()) {
                    tower.cache().get().flush();
                }
            }
            TokenizedBatch tok = tokenizer.encode(fresh);
            for (int i = 0; i < fresh.size(); i++) {
                tokens.put(fresh.get(i), vocab.encode(tok.ids()[i], tok.attentionMask()[i], MiniLmResources.CLS_ID,
                        MiniLmResources.SEP_ID, length));
            }
        }

        Map<String, float[]> features() {
            return features;
        }

        Map<String, long[]> tokens() {
            return tokens;
        }

        private static List<String> distinct(List<PairedSample> samples) {
            return new ArrayList<>(new LinkedHashSet<>(samples.stream().flatMap(s -> s.captions().stream()).toList()));
        }
    }
}
