package io.edgesweep.model.onnx;

import io.edgesweep.TestData;
import java.nio.file.Path;

/** The ONNX files made by transforms/src/test/resources/onnx/make_fixtures.py. */
final class OnnxFixtures {
  private OnnxFixtures() {}

  static Path file(String name) {
    return TestData.repositoryRoot().resolve("transforms/src/test/resources/onnx/" + name + ".onnx");
  }
}
