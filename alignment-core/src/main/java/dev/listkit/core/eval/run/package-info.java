/**
 * The evaluations a run reports ({@link dev.listkit.core.eval.run.Evaluations}: zero-shot, retrieval, caption
 * scores) over a loaded {@link dev.listkit.core.inference.InferenceModel}, writing JSON and PNG files.
 */
package dev.listkit.core.eval.run;
