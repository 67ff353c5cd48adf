/**
 * Audio benchmarks: decode + resample ({@code DecodeBench}), the Opus pool in-process vs ffmpeg per file
 * ({@code OpusDecodeBench}, with its parity report {@code OpusParityReport}), the log-mel front end
 * ({@code MelBench}), one CoCa training step ({@code CocaBench}).
 */
package dev.listkit.benchmarks.audio;
