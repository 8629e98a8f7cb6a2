/**
 * ONNX import: reads an ONNX file as {@code torch.onnx.export} writes it into a typed graph of
 * operations with resolved shapes, and translates it into an ordinary model artifact: an
 * {@code mlp:}/{@code cnn:} chain where one expresses it, a {@code graph:} layer graph
 * ({@link io.edgesweep.model.GraphSpec}) otherwise.
 *
 * <p>The file is parsed with the generated ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl}),
 * never by hand; ONNX Runtime is the reference every translation is checked against. Everything
 * that cannot be imported (an op outside the supported set, a shape that the data's image shape
 * does not resolve, padding or kernels the layer graph does not hold) is refused
 * before anything runs, naming the node. Nothing here trains or compresses.
 */
package io.edgesweep.model.onnx;
