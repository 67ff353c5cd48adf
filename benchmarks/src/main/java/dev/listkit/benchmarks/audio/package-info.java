/** Audio benchmarks: decode + resample ({@code DecodeBench}), the log-mel front end ({@code MelBench}), one CoCa training step ({@code CocaBench}). */
package dev.listkit.benchmarks.audio;
