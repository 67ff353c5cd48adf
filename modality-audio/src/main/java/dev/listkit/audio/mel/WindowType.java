package dev.listkit.audio.mel;

/**
 * Shape of the analysis window applied to each STFT frame, as the matching {@code torch.*_window}
 * function; whether it is periodic or symmetric is {@link MelConfig#periodicWindow()}.
 */
public enum WindowType {
    /** {@code torch.hann_window}: {@code 0.5 - 0.5 cos(2 pi n / M)}. */
    HANN(0.5, 0.5),
    /** {@code torch.hamming_window} with its defaults: {@code 0.54 - 0.46 cos(2 pi n / M)}. */
    HAMMING(0.54, 0.46);

    private final double alpha;
    private final double beta;

    WindowType(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    /**
     * The window of {@code length} samples exactly as torch computes it in float32: periodic windows use
     * {@code M = length} (torch builds {@code length + 1} symmetric points and drops the last), symmetric
     * ones {@code M = length - 1}; {@code n * (2 pi / M)}, the cosine, and {@code alpha - beta cos} are each
     * rounded to float as torch's float32 kernels do. This matters for parity: a float32 Hann window
     * differs from the exact one by up to 2.5e-7, which leaks DC into the lowest bins by up to 0.001 dB.
     * (torch's vectorised cosine can differ from the correctly rounded one by 1 ulp in a few samples.)
     */
    float[] coefficients(int length, boolean periodic) {
        float[] w = new float[length];
        if (length == 1) {
            w[0] = 1f; // torch returns ones(1) for a single-sample window
            return w;
        }
        int m = periodic ? length : length - 1;
        float step = (float) (Math.PI * 2.0 / m);
        float a = (float) alpha;
        float negB = (float) -beta;
        for (int i = 0; i < length; i++) {
            float arg = i * step;
            float c = (float) Math.cos(arg);
            w[i] = c * negB + a;
        }
        return w;
    }
}
