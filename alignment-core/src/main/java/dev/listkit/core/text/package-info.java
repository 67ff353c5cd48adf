/**
 * The text side: {@link dev.listkit.core.text.CaptionTokenizer} (HF tokenizer.json), the
 * {@link dev.listkit.core.text.TextTower} seam with a frozen ONNX MiniLM tower
 * ({@link dev.listkit.core.text.FrozenMiniLmTower} + {@link dev.listkit.core.text.TextEmbeddingCache},
 * trainable {@link dev.listkit.core.text.ProjectedTextTower}) and a trainable
 * {@link dev.listkit.core.text.TransformerTextEncoder}.
 */
package dev.listkit.core.text;
