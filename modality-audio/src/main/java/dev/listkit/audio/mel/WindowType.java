package dev.listkit.audio.mel;

/** Analysis window applied to each STFT frame, as the matching {@code torch.*_window} function. */
public enum WindowType {
    /** {@code torch.hann_window(n)}: periodic Hann (the torch, torchaudio and librosa default). */
    HANN,
    /** {@code torch.hann_window(n, periodic=False)}: symmetric Hann. */
    HANN_SYMMETRIC,
    /** {@code torch.hamming_window(n)}: periodic Hamming, alpha 0.54, beta 0.46. */
    HAMMING;

    /** The window of {@code length} samples, in double precision. */
    double[] coefficients(int length) {
        double[] w = new double[length];
        if (length == 1) {
            w[0] = 1.0; // torch returns ones(1) for a single-sample window
            return w;
        }
        // periodic windows use N in the denominator, symmetric ones N - 1 (as torch)
        double denom = this == HANN_SYMMETRIC ? length - 1 : length;
        for (int i = 0; i < length; i++) {
            double c = Math.cos(2.0 * Math.PI * i / denom);
            w[i] = this == HAMMING ? 0.54 - 0.46 * c : 0.5 - 0.5 * c;
        }
        return w;
    }
}
