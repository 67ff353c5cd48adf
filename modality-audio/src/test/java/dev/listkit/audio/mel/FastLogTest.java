package dev.listkit.audio.mel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastLogTest {
    @Test
    void withinTheStatedBoundOnEvery257thPositiveNormalFloat() {
        double worstAbs = 0;
        double worstUlps = 0;
        long checked = 0;
        for (long b = 0x00800000L; b < 0x7f800000L; b += 257) {
            float x = Float.intBitsToFloat((int) b);
            double ref = Math.log(x);
            double err = Math.abs(FastLog.ln(x) - ref);
            worstAbs = Math.max(worstAbs, err);
            if (Math.abs(ref) >= 1e-3) {
                worstUlps = Math.max(worstUlps, err / Math.ulp((float) ref));
            }
            checked++;
        }
        assertTrue(checked > 8_000_000, "checked " + checked);
        assertTrue(worstAbs <= FastLog.MAX_ABS_ERROR, "max abs error " + worstAbs);
        assertTrue(worstUlps <= FastLog.MAX_ULPS, "max ulps " + worstUlps);
    }

    @Test
    void rowVersionGivesExactlyTheScalarResults() {
        java.util.Random rnd = new java.util.Random(3);
        int n = 517;
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
            x[j] = Float.intBitsToFloat(0x00800000 + rnd.nextInt(0x7f000000)); // any positive normal float
        }
        int[] bits = new int[n];
        int[] kbits = new int[n];
        float[] kf = new float[n];
        float[] tmp = new float[n];
        float[] row = x.clone();
        FastLog.ln(row, n, bits, kbits, kf, tmp);
        for (int j = 0; j < n; j++) {
            assertEquals(Float.floatToRawIntBits(FastLog.ln(x[j])), Float.floatToRawIntBits(row[j]), "x=" + x[j]);
        }
        // a row with a zero, a subnormal and a NaN falls back to the scalar path for those values
        float[] odd = {1f, 0f, 1e-40f, Float.NaN, 5f};
        FastLog.ln(odd, odd.length, bits, kbits, kf, tmp);
        assertEquals(0f, odd[0]);
        assertEquals(Float.NEGATIVE_INFINITY, odd[1]);
        assertEquals((float) Math.log(1e-40f), odd[2]);
        assertTrue(Float.isNaN(odd[3]));
        assertEquals(FastLog.ln(5f), odd[4]);
    }

    @Test
    void specialValuesFollowMathLog() {
        assertEquals(Float.NEGATIVE_INFINITY, FastLog.ln(0f));
        assertEquals(Float.NEGATIVE_INFINITY, FastLog.ln(-0f));
        assertTrue(Float.isNaN(FastLog.ln(-1f)));
        assertTrue(Float.isNaN(FastLog.ln(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, FastLog.ln(Float.POSITIVE_INFINITY));
        assertEquals((float) Math.log(1e-40f), FastLog.ln(1e-40f)); // subnormal
        assertEquals(0f, FastLog.ln(1f));
        assertEquals((float) Math.log(2.0), FastLog.ln(2f), 1e-7f);
    }
}
