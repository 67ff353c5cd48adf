package dev.listkit.audio.encoder;

import dev.listkit.core.nn.PatchTransformer;
import dev.listkit.core.nn.PatchTransformerSpec;

/**
 * AST-like patch transformer tower over a log-mel {@code (B, 1, F, T)}: the core
 * {@link PatchTransformer} with mel bands as rows and frames as columns.
 */
public final class PatchTransformerEncoder extends PatchTransformer {
    private final PatchTransformerConfig config;

    /** A tower of this size. */
    public PatchTransformerEncoder(PatchTransformerConfig config) {
        super(new PatchTransformerSpec(config.mels(), config.frames(), config.patchMels(), config.patchFrames(),
                config.dim(), config.depth(), config.heads(), config.mlpRatio()));
        this.config = config;
    }

    /** The audio-named configuration. */
    public PatchTransformerConfig config() {
        return config;
    }
}
