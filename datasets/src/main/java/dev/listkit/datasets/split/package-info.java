/**
 * Deterministic, seeded splits by sample id: train/val/test, and paired/unpaired pools for
 * self-training. The same seed gives the same split on every run and JVM.
 */
package dev.listkit.datasets.split;
