package dev.listkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.model.CocaConfig;
import dev.listkit.core.tower.OnnxTowerSpec;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.JsonOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A paired-training recipe: which modality, which datasets (and how labels become captions), the model,
 * the losses, the trainer settings and the evaluations. Read from JSON strictly: unknown keys fail with
 * the list of accepted keys; {@code --set a.b=c} overrides apply before binding.
 *
 * @param name        recipe name (also the default run directory name)
 * @param description one line for people
 * @param modality    modality plugin and its config
 * @param data        training data
 * @param model       CoCa architecture
 * @param loss        loss weights
 * @param train       trainer settings
 * @param eval        evaluations after training
 * @param selfTraining the LIST self-training loop (null for a paired-only recipe)
 */
public record Recipe(String name, String description, ModalitySection modality, DataSection data, CocaConfig model,
                     LossSection loss, TrainConfig train, EvalSection eval, SelfTrainingSection selfTraining) {

    /**
     * @param id     modality plugin id
     * @param config the plugin's config (e.g. preset and clip length)
     */
    public record ModalitySection(String id, JsonNode config) {
    }

    /**
     * @param train              sources of paired samples
     * @param captionHoldout     fraction of paired samples held out (by id) to score generated captions
     * @param trainCropLastAxis  random crop of the tensors' last axis during training (0 = none); the
     *                           encoders pool over it, so evaluation uses the full length
     * @param maxCaptionsPerSample at most this many captions per sample are kept (0 = all)
     * @param pool               self-training only: labelled sources split into a paired fraction (label
     *                           captions kept) and an unpaired remainder (captions and {@code hiddenKeys}
     *                           removed); the oracle arm uses all of it paired
     * @param pairedFraction     fraction of each pool stratum that stays paired
     * @param stratifyKey        metadata key the pool split is stratified by (null: none)
     * @param hiddenKeys         metadata keys removed from unpaired samples (e.g. the label)
     * @param poolHoldout        self-training only: fraction of the pool (by a seeded hash of the id) held
     *                           out with its captions for caption and retrieval evaluation (default 0)
     * @param novelFraction      self-training only, with {@code stratifyKey}: this fraction of the pool's strata
     *                           (label values), chosen per experiment seed by a seeded hash of the value, get no
     *                           paired example: all their samples are unpaired, so their names can come only from
     *                           what the unpaired data teach (e.g. a tagger's tags) or, in the oracle arm, from
     *                           their labels. The other strata are split by {@code pairedFraction}. Default 0
     */
    public record DataSection(List<Source> train, Double captionHoldout, Integer trainCropLastAxis,
                              Integer maxCaptionsPerSample, List<Source> pool, Double pairedFraction,
                              String stratifyKey, List<String> hiddenKeys, Double poolHoldout, Double novelFraction) {
        public DataSection {
            novelFraction = novelFraction == null ? 0.0 : novelFraction;
            train = train == null ? List.of() : List.copyOf(train);
            pool = pool == null ? List.of() : List.copyOf(pool);
            pairedFraction = pairedFraction == null ? 0.0 : pairedFraction;
            hiddenKeys = hiddenKeys == null ? List.of() : List.copyOf(hiddenKeys);
            poolHoldout = poolHoldout == null ? 0.0 : poolHoldout;
            captionHoldout = captionHoldout == null ? 0.0 : captionHoldout;
            trainCropLastAxis = trainCropLastAxis == null ? 0 : trainCropLastAxis;
            maxCaptionsPerSample = maxCaptionsPerSample == null ? 0 : maxCaptionsPerSample;
        }
    }

    /**
     * One dataset of paired samples.
     *
     * @param dataset       dataset reader id
     * @param directory     directory under the data root (null: the reader's default)
     * @param options       reader options
     * @param labelCaptions turn a metadata label into captions (null: use the dataset's own captions)
     * @param limit         use at most this many samples (0 = all), taken in dataset order
     * @param part          keep only one side of a seeded split (null: all samples)
     */
    public record Source(String dataset, String directory, Map<String, String> options, LabelCaptions labelCaptions,
                         Integer limit, Part part) {
        public Source {
            options = options == null ? Map.of() : Map.copyOf(options);
            limit = limit == null ? 0 : limit;
        }
    }

    /**
     * One side of a seeded split of a dataset by group: samples whose group (the metadata value under
     * {@code groupKey}, or the sample id) hashes below {@code fraction} are the {@code first} side, the
     * others the {@code rest}. Grouping by e.g. ESC-50's {@code src_file} keeps clips cut from one
     * recording on one side, so a training and an evaluation part never share a source.
     *
     * @param groupKey metadata key of the group (null: the sample id)
     * @param fraction expected fraction of groups on the {@code first} side, in (0, 1)
     * @param seed     hash seed
     * @param take     {@code first} or {@code rest}
     */
    public record Part(String groupKey, double fraction, long seed, String take) {
        /** True when {@code sample} is on the side this part takes. */
        public boolean contains(dev.listkit.core.data.SampleRef sample) {
            String group = groupKey == null ? sample.id() : sample.metadata().getOrDefault(groupKey, sample.id());
            String h = dev.listkit.core.util.Hashing.sha256(seed + ":" + group).substring(0, 8);
            boolean first = Long.parseLong(h, 16) / (double) 0x1_0000_0000L < fraction;
            return first == "first".equals(take);
        }

        void validate(String where) throws ConfigException {
            require(fraction > 0 && fraction < 1, where + ": part.fraction must be in (0, 1)");
            require("first".equals(take) || "rest".equals(take), where + ": part.take must be 'first' or 'rest'");
        }
    }

    /**
     * Captions made from a label, e.g. {@code "dog_bark"} with {@code "the sound of a {}"}.
     *
     * @param key       metadata key holding the label
     * @param templates templates with one {@code {}} each; every sample gets all of them
     */
    public record LabelCaptions(String key, List<String> templates) {
        public LabelCaptions {
            templates = templates == null ? List.of() : List.copyOf(templates);
        }
    }

    /**
     * @param contrastive       {@code infonce} (CLIP's symmetric softmax loss, default) or {@code siglip}
     *                          (pairwise sigmoid loss with a learnable bias)
     * @param contrastiveWeight weight of the contrastive loss
     * @param captionWeight     weight of the caption cross-entropy
     * @param labelSmoothing    label smoothing of the caption loss
     */
    public record LossSection(String contrastive, double contrastiveWeight, double captionWeight,
                              double labelSmoothing) {
        /** Accepted contrastive losses. */
        public static final List<String> CONTRASTIVE = List.of("infonce", "siglip");

        public LossSection {
            contrastive = contrastive == null ? "infonce" : contrastive;
        }

        /** True for the sigmoid (SigLIP) loss. */
        public boolean sigmoid() {
            return contrastive.equals("siglip");
        }
    }

    /**
     * @param zeroShot zero-shot classification evaluations
     * @param captions  score generated captions on the held-out paired samples
     * @param retrieval text↔item retrieval R@1/5/10 among the held-out paired samples, with all their captions
     * @param compositionality the SugarCrepe-style hard-negative benchmark made from the held-out samples'
     *                  captions, scored per kind (default false); its seed is the run's seed
     */
    public record EvalSection(List<ZeroShotSpec> zeroShot, Boolean captions, Boolean retrieval,
                              Boolean compositionality) {
        public EvalSection {
            zeroShot = zeroShot == null ? List.of() : List.copyOf(zeroShot);
            captions = captions != null && captions;
            retrieval = retrieval != null && retrieval;
            compositionality = compositionality != null && compositionality;
        }
    }

    /**
     * @param dataset   dataset reader id (its class names are the labels)
     * @param directory directory under the data root (null: the reader's default)
     * @param options   reader options, e.g. {@code folds=4}
     * @param templates built-in template set names, each evaluated separately (none: the modality's own
     *                  templates, under the name {@code default})
     * @param part      evaluate on one side of a seeded split only (null: all samples)
     */
    public record ZeroShotSpec(String dataset, String directory, Map<String, String> options, List<String> templates,
                               Part part) {
        public ZeroShotSpec {
            options = options == null ? Map.of() : Map.copyOf(options);
            templates = templates == null ? List.of() : List.copyOf(templates);
        }
    }

    /** Reads a recipe file, applies overrides and validates it. */
    public static Recipe load(Path file, List<String> overrides) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read recipe: " + e.getMessage(), e);
        }
        return parse(text, file.toString(), overrides);
    }

    /** Parses recipe JSON text ({@code source} names it in errors), applies overrides and validates. */
    public static Recipe parse(String text, String source, List<String> overrides) throws ConfigException {
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
        if (!node.isObject()) {
            throw new ConfigException(source + ": a recipe is a JSON object");
        }
        JsonOverrides.apply((ObjectNode) node, overrides);
        Recipe r = bindStrictly(node, source);
        return r.validate(source);
    }

    private static Recipe bindStrictly(JsonNode node, String source) throws ConfigException {
        Recipe r = Json.bind(node, Recipe.class, source);
        // Nested records are bound by Jackson with FAIL_ON_UNKNOWN_PROPERTIES, but check them with the
        // same helpful message as the top level.
        Json.bind(node.get("data"), DataSection.class, source + ": data");
        Json.bind(node.get("loss"), LossSection.class, source + ": loss");
        Json.bind(node.get("train"), TrainConfig.class, source + ": train");
        Json.bind(node.get("eval"), EvalSection.class, source + ": eval");
        Json.bind(node.get("model"), CocaConfig.class, source + ": model");
        if (node.hasNonNull("selfTraining")) {
            Json.bind(node.get("selfTraining"), SelfTrainingSection.class, source + ": selfTraining");
        }
        return r;
    }

    private Recipe validate(String source) throws ConfigException {
        require(name != null && !name.isBlank(), source + ": 'name' is required");
        require(modality != null && modality.id() != null, source + ": 'modality.id' is required");
        require(data != null && !(data.train().isEmpty() && data.pool().isEmpty()),
                source + ": 'data.train' (or, for self-training, 'data.pool') needs at least one source");
        require(selfTraining != null || !data.train().isEmpty(), source + ": 'data.train' needs at least one source");
        require(data.poolHoldout() >= 0 && data.poolHoldout() < 1, source + ": data.poolHoldout must be in [0, 1)");
        require(data.captionHoldout() >= 0 && data.captionHoldout() < 1,
                source + ": data.captionHoldout must be in [0, 1)");
        require(data.trainCropLastAxis() >= 0, source + ": data.trainCropLastAxis must be >= 0");
        require(data.trainCropLastAxis() == 0 || model == null || !OnnxTowerSpec.isOnnx(model.encoder()),
                source + ": data.trainCropLastAxis crops the modality's tensors, but with a frozen (onnx) encoder the "
                        + "samples are its cached outputs: set it to 0 and use the encoder's 'views' for augmentation");
        List<Source> all = new java.util.ArrayList<>(data.train());
        all.addAll(data.pool());
        for (Source s : all) {
            require(s.dataset() != null, source + ": every data.train / data.pool entry needs 'dataset'");
            if (s.part() != null) {
                s.part().validate(source + ": " + s.dataset());
            }
            if (s.labelCaptions() != null) {
                require(s.labelCaptions().key() != null && !s.labelCaptions().templates().isEmpty(),
                        source + ": labelCaptions needs 'key' and at least one template");
                for (String t : s.labelCaptions().templates()) {
                    require(t.indexOf("{}") >= 0 && t.indexOf("{}") == t.lastIndexOf("{}"),
                            source + ": label caption template needs exactly one {}: '" + t + "'");
                }
            }
        }
        require(loss != null, source + ": 'loss' is required");
        require(LossSection.CONTRASTIVE.contains(loss.contrastive()), source + ": loss.contrastive '"
                + loss.contrastive() + "' is not one of " + LossSection.CONTRASTIVE);
        require(loss.contrastiveWeight() >= 0 && loss.captionWeight() >= 0
                && loss.contrastiveWeight() + loss.captionWeight() > 0,
                source + ": loss weights must be >= 0 and not both 0");
        require(model != null, source + ": 'model' is required");
        model.validate();
        require(train != null, source + ": 'train' is required");
        train.validate();
        require(eval != null, source + ": 'eval' is required");
        for (ZeroShotSpec z : eval.zeroShot()) {
            if (z.part() != null) {
                z.part().validate(source + ": eval.zeroShot " + z.dataset());
            }
        }
        require(data.pairedFraction() >= 0 && data.pairedFraction() <= 1,
                source + ": data.pairedFraction must be in [0, 1]");
        require(data.novelFraction() >= 0 && data.novelFraction() < 1,
                source + ": data.novelFraction must be in [0, 1)");
        require(data.novelFraction() == 0 || data.stratifyKey() != null,
                source + ": data.novelFraction picks strata (label values) without a paired example: set data.stratifyKey");
        if (selfTraining != null) {
            require(!data.pool().isEmpty(), source + ": selfTraining needs data.pool (the samples to self-train on)");
            selfTraining.validate(source);
        }
        crossChecks(source);
        return this;
    }

    /**
     * Constraints between sections, so that a recipe that cannot run as written fails when it is loaded
     * rather than after hours of training.
     */
    private void crossChecks(String source) throws ConfigException {
        for (int i = 0; i < eval.zeroShot().size(); i++) {
            ZeroShotSpec z = eval.zeroShot().get(i);
            String where = source + ": eval.zeroShot[" + i + "]";
            require(z.dataset() != null, where + ".dataset is required");
            // No templates is allowed: the modality's own zero-shot templates are used (the set "default").
        }
        if (selfTraining == null) {
            // Only the self-training loop reads these; in a paired recipe they would be silently ignored.
            require(data.pool().isEmpty(), source + ": data.pool is read only by self-training recipes (with a"
                    + " 'selfTraining' section); move the sources to data.train or add selfTraining");
            require(data.pairedFraction() == 0 && data.poolHoldout() == 0 && data.stratifyKey() == null
                    && data.hiddenKeys().isEmpty() && data.novelFraction() == 0, source + ": data.pairedFraction,"
                    + " data.poolHoldout, data.stratifyKey, data.novelFraction and data.hiddenKeys apply to data.pool"
                    + " and need a 'selfTraining' section");
        }
        boolean heldOut = data.captionHoldout() > 0 || (selfTraining != null && data.poolHoldout() > 0);
        require(heldOut || !(eval.captions() || eval.retrieval() || eval.compositionality()), source
                + ": eval.captions, eval.retrieval and eval.compositionality score held-out samples, but none are held"
                + " out: set data.captionHoldout in (0, 1)" + (selfTraining != null ? " or data.poolHoldout in (0, 1)"
                : "") + ", or set them to false");
        if (selfTraining == null) {
            return;
        }
        SelfTrainingSection st = selfTraining;
        require(new java.util.HashSet<>(st.seeds()).size() == st.seeds().size(),
                source + ": selfTraining.seeds has a seed twice: " + st.seeds());
        require(new java.util.HashSet<>(st.arms()).size() == st.arms().size(),
                source + ": selfTraining.arms has an arm twice: " + st.arms());
        if (st.arms().contains("list")) {
            // Unpaired samples must not keep the label their paired twins are captioned from: the engine's
            // refiners read the metadata, so a visible label would leak the answer into the synthetic captions.
            for (int i = 0; i < data.pool().size(); i++) {
                LabelCaptions lc = data.pool().get(i).labelCaptions();
                require(lc == null || data.hiddenKeys().contains(lc.key()), source + ": data.hiddenKeys must contain '"
                        + (lc == null ? "" : lc.key()) + "' (the labelCaptions key of data.pool[" + i + "]), or the"
                        + " unpaired samples keep their label and the data engine's refiners can read it; hidden now: "
                        + data.hiddenKeys());
            }
            CaptionStrategy c = st.engine().captioner();
            int limit = model.decoder().maxLength() - 1;
            require(c.maxTokens() <= limit, source + ": selfTraining.engine.captioner.maxTokens is " + c.maxTokens()
                    + " but model.decoder.maxLength " + model.decoder().maxLength() + " leaves room for " + limit
                    + " new tokens (BOS takes one position): use maxTokens <= " + limit);
            require(c.kind().equals("nucleus") || c.candidates() == 1, source + ": selfTraining.engine.captioner"
                    + ".candidates is " + c.candidates() + " but kind '" + c.kind() + "' makes one caption per sample;"
                    + " use kind 'nucleus' for several candidates, or candidates 1");
        }
    }

    private static void require(boolean ok, String message) throws ConfigException {
        if (!ok) {
            throw new ConfigException(message);
        }
    }
}
