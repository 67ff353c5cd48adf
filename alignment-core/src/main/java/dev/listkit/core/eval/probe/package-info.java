/**
 * The linear probe: multinomial logistic regression with L2 on frozen joint-space embeddings
 * ({@link dev.listkit.core.eval.probe.LinearProbe}), fitted on one split and scored on another, the standard
 * companion of zero-shot accuracy ({@link dev.listkit.core.eval.probe.ProbeResult}).
 */
package dev.listkit.core.eval.probe;
