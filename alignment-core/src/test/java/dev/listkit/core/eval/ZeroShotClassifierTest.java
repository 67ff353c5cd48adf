package dev.listkit.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeroShotClassifierTest {
    /** Two templates; each prompt gets a fixed, unnormalised vector. */
    static final PromptTemplates TWO = new PromptTemplates("test", List.of("a {}", "the {}"));
    static final Map<String, float[]> PROMPT_VECTORS = Map.of(
            "a dog", new float[] {3, 0, 0}, "the dog", new float[] {0, 4, 0},
            "a cat", new float[] {0, 0, 2}, "the cat", new float[] {0, 0, 5},
            "a bird", new float[] {-1, 0, 0}, "the bird", new float[] {0, -1, 0});

    static float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            out[i] = PROMPT_VECTORS.get(texts.get(i)).clone();
        }
        return out;
    }

    @Test
    void classEmbeddingIsNormalisedMeanOfNormalisedPromptEmbeddings() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        float[][] ce = ZeroShotClassifier.classEmbeddings(List.of("dog", "cat", "bird"), TWO, texts -> {
            calls.add(texts);
            return embed(texts);
        });
        assertEquals(1, calls.size(), "one embedder call for all prompts");
        assertEquals(List.of("a dog", "the dog", "a cat", "the cat", "a bird", "the bird"), calls.get(0));
        // dog: mean((1,0,0), (0,1,0)) = (.5,.5,0) -> (1/√2, 1/√2, 0), whatever the raw norms 3 and 4
        double r = 1 / Math.sqrt(2);
        assertArrayEquals(new float[] {(float) r, (float) r, 0}, ce[0], 1e-6f);
        assertArrayEquals(new float[] {0, 0, 1}, ce[1], 1e-6f);
        assertArrayEquals(new float[] {(float) -r, (float) -r, 0}, ce[2], 1e-6f);
    }

    @Test
    void topKPerClassAndConfusionCountedByHand() throws Exception {
        List<String> classes = List.of("dog", "cat", "bird");
        float[][] ce = ZeroShotClassifier.classEmbeddings(classes, TWO, ZeroShotClassifierTest::embed);
        float[][] items = {
                {1, 1, 0}, // dog, correct
                {2, 0, 0.5f}, // dog, correct (cos dog .87 > cat .24)
                {0, 0.1f, 1}, // cat, correct
                {1, 0, 0}, // cat item predicted dog (cat cos 0, dog .71): error
                {-1, -1, 0}, // bird, correct
                {0.1f, 0, 1}, // bird item predicted cat: bird is last (cos < 0)
        };
        int[] labels = {0, 0, 1, 1, 2, 2};
        ZeroShotResult r = ZeroShotClassifier.evaluate(items, labels, ce, classes);
        assertEquals(6, r.count());
        assertEquals(4 / 6.0, r.top1(), 1e-12);
        assertEquals(1.0, r.top5(), 1e-12, "with 3 classes every item is in the top 5");
        assertEquals(new ClassAccuracy("dog", 2, 2, 1.0), r.perClass().get(0));
        assertEquals(new ClassAccuracy("cat", 1, 2, 0.5), r.perClass().get(1));
        assertEquals(new ClassAccuracy("bird", 1, 2, 0.5), r.perClass().get(2));
        int[][] expected = {{2, 0, 0}, {1, 1, 0}, {0, 1, 1}};
        assertArrayEquals(expected, r.confusion().counts());
    }

    @Test
    void top5CountsStrictlyBetterClasses() {
        // 7 one-hot classes; item scores decrease with class index, so the rank of class c is c + 1
        int c = 7;
        float[][] ce = new float[c][c];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            ce[i][i] = 1;
            names.add("c" + i);
        }
        float[] item = {7, 6, 5, 4, 3, 2, 1};
        float[][] items = new float[c][];
        int[] labels = new int[c];
        for (int i = 0; i < c; i++) {
            items[i] = item;
            labels[i] = i;
        }
        ZeroShotResult r = ZeroShotClassifier.evaluate(items, labels, ce, names);
        assertEquals(1 / 7.0, r.top1(), 1e-12);
        assertEquals(5 / 7.0, r.top5(), 1e-12);
        for (int i = 0; i < c; i++) {
            assertEquals(1, r.confusion().count(i, 0), "every item is predicted as class 0");
        }
    }

    @Test
    void classListValidationNamesTheProblem() {
        ConfigException dup = assertThrows(ConfigException.class,
                () -> ClassNames.validate(List.of("dog", "cat", "dog"), "esc50/classes.txt"));
        assertTrue(dup.getMessage().contains("'dog'") && dup.getMessage().contains("esc50/classes.txt")
                && dup.getMessage().contains("0 and 2"), dup.getMessage());
        ConfigException blank = assertThrows(ConfigException.class, () -> ClassNames.validate(List.of("dog", " "), "x"));
        assertTrue(blank.getMessage().contains("class 1"), blank.getMessage());
        assertThrows(ConfigException.class, () -> ClassNames.validate(List.of(), "x"));
        assertThrows(ConfigException.class,
                () -> ZeroShotClassifier.classEmbeddings(List.of("a", "a"), TWO, ZeroShotClassifierTest::embed));
    }
}
