package dev.listkit.core.text;

/** How a sequence of token states becomes one text embedding. */
public enum TextPooling {
    /** The state of the last real token (the end-of-text token, e.g. [SEP]), as in CLIP. */
    EOT,
    /** The mean over real (unpadded) tokens. */
    MEAN
}
