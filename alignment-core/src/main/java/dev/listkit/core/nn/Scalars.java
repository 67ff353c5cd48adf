package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant, safe in code that autograd records. Use these instead of DJL's
 * {@code NDArray.mul(Number)}, {@code div(Number)}, {@code minimum(Number)}, {@code maximum(Number)} and
 * {@code pow(Number)} (and their in-place forms) anywhere a gradient may flow.
 *
 * <p>Why: DJL 0.35.1's PyTorch engine makes the constant of those overloads a 0-d tensor that <em>aliases</em> a
 * fresh Java direct buffer ({@code torch::from_blob}, no copy on the CPU) and closes it right after the op. Mul,
 * div, pow, minimum and maximum save that operand for the backward pass, so the graph keeps pointing at the
 * buffer's memory, which the garbage collector frees whenever it runs. A backward pass after such a GC reads freed
 * memory: gradients come out wrong, NaN or infinite at random steps, and two identical runs differ. The constants
 * made here are allocated by PyTorch ({@code torch::full}) and reference-counted by the graph, so they live as long
 * as it needs them; the results are the same numbers DJL's overloads give when nothing has been freed.
 * ({@code add(Number)} and {@code sub(Number)} are safe: their backward saves no operand.)
 */
public final class Scalars {
    private Scalars() {
    }

    /**
     * A 0-d array holding {@code value} in {@code like}'s data type, in {@code like}'s manager, its memory owned by
     * the engine (closing the handle early is safe: a graph that uses it holds its own reference).
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType()); // ()
    }

    /** {@code x * value}, same shape as {@code x}. */
    public static NDArray mul(NDArray x, double value) {
        try (NDArray s = of(x, value)) {
            return x.mul(s);
        }
    }

    /** {@code x / value}, same shape as {@code x}. */
    public static NDArray div(NDArray x, double value) {
        try (NDArray s = of(x, value)) {
            return x.div(s);
        }
    }

    /** Element-wise {@code min(x, value)}, same shape as {@code x}. */
    public static NDArray minimum(NDArray x, double value) {
        try (NDArray s = of(x, value)) {
            return x.minimum(s);
        }
    }

    /** Element-wise {@code max(x, value)}, same shape as {@code x}. */
    public static NDArray maximum(NDArray x, double value) {
        try (NDArray s = of(x, value)) {
            return x.maximum(s);
        }
    }
}
