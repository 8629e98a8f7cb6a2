/**
 * Classifier architectures, their parameters, model artifacts and training.
 *
 * <p>Architectures are parsed from spec strings and built as DJL blocks; parameters live in Java
 * ({@link io.edgesweep.model.ParameterSet}) between stages and in DJL's PyTorch engine only while
 * a {@link io.edgesweep.model.Classifier} is open. Nothing here knows about compression choices
 * beyond the activation quantizers a stored model may carry.
 */
package io.edgesweep.model;
