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
}
