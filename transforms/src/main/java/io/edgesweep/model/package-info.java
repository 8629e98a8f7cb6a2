/**
 * Classifier architectures, their parameters, model artifacts and training.
 *
 * <p>Architectures are parsed from spec strings ({@code mlp:}, {@code cnn:}, and {@code graph:}
 * for directed acyclic graphs of layers with residual adds and depthwise convolutions) and built
 * as DJL blocks (a {@code SequentialBlock} for a chain, {@link io.edgesweep.model.GraphBlock} for
 * a graph); the {@link io.edgesweep.model.Layer} kinds are a sealed set for code that walks them; parameters live in Java
 * ({@link io.edgesweep.model.ParameterSet}) between stages and in DJL's PyTorch engine only while
 * a {@link io.edgesweep.model.Classifier} is open. Nothing here knows about compression choices
 * beyond the activation quantizers a stored model may carry.
 */
package io.edgesweep.model;
