package dev.listkit.core.train.coca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.listkit.core.MediaException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.loss.CaptionLoss;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.model.CocaConfig;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.train.TrainConfig;
import dev.listkit.core.train.Trainer;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CoCa step on a toy encoder: both contrastive objectives train, crops keep the declared length. */
class CocaStepFunctionTest {
    /** (B, 1, 4, T) → tokens (B, T, 8) by a linear map of each column, pooled = mean over T. */
    static final class ToyEncoder extends AbstractBlock {
        private final Linear proj = addChildBlock("proj", Linear.builder().setUnits(8).build());

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            NDArray x = in.singletonOrThrow(); // (B, 1, 4, T)
            long b = x.getShape().get(0);
            NDArray cols = x.reshape(b, 4, -1).transpose(0, 2, 1); // (B, T, 4)
            NDArray tokens = proj.forward(ps, new NDList(cols), training).singletonOrThrow(); // (B, T, 8)
            return new NDList(tokens.mean(new int[] {1}), tokens);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            return new Shape[] {new Shape(in[0].get(0), 8), new Shape(in[0].get(0), in[0].get(3), 8)};
        }

        @Override
        public void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
            proj.initialize(m, t, new Shape(1, 1, 4));
        }
    }

    static final class Identity implements Modality {
        @Override
        public String id() {
            return "toy";
        }

        @Override
        public String fingerprint() {
            return "toy";
        }

        @Override
        public long[] sampleShape() {
            return new long[] {1, 4, 10};
        }

        @Override
        public Set<String> fileExtensions() {
            return Set.of("toy");
        }

        @Override
        public FloatTensor load(Path media) throws MediaException {
            throw new MediaException(media, "not used");
        }

        @Override
        public FloatTensor augment(FloatTensor features, SplittableRandom rng) {
            return features;
        }

        @Override
        public List<String> zeroShotTemplates() {
            return List.of("{}");
        }
    }

    private static Map<String, Float> trainAndRead(boolean sigmoid, List<String> seenParts) throws Exception {
        return trainAndRead(sigmoid, seenParts, null, new ArrayList<>());
    }

    private static Map<String, Float> trainAndRead(boolean sigmoid, List<String> seenParts, CocaConfig.TextSpec textSpec,
            List<String> parameterNames) throws Exception {
        return trainAndRead(sigmoid, seenParts, textSpec, parameterNames, 1.0, 1.0);
    }

    private static Map<String, Float> trainAndRead(boolean sigmoid, List<String> seenParts, CocaConfig.TextSpec textSpec,
            List<String> parameterNames, double contrastiveWeight, double captionWeight) throws Exception {
        Engine.getInstance().setRandomSeed(3);
        ToyData d = ToyData.make();
        List<PairedSample> samples = d.samples();
        Map<String, float[]> text = d.text();
        Map<String, long[]> tokens = d.tokens();
        CaptionVocabulary vocab = d.vocab();
        CocaConfig cfg = new CocaConfig(8, Json.object(), new CocaConfig.DecoderSpec(8, 1, 2, 2f, 6), textSpec);
        try (NDManager m = NDManager.newBaseManager()) {
            CocaModel model = new CocaModel(new ToyEncoder(), 8, 16, cfg, vocab, sigmoid);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 6), new Shape(1, 16), new Shape(1, 5));
            CocaStepFunction fn = new CocaStepFunction(model, new Identity(), samples, text, tokens,
                    sigmoid ? ContrastiveLoss.sigLip() : ContrastiveLoss.infoNce(), new CaptionLoss(0, 0.0),
                    contrastiveWeight, captionWeight, 4, 6, true);
            TrainConfig tc = new TrainConfig(8, 4, 0.05, 0.0, 0.0, 0.9, 0.98, 1e-6, 0, 1.0, 1, 1, 0, 1);
            try (Trainer t = Trainer.builder().setBlock(model).setConfig(tc).setStepFunction(fn)
                    .addListener(rep -> seenParts.addAll(rep.parts().keySet())).build()) {
                t.run();
            }
            Map<String, Float> out = new HashMap<>();
            model.getParameters().forEach(p -> parameterNames.add(p.getKey()));
            model.getParameters().forEach(p -> {
                if (p.getKey().startsWith("logit")) {
                    out.put(p.getKey(), p.getValue().getArray().getFloat());
                }
            });
            return out;
        }
    }

    @Test
    void infoNceModelHasAScaleOnlyAndTrains() throws Exception {
        List<String> parts = new ArrayList<>();
        Map<String, Float> p = trainAndRead(false, parts);
        assertEquals(Set.of("logitScale"), p.keySet());
        assertNotEquals((float) Math.log(1 / 0.07), p.get("logitScale"), 1e-6f, "the scale learns");
        assertTrue(parts.contains("contrastive") && parts.contains("caption"), parts.toString());
    }

    @Test
    void sigLipModelLearnsScaleAndBias() throws Exception {
        Map<String, Float> p = trainAndRead(true, new ArrayList<>());
        assertEquals(Set.of("logitScale", "logitBias"), p.keySet());
        assertNotEquals(-10f, p.get("logitBias"), 1e-6f, "the bias learns");
        assertFalse(Float.isNaN(p.get("logitScale")));
    }

    @Test
    void trainableTextTowerReadsCaptionTokens() throws Exception {
        List<String> names = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        Map<String, Float> p = trainAndRead(false, parts, new CocaConfig.TextSpec("transformer", 8, 1, 2, true), names);
        assertTrue(names.stream().anyMatch(n -> n.contains("textEncoder_")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("textProjection_")), names.toString());
        assertFalse(Float.isNaN(p.get("logitScale")));
        assertTrue(parts.contains("contrastive"), parts.toString());
    }

    /** A loss with weight 0 is not computed: a separate captioner and a contrastive-only model train alone. */
    @Test
    void aZeroWeightSkipsThatLoss() throws Exception {
        List<String> contrastiveOnly = new ArrayList<>();
        Map<String, Float> c = trainAndRead(false, contrastiveOnly, null, new ArrayList<>(), 1.0, 0.0);
        assertEquals(Set.of("contrastive"), Set.copyOf(contrastiveOnly));
        assertNotEquals((float) Math.log(1 / 0.07), c.get("logitScale"), 1e-6f);
        List<String> captionOnly = new ArrayList<>();
        Map<String, Float> k = trainAndRead(false, captionOnly, null, new ArrayList<>(), 0.0, 1.0);
        assertEquals(Set.of("caption"), Set.copyOf(captionOnly));
        assertEquals((float) Math.log(1 / 0.07), k.get("logitScale"), 1e-6f, "no contrastive loss: the scale stays");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> trainAndRead(false, new ArrayList<>(), null, new ArrayList<>(), 0.0, 0.0));
    }

    /** Six toy pairs: (1, 4, 10) features, one-hot 16-d caption vectors and 6-token captions over a 7-entry vocabulary. */
    record ToyData(List<PairedSample> samples, Map<String, float[]> text, Map<String, long[]> tokens,
            CaptionVocabulary vocab) {
        static ToyData make() {
            Random r = new Random(5);
            List<PairedSample> samples = new ArrayList<>();
            Map<String, float[]> text = new HashMap<>();
            Map<String, long[]> tokens = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                float[] f = new float[40];
                for (int k = 0; k < f.length; k++) {
                    f[k] = (float) r.nextGaussian() + i;
                }
                String cap = "caption " + i;
                samples.add(new PairedSample("s" + i, new FloatTensor(f, new long[] {1, 4, 10}), List.of(cap)));
                float[] t = new float[16];
                t[i] = 1;
                text.put(cap, t);
                tokens.put(cap, new long[] {CaptionVocabulary.BOS, 4 + i % 3, 5, CaptionVocabulary.EOS, 0, 0});
            }
            CaptionVocabulary vocab = new CaptionVocabulary(new long[] {-1, -1, -1, -1, 1000, 1001, 1002});
            return new ToyData(samples, text, tokens, vocab);
        }
    }
}
