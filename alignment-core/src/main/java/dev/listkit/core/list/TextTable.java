package dev.listkit.core.list;

import dev.listkit.core.ListkitException;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.model.CaptionVocabulary;
import dev.listkit.core.text.CaptionTokenizer;
import dev.listkit.core.text.FrozenMiniLmTower;
import dev.listkit.core.text.MiniLmResources;
import dev.listkit.core.text.TokenizedBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Caption → frozen text features and compact token ids, grown as synthetic captions arrive. The maps
 * are shared with the step functions (which only read them between rounds' additions). Borrows the
 * tokenizer and the text tower.
 */
final class TextTable {
    private final CaptionTokenizer tokenizer;
    private final FrozenMiniLmTower tower;
    private final boolean frozen;
    private final int length;
    private final Map<String, float[]> features = new LinkedHashMap<>();
    private final Map<String, long[]> tokens = new LinkedHashMap<>();
    private CaptionVocabulary vocab;

    /**
     * @param frozen true when the text side is the frozen tower (features needed), false for a trainable one
     * @param length decoder length in tokens
     */
    TextTable(CaptionTokenizer tokenizer, FrozenMiniLmTower tower, boolean frozen, int length) {
        this.tokenizer = tokenizer;
        this.tower = tower;
        this.frozen = frozen;
        this.length = length;
    }

    /** Builds (and keeps) the caption vocabulary from the distinct captions of the paired data. */
    CaptionVocabulary vocabulary(List<PairedSample> paired) throws ListkitException {
        List<String> captions = distinct(paired);
        vocab = CaptionVocabulary.build(tokenizer.encode(captions), MiniLmResources.CLS_ID, MiniLmResources.SEP_ID,
                MiniLmResources.PAD_ID);
        return vocab;
    }

    /** Adds the captions of {@code samples} not in the table yet (features flushed to the text cache). */
    void add(List<PairedSample> samples) throws ListkitException {
        List<String> fresh = distinct(samples).stream().filter(c -> !tokens.containsKey(c)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        if (frozen) {
            float[][] v = tower.encode(fresh);
            for (int i = 0; i < v.length; i++) {
                features.put(fresh.get(i), v[i]);
            }
            if (tower.cache().isPresent()) {
                tower.cache().get().flush();
            }
        }
        TokenizedBatch tok = tokenizer.encode(fresh);
        for (int i = 0; i < fresh.size(); i++) {
            tokens.put(fresh.get(i), vocab.encode(tok.ids()[i], tok.attentionMask()[i], MiniLmResources.CLS_ID,
                    MiniLmResources.SEP_ID, length));
        }
    }

    /** Caption → frozen text features (empty for a trainable text side). */
    Map<String, float[]> features() {
        return features;
    }

    /** Caption → compact token ids. */
    Map<String, long[]> tokens() {
        return tokens;
    }

    private static List<String> distinct(List<PairedSample> samples) {
        return new ArrayList<>(new LinkedHashSet<>(samples.stream().flatMap(s -> s.captions().stream()).toList()));
    }
}
