/** Throughput benchmark of the log-mel front end ({@link dev.listkit.audio.bench.MelBench}). */
package dev.listkit.audio.bench;
