/**
 * The audio modality plugin: {@link dev.listkit.audio.AudioModalityProvider} (id {@code audio}) and
 * its configuration {@link dev.listkit.audio.AudioModalityConfig}.
 */
package dev.listkit.audio;
