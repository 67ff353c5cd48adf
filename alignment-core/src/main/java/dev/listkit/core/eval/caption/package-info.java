/**
 * Caption metrics written for listkit after coco-caption (pycocoevalcap): corpus BLEU-1..4
 * ({@link dev.listkit.core.eval.caption.Bleu}) and CIDEr-D ({@link dev.listkit.core.eval.caption.CiderD}),
 * on tokens from {@link dev.listkit.core.eval.caption.PtbTokenizer}.
 */
package dev.listkit.core.eval.caption;
