/**
 * JSONL manifests: one JSON object per line describing a sample, read by {@link
 * dev.listkit.datasets.manifest.JsonlProvider} and written by {@link
 * dev.listkit.datasets.manifest.ManifestWriter}. Media paths are relative to the dataset root and may
 * not leave it.
 */
package dev.listkit.datasets.manifest;
