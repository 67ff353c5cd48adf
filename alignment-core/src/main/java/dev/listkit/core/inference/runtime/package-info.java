/**
 * Opens a run or model directory on the runtime asked for or found ({@code djl}, {@code onnx}):
 * {@link dev.listkit.core.inference.runtime.InferenceModels}. Above both runtimes, so neither imports the other.
 */
package dev.listkit.core.inference.runtime;
