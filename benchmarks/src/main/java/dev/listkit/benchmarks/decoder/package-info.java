/** Caption decoder tokens/s: greedy, beam and nucleus with and without the KV cache ({@code DecoderBench}). */
package dev.listkit.benchmarks.decoder;
