package dev.listkit.core.loader;

import dev.listkit.core.data.SampleRef;

/**
 * A sample the loader skipped.
 *
 * @param sample the sample
 * @param epoch  epoch in which it failed
 * @param reason one line, starting with the file path (e.g. the {@code MediaException} message)
 */
public record SampleFailure(SampleRef sample, int epoch, String reason) {
}
