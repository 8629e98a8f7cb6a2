/**
 * ONNX import: reads an ONNX file as {@code torch.onnx.export} writes it into a typed graph of
 * operations with resolved shapes, and translates the graphs the layer chain of
 * {@link io.edgesweep.model.Architecture} can express into an ordinary model artifact.
 *
 * <p>The file is parsed with the generated ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl}),
 * never by hand; ONNX Runtime is the reference every translation is checked against. Everything
 * that cannot be imported (an op outside the supported set, a shape that the data's image shape
 * does not resolve, a graph that needs residual additions or grouped convolutions) is refused
 * before anything runs, naming the node. Nothing here trains or compresses.
 */
package io.edgesweep.model.onnx;
