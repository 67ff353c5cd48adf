package dev.listkit.core.list;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The results table of a self-training run ({@code results.md} and the {@code train} output). */
class ResultsTableTest {
    private static RoundReport round(String arm, long seed, int round, double top1, double engineSeconds,
            int synthetic) {
        return new RoundReport(arm, seed, round, 10, 1.5, engineSeconds, 20, synthetic, 40,
                Map.of("zeroshot/esc50/ms-clap/top1", top1));
    }

    @Test
    void oneSeedShowsItsValueAloneAndMetricsThatDoNotApplyAreDashes() {
        SelfTrainingResults r = SelfTrainingResults.of("toy", List.of(1L), List.of(
                round("paired", 1, 0, 0.20, 0, 0), round("paired", 1, 1, 0.25, 0, 0),
                round("list", 1, 0, 0.20, 0, 0), round("list", 1, 1, 0.30, 4.0, 17),
                round("oracle", 1, 0, 0.35, 0, 0), round("oracle", 1, 1, 0.40, 0, 0)), Map.of());
        assertFalse(r.arms().get("paired").get(1).containsKey("data/syntheticPairs"), "no engine in the paired arm");
        assertFalse(r.arms().get("list").get(0).containsKey("cost/engineSeconds"), "no engine in round 0");
        assertEquals(17.0, r.arms().get("list").get(1).get("data/syntheticPairs").mean());
        String md = r.markdown();
        assertTrue(md.contains("| list | 20.00 | 30.00 |"), md);
        assertTrue(md.contains("**data/syntheticPairs**"), md);
        assertTrue(md.contains("| paired | — | — |"), "cells that do not apply: " + md);
        assertTrue(md.contains("| list | — | 17.000 |"), md);
        assertFalse(md.contains("±"), "one seed has no spread: " + md);
        assertFalse(md.contains("0.000 ± 0.000"), md);
        assertTrue(md.indexOf("| paired |") < md.indexOf("| list |") && md.indexOf("| list |") < md.indexOf("| oracle |"));
    }

    @Test
    void severalSeedsShowMeanAndSpread() {
        SelfTrainingResults r = SelfTrainingResults.of("toy", List.of(1L, 2L), List.of(
                round("paired", 1, 0, 0.20, 0, 0), round("paired", 2, 0, 0.40, 0, 0)), Map.of());
        assertTrue(r.markdown().contains("| paired | 30.00 ± 14.14 |"), r.markdown());
    }

    /** results.md and results.json compare LIST with paired per seed: mean, std, paired t, share of the gap. */
    @Test
    void listAgainstPairedPerSeedWithPairedT() {
        List<RoundReport> rounds = new java.util.ArrayList<>();
        double[] p = {0.40, 0.42, 0.38};
        double[] l = {0.46, 0.47, 0.44};
        double[] o = {0.50, 0.52, 0.49};
        for (int s = 0; s < 3; s++) {
            rounds.add(round("paired", s + 1, 1, p[s], 0, 0));
            rounds.add(round("list", s + 1, 1, l[s], 2.0, 10));
            rounds.add(round("oracle", s + 1, 1, o[s], 0, 0));
        }
        rounds.add(new RoundReport("list", 2, 1, 10, 1.5, 2.0, 20, 0, 40, Map.of(), List.of("engine round 1 accepted"
                + " no synthetic pair (pool of 40): this round trains on paired data only")));
        SelfTrainingResults r = SelfTrainingResults.of("toy", List.of(1L, 2L, 3L), rounds, Map.of());
        SelfTrainingResults.Comparison c = r.comparisons().get(0);
        assertEquals("zeroshot/esc50/ms-clap/top1", c.metric());
        assertEquals(0.056667, c.mean(), 1e-6);
        assertEquals(0.005774, c.std(), 1e-6);
        assertEquals(17.0, c.t(), 1e-3);
        assertEquals(3, c.seedsAbove());
        assertEquals(0.103333, c.oracleGap(), 1e-6);
        assertEquals(0.548, c.gapClosed(), 1e-3);
        String md = r.markdown();
        assertTrue(md.contains("| 2 | 42.00 | 47.00 | 52.00 | +5.00 |"), md);
        assertTrue(md.contains("LIST − paired: mean +5.67, std 0.58 over 3 seeds, paired t 17.00 (2 df);"
                + " LIST above paired on 3 of 3 seeds; oracle − paired +10.33, so LIST closes 55 % of the gap."), md);
        assertTrue(md.contains("- list seed 2 round 1: engine round 1 accepted no synthetic pair"), md);
    }
}
