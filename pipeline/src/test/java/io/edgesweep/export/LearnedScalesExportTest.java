package io.edgesweep.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.bundle.BundleContents;
import io.edgesweep.bundle.BundleReader;
import io.edgesweep.bundle.BundleWriter;
import io.edgesweep.bundle.ModelBundle;
import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.QatScales;
import io.edgesweep.compress.QatSettings;
import io.edgesweep.compress.QuantizationAwareTraining;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizedTensor;
import io.edgesweep.compress.QuantizedWeights;
import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained with learned scales (LSQ) leaves the quantizer's max-based scales: its bundle
 * and ONNX file take the codes from the scales its lineage records, and both reproduce it exactly.
 */
class LearnedScalesExportTest {
  @TempDir Path dir;

  @Test
  void aLearnedScalesModelsBundleAndOnnxFileAreExact() throws Exception {
    ModelArtifact trained = ExportFixtures.trained(ExportFixtures.MLP);
    ModelArtifact quantized = ExportFixtures.quantized(ExportFixtures.MLP, "4", Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.off());
    ModelArtifact lsq = QuantizationAwareTraining.apply(quantized, trained, new QatSettings(1, 3e-4, 128, 1, QatScales.LEARNED, io.edgesweep.compress.LearnedScales.Init.FITTED, 0.01),
        ExportFixtures.train(), ExportFixtures.calibration(), null, "test");
    List<LineageEntry> lineage = lsq.manifest().lineage();
    Map<String, float[]> learned = ((LineageEntry.Qat) lineage.get(lineage.size() - 1)).learnedScales();

    // The QAT model is its own float parent in a sweep (QAT does not round its parent).
    QuantizedWeights codes = BundleContents.codes(lsq, lsq, "test");
    assertThat(codes.dequantized()).isEqualTo(lsq.parameters());
    for (QuantizedTensor t : codes.tensors().values()) {
      assertThat(t.scales()).as(t.name()).isEqualTo(learned.get(t.name()));
    }

    for (StorageFormat format : StorageFormat.values()) {
      ModelBundle bundle = BundleContents.of(lsq, lsq, EnumSet.of(format), 4);
      Path folder = dir.resolve(format.yamlName());
      BundleWriter.write(bundle, lsq.manifest().inputShape(), lsq.manifest().classNames(), 0, Map.of(), folder);
      BundleReader.Loaded loaded = BundleReader.read(folder);
      assertThat(loaded.bundle().parameters()).as(format.toString()).isEqualTo(lsq.parameters());
      assertThat(loaded.manifest().weights()).isEqualTo("int4 per-channel symmetric");
    }

    Predictions sweep = ExportFixtures.sweepPredictions(lsq);
    assertThat(sweep.accuracy()).as("a trained model, far from chance").isGreaterThan(0.4);
    byte[] onnx = OnnxExport.bytes(lsq, codes, null, new OnnxExport.Options(true, true));
    OnnxEvaluation.Result ort = OnnxEvaluation.run(onnx, ExportFixtures.test(), null, OnnxSessions.Level.NONE, 250, "test");
    assertThat(OnnxExportTest.predicted(ort.predictions())).containsExactly(OnnxExportTest.predicted(sweep));
  }
}
