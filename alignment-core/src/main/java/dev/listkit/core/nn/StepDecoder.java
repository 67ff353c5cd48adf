package dev.listkit.core.nn;

/**
 * One incremental decoding step over R rows, whatever runs the decoder: DJL with a {@link KvCache}, or
 * ONNX Runtime with past/present key-value tensors. {@link GreedySearch}, {@link BeamSearch} and
 * {@link NucleusSampler} drive it, so every runtime shares one implementation of each strategy.
 *
 * <p>Rows start as one per input (the memory's batch). {@link #reorder} before the first step repeats
 * the memory rows (beams, samples); after it, it reorders the cached keys/values (beam parents).
 *
 * @param <E> the exception the runtime throws ({@link RuntimeException} for DJL)
 */
public interface StepDecoder<E extends Exception> {
    /**
     * Feeds one token per row and returns the next-token logits of every row, row-major (R · V).
     *
     * @param tokens the next input token of each of the R rows
     */
    float[] step(long[] tokens) throws E;

    /**
     * Keeps rows {@code rows} (R' indices into the current R rows, repeats allowed), in that order.
     */
    void reorder(int[] rows) throws E;
}
