package dev.listkit.audio.mel;

/** The compression step of {@link LogMelSpectrogram}, applied to the whole spectrogram at once. */
final class LogStage {
    private static final double WHISPER_FLOOR = 1e-10;
    private static final double WHISPER_RANGE = 8.0; // log10 units, i.e. 80 dB

    private LogStage() {
    }

    /** Writes the compressed {@code mel} energies into {@code out} (same layout). */
    static void apply(MelConfig c, double[] mel, float[] out) {
        switch (c.logMode()) {
            case NONE -> {
                for (int i = 0; i < mel.length; i++) {
                    out[i] = (float) mel[i];
                }
            }
            case LOG -> {
                double eps = c.logEps();
                double scale = 1.0 / Math.log(c.logBase());
                for (int i = 0; i < mel.length; i++) {
                    out[i] = (float) (Math.log(mel[i] + eps) * scale);
                }
            }
            case DB -> db(c, mel, out);
            case WHISPER -> whisper(mel, out);
            default -> throw new IllegalStateException("unhandled log mode " + c.logMode());
        }
        if (c.affineShift() != 0 || c.affineDivisor() != 1) {
            float shift = (float) c.affineShift();
            float divisor = (float) c.affineDivisor();
            for (int i = 0; i < out.length; i++) {
                out[i] = (out[i] + shift) / divisor; // float32, as (x + 4.5) / 5 on a float tensor
            }
        }
    }

    private static void db(MelConfig c, double[] mel, float[] out) {
        double multiplier = c.power() == 2 ? 10.0 : 20.0; // power vs magnitude, as AmplitudeToDB
        double amin = c.amin();
        double offset = multiplier * Math.log10(Math.max(amin, c.refValue()));
        double max = Double.NEGATIVE_INFINITY;
        double[] db = mel; // compute in place: mel is a private temporary of compute()
        for (int i = 0; i < mel.length; i++) {
            double v = multiplier * Math.log10(Math.max(mel[i], amin)) - offset;
            db[i] = v;
            max = Math.max(max, v);
        }
        double floor = c.topDb() == null ? Double.NEGATIVE_INFINITY : max - c.topDb();
        for (int i = 0; i < db.length; i++) {
            out[i] = (float) Math.max(db[i], floor);
        }
    }

    private static void whisper(double[] mel, float[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < mel.length; i++) {
            double v = Math.log10(Math.max(mel[i], WHISPER_FLOOR));
            mel[i] = v;
            max = Math.max(max, v);
        }
        double floor = max - WHISPER_RANGE;
        for (int i = 0; i < mel.length; i++) {
            out[i] = (float) ((Math.max(mel[i], floor) + 4.0) / 4.0);
        }
    }
}
