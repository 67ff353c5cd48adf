package dev.listkit.core.eval.caption;

import java.util.List;

/**
 * Caption metrics of one evaluation, for reports.
 *
 * @param count candidates scored
 * @param bleu BLEU-1..4
 * @param ciderD CIDEr-D corpus score
 */
public record CaptionScores(int count, BleuScore bleu, double ciderD) {
    /** Tokenises once and computes BLEU and CIDEr-D; {@code references.get(i)} belongs to candidate i. */
    public static CaptionScores compute(List<String> candidates, List<List<String>> references) {
        List<List<String>> cand = Bleu.tokenize(candidates);
        List<List<List<String>>> refs = Bleu.tokenizeAll(references);
        return new CaptionScores(cand.size(), Bleu.corpusTokens(cand, refs), CiderD.scoreTokens(cand, refs).mean());
    }
}
