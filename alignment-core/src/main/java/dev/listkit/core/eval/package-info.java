/**
 * Evaluation on plain {@code float[][]} embeddings: zero-shot classification with prompt-template
 * ensembles ({@link dev.listkit.core.eval.ZeroShotClassifier}), cross-modal retrieval in both
 * directions ({@link dev.listkit.core.eval.RetrievalEvaluator}), and the data they need (prompt
 * templates, validated class lists). Caption metrics live in {@code eval.caption}, report files in
 * {@code eval.report}. Nothing here names a modality: "items" are the non-text side.
 */
package dev.listkit.core.eval;
