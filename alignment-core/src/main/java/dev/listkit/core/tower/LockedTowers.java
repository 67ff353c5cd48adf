package dev.listkit.core.tower;

import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.modality.Modality;

/**
 * Switches a recipe to locked-tower training when its encoder is frozen: {@link #wrap} asks the modality
 * for the encoder of the spec and, when it is a {@link FrozenEncoder}, returns a {@link LockedTowerModality}
 * whose samples are the tower's cached outputs; any other encoder leaves the modality as it is.
 *
 * <pre>{@code
 * Modality m = LockedTowers.wrap(ModalityRegistry.create(id, config), recipe.model().encoder());
 * try { ... } finally { LockedTowers.close(m); }
 * }</pre>
 */
public final class LockedTowers {
    private LockedTowers() {
    }

    /**
     * The modality to load samples with for this encoder spec.
     *
     * @throws ConfigException a frozen encoder that cannot be opened (missing models root or file, not ONNX,
     *     wrong input, missing output, wrong label count; each named)
     */
    public static Modality wrap(Modality base, JsonNode encoderSpec) throws ConfigException {
        if (base instanceof LockedTowerModality || encoderSpec == null || !encoderSpec.isObject()) {
            return base;
        }
        Block b = base.encoder(encoderSpec);
        if (b instanceof FrozenEncoder f) {
            return new LockedTowerModality(base, f);
        }
        return base; // a trainable encoder: nothing was allocated yet (blocks get parameters when initialised)
    }

    /** True when {@code modality} trains on cached frozen-tower outputs. */
    public static boolean locked(Modality modality) {
        return modality instanceof LockedTowerModality;
    }

    /** Releases the tower of a locked modality (nothing for any other). */
    public static void close(Modality modality) {
        if (modality instanceof LockedTowerModality l) {
            l.close();
        }
    }
}
