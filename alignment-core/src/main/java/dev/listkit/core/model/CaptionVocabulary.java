package dev.listkit.core.model;

import dev.listkit.core.text.TokenizedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A compact decoder vocabulary: the word pieces that occur in the training captions, mapped from the
 * text tokenizer's ids (30,522 for MiniLM) to {@code [0, size)}. The LM head then scores a few thousand
 * tokens instead of 30k, which is most of the caption loss's cost on a CPU. Ids 0–3 are PAD, BOS, EOS
 * and UNK; a caption piece never seen in training maps to UNK.
 *
 * @param sourceIds the tokenizer id of each compact id ({@code -1} for the four specials)
 */
public record CaptionVocabulary(long[] sourceIds) {
    /** Compact id of padding. */
    public static final int PAD = 0;
    /** Compact id fed first. */
    public static final int BOS = 1;
    /** Compact id that ends a caption. */
    public static final int EOS = 2;
    /** Compact id of an unseen piece. */
    public static final int UNK = 3;
    private static final int SPECIALS = 4;

    public CaptionVocabulary {
        sourceIds = sourceIds.clone();
        if (sourceIds.length < SPECIALS) {
            throw new IllegalArgumentException("a vocabulary has at least the four special tokens");
        }
    }

    /**
     * Builds the vocabulary from tokenized captions.
     *
     * @param batch      captions tokenized with the text tokenizer
     * @param specialIds tokenizer ids that are not caption content (CLS, SEP, PAD)
     */
    public static CaptionVocabulary build(TokenizedBatch batch, long... specialIds) {
        TreeSet<Long> seen = new TreeSet<>();
        for (int i = 0; i < batch.size(); i++) {
            for (int t = 0; t < batch.ids()[i].length; t++) {
                if (batch.attentionMask()[i][t] != 0) {
                    seen.add(batch.ids()[i][t]);
                }
            }
        }
        for (long s : specialIds) {
            seen.remove(s);
        }
        long[] ids = new long[SPECIALS + seen.size()];
        Arrays.fill(ids, 0, SPECIALS, -1);
        int k = SPECIALS;
        for (long id : seen) {
            ids[k++] = id;
        }
        return new CaptionVocabulary(ids);
    }

    /** Number of compact ids. */
    public int size() {
        return sourceIds.length;
    }

    @Override
    public long[] sourceIds() {
        return sourceIds.clone();
    }

    /**
     * Maps one tokenized caption (tokenizer ids with CLS … SEP, padded) to compact ids
     * {@code BOS piece… EOS PAD…} of exactly {@code length} entries (cut short if needed, keeping EOS).
     *
     * @param clsId the tokenizer's start id, @param sepId its end id
     */
    public long[] encode(long[] tokenizerIds, long[] mask, long clsId, long sepId, int length) {
        long[] out = new long[length];
        int n = 0;
        out[n++] = BOS;
        for (int t = 0; t < tokenizerIds.length && n < length - 1; t++) {
            long id = tokenizerIds[t];
            if (mask[t] == 0 || id == clsId || id == sepId) {
                continue;
            }
            out[n++] = compact(id);
        }
        out[n] = EOS;
        return out;
    }

    /** The compact id of a tokenizer id, or {@link #UNK}. */
    public int compact(long tokenizerId) {
        int i = Arrays.binarySearch(sourceIds, SPECIALS, sourceIds.length, tokenizerId);
        return i >= 0 ? i : UNK;
    }

    /** Maps generated compact ids back to tokenizer ids, dropping specials and stopping at EOS. */
    public long[] decode(long[] compactIds) {
        List<Long> out = new ArrayList<>();
        for (long c : compactIds) {
            if (c == EOS) {
                break;
            }
            if (c >= SPECIALS && c < sourceIds.length) {
                out.add(sourceIds[(int) c]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
