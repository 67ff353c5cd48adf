package dev.listkit.core.eval.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BLEU and CIDEr-D against values worked out by hand here and against Python references
 * ({@code caption_ref.py}, /usr/bin/python3 with Debian's python3-nltk 3.8):
 *
 * <pre>
 * import math
 * from collections import Counter
 * from nltk.translate.bleu_score import corpus_bleu
 * cands = [...CANDIDATES below...]; refs = [...REFERENCES below...]
 * C = [c.split() for c in cands]; R = [[r.split() for r in rs] for rs in refs]
 * for n in range(1, 5):
 *     print(corpus_bleu(R, C, weights=tuple([1.0 / n] * n)))
 * # CIDEr-D from the paper (Vedantam et al. 2015) + coco-caption's clipping and sigma=6 penalty
 * def grams(ws, n): return Counter(tuple(ws[i:i + n]) for i in range(len(ws) - n + 1))
 * N = len(R)
 * def cider_d(c, rs, sigma=6.0):
 *     total = 0.0
 *     for n in range(1, 5):
 *         df = Counter(g for rset in R for g in set(g for r in rset for g in grams(r, n)))
 *         idf = lambda g: math.log(N) - math.log(max(1.0, df[g]))
 *         gc = {g: t * idf(g) for g, t in grams(c, n).items()}
 *         s = 0.0
 *         for r in rs:
 *             gr = {g: t * idf(g) for g, t in grams(r, n).items()}
 *             nc = math.sqrt(sum(v * v for v in gc.values())); nr = math.sqrt(sum(v * v for v in gr.values()))
 *             dot = sum(min(v, gr.get(g, 0.0)) * gr.get(g, 0.0) for g, v in gc.items())
 *             if nc > 0 and nr > 0: dot /= nc * nr
 *             s += dot * math.exp(-((len(c) - len(r)) ** 2) / (2 * sigma ** 2))
 *         total += s / len(rs) / 4
 *     return 10 * total
 * </pre>
 *
 * Every candidate has at least 4 tokens: nltk's corpus_bleu counts a denominator of max(1, 0) for a
 * candidate without n-grams of order n, where coco-caption counts 0, so the two differ on shorter
 * candidates (checked: with "two cats sleeping" nltk gives BLEU-4 0.6042, coco's formula 0.6164).
 * Counts behind these numbers (clipped matches / candidate n-grams): 27/27, 20/23, 11/19, 6/15;
 * candidate length 27, closest reference length 29.
 *
 * The Python CIDEr-D uses word lengths for the penalty (the paper) while the Java code follows
 * coco-caption's bigram count; both give the same Δ here.
 */
class CaptionMetricsTest {
    static final List<String> CANDIDATES = List.of("a dog is running on grass", "a man riding a bike",
            "two cats sleeping on a sofa", "a red car parked by the side of the road");
    static final List<List<String>> REFERENCES = List.of(
            List.of("a dog is running on the grass", "the brown dog runs across a field", "a dog plays outside"),
            List.of("a man rides a bicycle down the street", "a person riding a bike"),
            List.of("two cats are sleeping on a couch", "a pair of cats asleep", "cats sleeping together on the sofa"),
            List.of("a red car is parked by the side of the road", "a car parked on the street"));

    @Test
    void identicalCaptionGivesBleuOne() {
        BleuScore s = Bleu.corpus(List.of("A man rides a horse on the beach."),
                List.of(List.of("a man rides a horse on the beach")));
        for (double b : s.bleu()) {
            assertEquals(1.0, b, 1e-9);
        }
    }

    @Test
    void bleuPrecisionsWorkedOutByHand() {
        // unigrams 5/6 (sat misses), bigrams 3/5, trigrams 1/4 ("on the mat"), 4-grams 0/3; equal lengths, BP 1
        BleuScore s = Bleu.corpus(List.of("the cat sat on the mat"), List.of(List.of("the cat is on the mat")));
        assertEquals(5 / 6.0, s.bleu().get(0), 1e-9);
        assertEquals(Math.sqrt(5 / 6.0 * 3 / 5.0), s.bleu().get(1), 1e-9);
        assertEquals(0.5, s.bleu().get(2), 1e-9); // (5/6 · 3/5 · 1/4)^(1/3) = 0.125^(1/3)
        // no 4-gram matches: only coco's tiny/small guards keep it above 0
        assertEquals(Math.pow(0.125 * (0 + 1e-15) / (3 + 1e-9), 0.25), s.bleu4(), 1e-12);
    }

    @Test
    void brevityPenaltyUsesClosestReferenceTiesToShorter() {
        // c = 5, refs 6 and 7 -> r = 6, all unigrams match: BLEU-1 = exp(1 - 6/5)
        BleuScore shortCand = Bleu.corpus(List.of("the cat on the mat"),
                List.of(List.of("the cat is on the mat", "there is a cat on the mat")));
        assertEquals(6, shortCand.referenceLength());
        assertEquals(Math.exp(1 - 6 / 5.0), shortCand.bleu().get(0), 1e-9);
        // c = 5, refs 4 and 6 are equally close -> the shorter (4) is used, so no penalty
        BleuScore tie = Bleu.corpus(List.of("the cat on the mat"),
                List.of(List.of("the cat on mat", "the cat is on the mat")));
        assertEquals(4, tie.referenceLength());
        assertEquals(1.0, tie.bleu().get(0), 1e-9);
    }

    @Test
    void bleuMatchesNltkCorpusBleu() {
        BleuScore s = Bleu.corpus(CANDIDATES, REFERENCES);
        assertEquals(0.9286029058931802, s.bleu().get(0), 1e-8);
        assertEquals(0.8659266746913181, s.bleu().get(1), 1e-8);
        assertEquals(0.7387153435436161, s.bleu().get(2), 1e-8);
        assertEquals(0.6220572372164008, s.bleu4(), 1e-8);
        // the same from the counts by hand: (27/27 · 20/23 · 11/19 · 6/15)^(1/4) · exp(1 − 29/27)
        assertEquals(Math.pow(20 / 23.0 * 11 / 19.0 * 6 / 15.0, 0.25) * Math.exp(1 - 29 / 27.0), s.bleu4(), 1e-9);
        assertEquals(27, s.candidateLength());
        assertEquals(29, s.referenceLength());
    }

    @Test
    void ciderDMatchesIndependentPython() {
        CiderScore s = CiderD.score(CANDIDATES, REFERENCES);
        double[] expected = {3.159168777603333, 2.4045599348725526, 2.2270459375728118, 4.491647592434106};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.perCandidate().get(i), 1e-9, "item " + i);
        }
        assertEquals(3.0706055606207006, s.mean(), 1e-9);
        assertEquals(s.mean(), CaptionScores.compute(CANDIDATES, REFERENCES).ciderD(), 0);
    }

    @Test
    void ciderDHandCases() {
        // two items with disjoint vocabularies: every n-gram has df 1, idf ln 2, the vectors are equal,
        // so each order has cosine 1, no length penalty: 10 · mean(1, 1, 1, 1) = 10
        CiderScore s = CiderD.score(List.of("a b c d", "e f g"), List.of(List.of("a b c d"), List.of("e f g")));
        assertEquals(10.0, s.perCandidate().get(0), 1e-12);
        // "e f g" has no 4-grams: orders 1..3 give 1, order 4 gives 0 -> 10 · 3/4
        assertEquals(7.5, s.perCandidate().get(1), 1e-12);
        // one item: ln N = 0, so every weight is 0 (coco-caption behaves the same)
        assertEquals(0.0, CiderD.score(List.of("a dog"), List.of(List.of("a dog"))).mean(), 0);
    }

    @Test
    void tokenizerLowercasesSplitsCliticsDropsPunctuation() {
        assertEquals(List.of("a", "dog", "'s", "toy", "is", "n't", "it"), PtbTokenizer.tokenize("A dog's toy, isn't it?"));
        assertEquals(List.of("black-and-white", "photo", "of", "3.5", "cats"),
                PtbTokenizer.tokenize("Black-and-white photo of 3.5 cats."));
        assertEquals(List.of("quoted", "word"), PtbTokenizer.tokenize("\"Quoted\" 'word' -- ..."));
    }
}
