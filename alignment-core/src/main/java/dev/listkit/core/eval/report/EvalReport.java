package dev.listkit.core.eval.report;

import dev.listkit.core.eval.RetrievalResult;
import dev.listkit.core.eval.ZeroShotResult;
import dev.listkit.core.eval.caption.CaptionScores;
import java.util.Map;
import java.util.TreeMap;

/**
 * One evaluation, as written to {@code report.json}. Parts that were not evaluated are null.
 *
 * @param title what was evaluated, e.g. {@code "round 2 / esc50 fold 1"}
 * @param provenance recipe hash, git revision, seeds, data fingerprints (sorted by key when written)
 * @param zeroShot zero-shot classification, or null
 * @param retrieval retrieval, or null
 * @param captions caption metrics, or null
 */
public record EvalReport(String title, Map<String, String> provenance, ZeroShotResult zeroShot,
        RetrievalResult retrieval, CaptionScores captions) {
    /** Copies the provenance into a sorted, unmodifiable map so that files diff cleanly. */
    public EvalReport {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("report title must not be blank");
        }
        provenance = java.util.Collections.unmodifiableMap(new TreeMap<>(provenance == null ? Map.of() : provenance));
    }
}
