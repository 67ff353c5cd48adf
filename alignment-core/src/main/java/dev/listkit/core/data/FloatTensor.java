package dev.listkit.core.data;

import java.util.Arrays;

/**
 * A dense float tensor in host (Java heap) memory, row-major. Preprocessed samples travel in this
 * form between a modality, the feature cache and the trainer; it owns no native memory, so nobody
 * has to close it.
 *
 * @param data  values, row-major, {@code data.length == product(shape)}
 * @param shape dimensions, e.g. {@code (1, nMels, frames)} for a log-mel or {@code (3, H, W)} for an image
 */
public record FloatTensor(float[] data, long[] shape) implements java.io.Serializable {
    public FloatTensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Shape as a readable string, e.g. {@code (1, 64, 501)}. */
    public String shapeString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "FloatTensor" + shapeString();
    }
}
