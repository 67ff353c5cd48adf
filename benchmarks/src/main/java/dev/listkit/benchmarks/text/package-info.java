/** Text benchmarks: the frozen MiniLM text tower against its one-text-per-run reference ({@code TextTowerBench}). */
package dev.listkit.benchmarks.text;
