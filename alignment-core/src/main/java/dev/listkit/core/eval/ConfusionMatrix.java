package dev.listkit.core.eval;

import java.util.List;

/**
 * Counts of (true class, predicted class); rows are true classes, columns predictions.
 *
 * @param labels class names, in index order
 * @param counts (C, C) counts; copied in and out, so the record stays immutable
 */
public record ConfusionMatrix(List<String> labels, int[][] counts) {
    /** Copies and checks the shape. */
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        counts = deepCopy(counts);
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException("confusion matrix has " + counts.length + " rows for " + labels.size() + " labels");
        }
        for (int[] row : counts) {
            if (row.length != labels.size()) {
                throw new IllegalArgumentException("confusion matrix is not square");
            }
        }
    }

    /** A copy of the counts. */
    @Override
    public int[][] counts() {
        return deepCopy(counts);
    }

    /** Items of true class {@code truth} predicted as {@code predicted}. */
    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    private static int[][] deepCopy(int[][] m) {
        int[][] out = new int[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
