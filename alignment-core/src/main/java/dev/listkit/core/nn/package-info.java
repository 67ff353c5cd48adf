/**
 * Transformer building blocks on DJL: {@link dev.listkit.core.nn.MultiHeadAttention} (self, causal,
 * key padding, cross), {@link dev.listkit.core.nn.TransformerBlock} (pre-norm), {@link dev.listkit.core.nn.Mlp},
 * the {@link dev.listkit.core.nn.KvCache}, and the CoCa-style {@link dev.listkit.core.nn.CaptionDecoder} with
 * {@link dev.listkit.core.nn.GreedySearch}, {@link dev.listkit.core.nn.BeamSearch} and
 * {@link dev.listkit.core.nn.NucleusSampler}. Nothing here names a modality: memories are (B, T_m, D_m).
 */
package dev.listkit.core.nn;
