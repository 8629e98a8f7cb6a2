package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TorchScript module is a teacher only if it gives one finite score per class. */
class TorchScriptImportChecksTest {
  @TempDir Path dir;

  private Path write(byte[] module) throws Exception {
    Path file = dir.resolve("m.pt");
    Files.write(file, module);
    return file;
  }

  @Test
  void theUnchangedRewriteStillImports() throws Exception {
    Path file = write(TorchScriptVariants.returning("Tensor", "_0"));
    TorchScriptImport.Result result = TorchScriptImport.importModel(file, TestData.mini(), "test");
    assertThat(result.validationAccuracy()).isBetween(0.0, 1.0);
  }

  @Test
  void aModuleThatReturnsATupleIsRefused() throws Exception {
    Path file = write(TorchScriptVariants.returning("Tuple[Tensor, Tensor]", "(_0, _0)"));
    assertThatThrownBy(() -> TorchScriptImport.importModel(file, TestData.mini(), "test"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ": the module returns 2 outputs (a tuple)");
  }

  @Test
  void aModuleThatGivesNaNIsRefused() throws Exception {
    Path file = write(TorchScriptVariants.returning("Tensor", "torch.mul(_0, float(\"nan\"))"));
    assertThatThrownBy(() -> TorchScriptImport.importModel(file, TestData.mini(), "test"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("non-finite class scores (NaN or infinity) on 1000 images of validation.parquet");
  }

  @Test
  void aModuleWithTheWrongNumberOfScoresIsRefused() throws Exception {
    Path file = write(TorchScriptVariants.returning("Tensor", "torch.slice(_0, 1, 0, 5)"));
    assertThatThrownBy(() -> TorchScriptImport.importModel(file, TestData.mini(), "test"))
        .hasMessageContaining("returns scores of shape (500, 5) for 500 images; it must return one score per class: [500, 10]");
  }
}
