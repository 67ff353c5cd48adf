/**
 * The log-mel front end: {@link dev.listkit.audio.mel.MelConfig} (every parameter, with a builder),
 * {@link dev.listkit.audio.mel.MelPresets} (named settings of published models) and
 * {@link dev.listkit.audio.mel.LogMelSpectrogram} (the function itself, checked against torchaudio).
 */
package dev.listkit.audio.mel;
