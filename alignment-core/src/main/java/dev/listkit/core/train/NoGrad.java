package dev.listkit.core.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch autograd recording off for a scope (like {@code torch.no_grad()}), so that in-place
 * parameter updates are not recorded; restores the previous mode on close.
 */
final class NoGrad implements AutoCloseable {
    private final boolean previous;

    NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
