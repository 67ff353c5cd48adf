/**
 * Layer 4: the recipe as immutable records read from strict JSON ({@link dev.listkit.core.config.Recipe},
 * {@link dev.listkit.core.config.SelfTrainingSection}, {@link dev.listkit.core.config.CaptionStrategy}) and
 * what a recipe builds ({@link dev.listkit.core.config.RecipeModels}: its modality and its CoCa model).
 * Imports only the layers below (foundations, building blocks, training).
 */
package dev.listkit.core.config;
