/** What every benchmark prints about the machine and the libraries it ran on ({@link dev.listkit.benchmarks.BenchEnvironment}). */
package dev.listkit.benchmarks;
