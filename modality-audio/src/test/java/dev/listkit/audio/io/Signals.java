package dev.listkit.audio.io;

/** Test signals and measurements. */
final class Signals {
    private Signals() {
    }

    static double[] sine(double freqHz, double amplitude, int rateHz, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = amplitude * Math.sin(2 * Math.PI * freqHz * i / rateHz);
        }
        return x;
    }

    static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    /** RMS of {@code x[from, to)}. */
    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    /**
     * Least-squares fit of {@code a sin(2 pi f t) + b cos(2 pi f t)} to {@code x[from, to)} at the given
     * frequency; returns the amplitude {@code sqrt(a^2 + b^2)} and the residual RMS.
     */
    static double[] toneFit(float[] x, double freqHz, int rateHz, int from, int to) {
        double ss = 0;
        double cc = 0;
        double sc = 0;
        double xs = 0;
        double xc = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * freqHz * i / rateHz;
            double s = Math.sin(w);
            double c = Math.cos(w);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            xs += x[i] * s;
            xc += x[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det;
        double b = (xc * ss - xs * sc) / det;
        double res = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * freqHz * i / rateHz;
            double e = x[i] - a * Math.sin(w) - b * Math.cos(w);
            res += e * e;
        }
        return new double[] {Math.hypot(a, b), Math.sqrt(res / (to - from))};
    }
}
