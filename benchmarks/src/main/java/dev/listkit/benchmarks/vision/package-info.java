/** Vision benchmarks: image decode + preprocess ({@code ImageBench}) and encoder forward/backward ({@code EncoderBench}). */
package dev.listkit.benchmarks.vision;
