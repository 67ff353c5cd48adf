package dev.listkit.core.eval.compositional;

import java.util.Locale;

/**
 * The kinds of hard negative, after SugarCrepe (Hsieh et al., 2023): what changes between a caption and a
 * negative that reuses its words.
 */
public enum NegativeKind {
    /** An object (a noun phrase's head) replaced by an antonym or a WordNet sister term: dog → wolf. */
    REPLACE_OBJ,
    /** An attribute (an adjective) replaced by an antonym or, for colours, a sister colour: black → white. */
    REPLACE_ATT,
    /** A relation replaced by its opposite: a preposition (on → under) or a verb antonym (sit → stand). */
    REPLACE_REL,
    /** Two objects of the caption trade places: a man climbs a rock → a rock climbs a man. */
    SWAP_OBJ,
    /** Two attributes of the caption trade places: a red shirt and a blue hat → a blue shirt and a red hat. */
    SWAP_ATT,
    /** An object that is not there is added: a dog on the grass → a dog on the grass and a ball. */
    ADD_OBJ,
    /** An attribute that is not there is added: a dog → a brown dog. */
    ADD_ATT;

    /** The name in files: {@code replace-obj}, {@code swap-att}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind with id {@code id}. */
    public static NegativeKind of(String id) {
        for (NegativeKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown hard-negative kind '" + id + "'");
    }
}
