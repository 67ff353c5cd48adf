/**
 * Layer 5: a trained model loaded for inference. {@link dev.listkit.core.inference.InferenceModel} is the one
 * interface every consumer uses (evaluators, commands, the data engine); {@link dev.listkit.core.inference.CocaRun}
 * is its DJL implementation. ONNX Runtime lives in {@code inference.ort}, the runtime choice in
 * {@code inference.runtime}.
 */
package dev.listkit.core.inference;
