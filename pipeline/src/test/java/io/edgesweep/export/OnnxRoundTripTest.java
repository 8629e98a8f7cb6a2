package io.edgesweep.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.onnx.OnnxImport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A float model exported and read back with edgesweep's own ONNX importer (issue 12's reader,
 * written for torch.onnx.export's files) is the same model: same architecture, same parameters to
 * the bit, same predictions.
 */
class OnnxRoundTripTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {ExportFixtures.MLP, ExportFixtures.CNN, "lenet5"})
  void aFloatExportImportsBackAsTheSameModel(String arch) throws Exception {
    ModelArtifact model = ExportFixtures.trained(arch);
    Path file = dir.resolve("model.onnx");
    Files.write(file, OnnxExport.bytes(model, null, null, OnnxExport.Options.defaults()));
    OnnxImport.Result back = OnnxImport.importModel(file, TestData.mini(), "test");
    assertThat(back.artifact().architecture().layers()).isEqualTo(model.architecture().layers());
    assertThat(back.artifact().parameters()).isEqualTo(model.parameters());
    assertThat(back.maxLogitDifference()).isLessThan(OnnxImport.TOLERANCE);
    assertThat(OnnxExportTest.predicted(ExportFixtures.sweepPredictions(back.artifact())))
        .containsExactly(OnnxExportTest.predicted(ExportFixtures.sweepPredictions(model)));
  }
}
