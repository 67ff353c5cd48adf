/**
 * Layer 6: cached modality features ({@link dev.listkit.core.features.FeatureCache}) and the samples of a
 * recipe source loaded with them ({@link dev.listkit.core.features.SampleSets}).
 */
package dev.listkit.core.features;
