package io.edgesweep.model.onnx;

import io.edgesweep.TestData;
import io.edgesweep.data.ImageShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The ONNX files made by transforms/src/test/resources/onnx/make_fixtures.py. */
final class OnnxFixtures {
  private OnnxFixtures() {}

  static Path file(String name) {
    return TestData.repositoryRoot().resolve("transforms/src/test/resources/onnx/" + name + ".onnx");
  }

  /** The fixture read for the mini Fashion-MNIST images (1x28x28, 10 classes). */
  static OnnxGraph graph(String name) {
    try {
      return OnnxGraphReader.read(Files.readAllBytes(file(name)), file(name).toString(), new ImageShape(1, 28, 28), 10);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
