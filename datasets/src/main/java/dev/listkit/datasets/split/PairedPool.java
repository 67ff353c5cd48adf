package dev.listkit.datasets.split;

import dev.listkit.core.data.SampleRef;
import java.util.List;

/**
 * A paired/unpaired split for self-training: the unpaired samples have no captions and none of the
 * hidden metadata keys. Disjoint by sample id; both keep the input order.
 *
 * @param paired   samples that keep their captions
 * @param unpaired samples with captions (and hidden metadata) removed
 */
public record PairedPool(List<SampleRef> paired, List<SampleRef> unpaired) {
    public PairedPool {
        paired = List.copyOf(paired);
        unpaired = List.copyOf(unpaired);
    }
}
