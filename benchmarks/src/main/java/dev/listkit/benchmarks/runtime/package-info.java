/** Inference throughput of one trained model on DJL vs ONNX Runtime ({@code RuntimeBench}). */
package dev.listkit.benchmarks.runtime;
