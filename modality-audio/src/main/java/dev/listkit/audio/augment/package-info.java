/**
 * Training-time augmentation of audio: {@link dev.listkit.audio.augment.SpecAugment} on log-mels and
 * {@link dev.listkit.audio.augment.ClipFitter} for cropping or padding waveforms, both deterministic
 * under a {@link java.util.SplittableRandom}.
 */
package dev.listkit.audio.augment;
