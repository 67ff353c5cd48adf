/** Training-step throughput of DJL's trainer vs listkit's ({@code TrainBench}). */
package dev.listkit.benchmarks.train;
