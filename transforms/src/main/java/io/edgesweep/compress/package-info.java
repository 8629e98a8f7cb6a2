/**
 * The compression stages of a sweep: knowledge distillation, pruning with fine-tune, simulated
 * quantization, quantization-aware training and weight sharing, each a plain class that takes a
 * model artifact and returns a new one, and each a plug-in of the sweep's grid.
 *
 * <p>A stage kind ({@link io.edgesweep.compress.StageKind}, registered in {@link
 * io.edgesweep.compress.Stages}) reads its typed settings from its section of the spec, expands
 * into {@link io.edgesweep.compress.StageChoice}s that say what enters their key and apply the
 * plain class; the grid, the pipeline and the reports loop over the kinds (docs/stages.md). A
 * stage reaches earlier models through {@link io.edgesweep.compress.StageInputs#ancestors()}, and
 * a kind whose weights take a number format of its own hands it to the cost model as a {@link
 * io.edgesweep.compress.WeightFormat} ({@link io.edgesweep.compress.CodebookFormat}); the format
 * interface lives here, above the cost model, so that a stage's own class can implement it.
 *
 * <p>Entry points: {@link io.edgesweep.compress.Distiller#distill} (with {@link
 * io.edgesweep.compress.TeacherLogits}, computed once per teacher and train split), {@link
 * io.edgesweep.compress.Pruning#apply}, {@link io.edgesweep.compress.Quantization#apply}, {@link
 * io.edgesweep.compress.QuantizationAwareTraining#apply} and {@link
 * io.edgesweep.compress.WeightSharing#apply}. Each
 * appends one entry to the artifact's lineage with every setting that changes the result, so a
 * stage's output is a function of its parent and that entry.
 *
 * <p>The arithmetic that users will check against PyTorch tools (which weights a mask removes,
 * which integer a weight rounds to, the KD loss) is done on plain Java arrays, where a unit test can
 * check it by hand; DJL's PyTorch engine is used only to run and train the models. The exact rules
 * (what is prunable, how scales and zero-points are chosen, what happens to biases) are in the
 * Javadoc of {@link io.edgesweep.compress.MagnitudePruning}, {@link
 * io.edgesweep.compress.StructuredPruning}, {@link io.edgesweep.compress.WeightQuantizer} and
 * {@link io.edgesweep.compress.ActivationCalibration}, {@link io.edgesweep.compress.ShadowWeights} and
 * {@link io.edgesweep.compress.Codebook}, and in docs/compression.md.
 *
 * <p>Nothing here evaluates a variant for selection or knows about devices, Beam or artifact
 * stores: those live in evaluate, select and transforms, which call this package.
 */
package io.edgesweep.compress;
