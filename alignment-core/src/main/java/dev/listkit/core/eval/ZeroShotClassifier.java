package dev.listkit.core.eval;

import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.text.TextEmbedder;
import dev.listkit.core.util.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-shot classification as in CLIP: each class embedding is the normalised mean of the
 * normalised embeddings of its prompts; an item is assigned the class of highest cosine similarity.
 */
public final class ZeroShotClassifier {
    private ZeroShotClassifier() {
    }

    /**
     * Builds the class embeddings with one call to {@code embedder} for all prompts.
     *
     * @param classes class names, validated by {@link ClassNames#validate}
     * @return (C, D) unit-norm class embeddings
     */
    public static float[][] classEmbeddings(List<String> classes, PromptTemplates templates, TextEmbedder embedder)
            throws ListkitException {
        ClassNames.validate(classes, "zero-shot classes");
        int t = templates.templates().size();
        List<String> prompts = new ArrayList<>(classes.size() * t);
        for (String c : classes) {
            prompts.addAll(templates.format(c));
        }
        float[][] emb = embedder.embed(prompts); // (C·T, D)
        if (emb.length != prompts.size()) {
            throw new ConfigException("text embedder returned " + emb.length + " rows for " + prompts.size() + " prompts");
        }
        float[][] out = new float[classes.size()][];
        for (int c = 0; c < classes.size(); c++) {
            float[] mean = new float[emb[c * t].length]; // (D)
            for (int k = 0; k < t; k++) {
                float[] e = Vectors.normalized(emb[c * t + k]);
                for (int d = 0; d < mean.length; d++) {
                    mean[d] += e[d] / t;
                }
            }
            out[c] = Vectors.normalized(mean);
        }
        return out;
    }

    /**
     * Scores items against class embeddings.
     *
     * @param items (N, D) item embeddings (normalised here)
     * @param labels (N) true class index per item
     * @param classEmbeddings (C, D)
     * @param classes C class names
     */
    public static ZeroShotResult evaluate(float[][] items, int[] labels, float[][] classEmbeddings, List<String> classes) {
        if (items.length != labels.length || classEmbeddings.length != classes.size()) {
            throw new IllegalArgumentException("items/labels or classEmbeddings/classes differ in length");
        }
        int numClasses = classes.size();
        float[][] sim = Vectors.cosineMatrix(items, classEmbeddings); // (N, C)
        int[][] confusion = new int[numClasses][numClasses];
        int top1 = 0;
        int top5 = 0;
        for (int i = 0; i < items.length; i++) {
            int truth = labels[i];
            if (truth < 0 || truth >= numClasses) {
                throw new IllegalArgumentException("label " + truth + " of item " + i + " is not a class index");
            }
            float[] row = sim[i];
            int best = 0;
            int better = 0; // classes scoring strictly above the true class
            for (int c = 0; c < numClasses; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
                if (row[c] > row[truth]) {
                    better++;
                }
            }
            confusion[truth][best]++;
            if (best == truth) {
                top1++;
            }
            if (better < 5) {
                top5++;
            }
        }
        List<ClassAccuracy> perClass = new ArrayList<>(numClasses);
        for (int c = 0; c < numClasses; c++) {
            int total = 0;
            for (int p = 0; p < numClasses; p++) {
                total += confusion[c][p];
            }
            int correct = confusion[c][c];
            perClass.add(new ClassAccuracy(classes.get(c), correct, total, total == 0 ? 0 : (double) correct / total));
        }
        int n = Math.max(items.length, 1);
        return new ZeroShotResult(items.length, (double) top1 / n, (double) top5 / n, perClass,
                new ConfusionMatrix(classes, confusion));
    }
}
