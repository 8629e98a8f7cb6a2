/**
 * ONNX out of the sweep: the writer that turns a model of the sweep into an ONNX model computing
 * what the sweep evaluated, and ONNX Runtime as its check.
 *
 * <p>Lives here: {@link io.edgesweep.export.OnnxExport} (the model, its metadata), one {@link
 * io.edgesweep.export.LayerWriter} per layer kind, the weight and activation encodings ({@code
 * WeightInitializers}, {@code ActivationQuantizers}, {@code CodeContainer}), the small graph
 * builder over the generated {@code ai.onnx.proto.OnnxMl} classes, the provenance written into
 * {@code metadata_props}, ONNX Runtime sessions and the evaluation of a file on a split, and the
 * three sizes of an export. docs/export.md says what is written and how close the runtime comes.
 *
 * <p>Must not live here: run folders, picks or reports (io.edgesweep.report calls this package,
 * never the reverse); reading ONNX into edgesweep's model (that is the importer's, in the model
 * package); the device bundle (io.edgesweep.bundle).
 */
package io.edgesweep.export;
