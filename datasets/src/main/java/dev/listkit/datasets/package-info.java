/**
 * Dataset readers for listkit: each turns a dataset layout on disk (CSV metadata, caption files,
 * folders, JSONL manifests) into a {@link dev.listkit.core.data.Dataset} of
 * {@link dev.listkit.core.data.SampleRef}s. Readers never decode media; that belongs to the modality.
 * Shared helpers live here; the providers are in {@code readers} and {@code manifest}, splits in
 * {@code split}.
 */
package dev.listkit.datasets;
