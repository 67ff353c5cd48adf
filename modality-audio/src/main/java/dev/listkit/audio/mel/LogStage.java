package dev.listkit.audio.mel;

/**
 * The compression step of {@link LogMelSpectrogram}: {@link #compress} maps mel energies to log values
 * band by band (with {@link FastLog}), {@link #finish} then applies what needs the whole spectrogram (the
 * {@code topDb} / Whisper clamps below the maximum) and the affine normalisation. Immutable.
 */
final class LogStage {
    private static final float WHISPER_FLOOR = 1e-10f;
    private static final float WHISPER_RANGE = 8.0f; // log10 units, i.e. 80 dB
    private static final double LN10 = Math.log(10.0);

    private final LogMode mode;
    private final float floor;    // DB: amin; WHISPER: 1e-10; LOG: eps (added, not a floor)
    private final float scale;    // multiplies ln(x)
    private final float offset;   // subtracted after scaling (DB: multiplier * log10(max(amin, ref)))
    private final Float range;    // clamp to max - range over the spectrogram, or null
    private final boolean whisper;
    private final float shift;
    private final float divisor;

    LogStage(MelConfig c) {
        this.mode = c.logMode();
        this.shift = (float) c.affineShift();
        this.divisor = (float) c.affineDivisor();
        switch (mode) {
            case DB -> {
                double multiplier = c.power() == 2 ? 10.0 : 20.0; // power vs magnitude, as AmplitudeToDB
                floor = (float) c.amin();
                scale = (float) (multiplier / LN10);
                offset = (float) (multiplier * Math.log10(Math.max(c.amin(), c.refValue())));
                range = c.topDb() == null ? null : c.topDb().floatValue();
                whisper = false;
            }
            case WHISPER -> {
                floor = WHISPER_FLOOR;
                scale = (float) (1.0 / LN10);
                offset = 0f;
                range = WHISPER_RANGE;
                whisper = true;
            }
            case LOG -> {
                floor = (float) c.logEps();
                scale = (float) (1.0 / Math.log(c.logBase()));
                offset = 0f;
                range = null;
                whisper = false;
            }
            default -> {
                floor = 0f;
                scale = 1f;
                offset = 0f;
                range = null;
                whisper = false;
            }
        }
    }

    /** Per-thread scratch for {@link #compress}. */
    static final class Scratch {
        final int[] bits;
        final int[] kbits;
        final float[] kf;
        final float[] tmp;

        Scratch(int n) {
            bits = new int[n];
            kbits = new int[n];
            kf = new float[n];
            tmp = new float[n];
        }
    }

    /** Compresses {@code row[0 .. n)} of mel energies in place. */
    void compress(float[] row, int n, Scratch s) {
        switch (mode) {
            case DB, WHISPER -> {
                for (int j = 0; j < n; j++) {
                    row[j] = Math.max(row[j], floor);
                }
            }
            case LOG -> {
                for (int j = 0; j < n; j++) {
                    row[j] += floor;
                }
            }
            default -> {
                return;
            }
        }
        FastLog.ln(row, n, s.bits, s.kbits, s.kf, s.tmp);
        for (int j = 0; j < n; j++) {
            row[j] = row[j] * scale - offset;
        }
    }

    /** The steps over the whole compressed spectrogram {@code out}: range clamp, Whisper's scaling, affine. */
    void finish(float[] out) {
        if (range != null) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : out) {
                max = Math.max(max, v);
            }
            float low = max - range;
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(out[i], low);
            }
        }
        if (whisper) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (out[i] + 4f) / 4f;
            }
        }
        if (shift != 0f || divisor != 1f) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (out[i] + shift) / divisor; // float32, as (x + 4.5) / 5 on a float tensor
            }
        }
    }
}
