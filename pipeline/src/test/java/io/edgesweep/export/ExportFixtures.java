package io.edgesweep.export;

import io.edgesweep.TestData;
import io.edgesweep.bundle.BundleContents;
import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.Quantization;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small models trained on the shipped mini Fashion-MNIST, quantized with the sweep's own classes,
 * for the export tests; trained once per test JVM.
 */
final class ExportFixtures {
  /** Dense layers only. */
  static final String MLP = "mlp:784-32-16-10";
  /** Convolutions with padding, max pooling, flatten, dense. */
  static final String CNN = "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10";

  private static final Map<String, ModelArtifact> TRAINED = new HashMap<>();
  private static ImageDataset train;
  private static ImageDataset calibration;
  private static ImageDataset test;

  private ExportFixtures() {}

  static synchronized ImageDataset test() {
    if (test == null) {
      test = ParquetImageDatasets.read(TestData.mini().test());
    }
    return test;
  }

  static synchronized ImageDataset calibration() {
    if (calibration == null) {
      calibration = ParquetImageDatasets.read(TestData.mini().calibration());
    }
    return calibration;
  }

  static synchronized ImageDataset train() {
    if (train == null) {
      train = ParquetImageDatasets.read(TestData.mini().train());
    }
    return train;
  }

  /** {@code arch} trained for 2 epochs with seed 3: far from chance, so a wrong export shows in the accuracy. */
  static synchronized ModelArtifact trained(String arch) {
    return TRAINED.computeIfAbsent(arch, a -> {
      Architecture architecture = Architecture.parse(a);
      ParameterSet trained;
      try (Classifier c = Classifier.open(architecture, Initialization.pytorchDefault(architecture, 3), null, null)) {
        TrainingLoop.train(c, new InMemoryBatches(train()), new TrainingSettings(2, 128, 2e-3, true, 3), TrainingLoop.CROSS_ENTROPY,
            TrainingLoop.AfterStep.NOTHING, TrainingLoop.EpochListener.SILENT);
        trained = c.parameters();
      }
      return ModelArtifact.create(architecture, trained, null, null, train().shape(), train().classNames(),
          List.of(new io.edgesweep.model.LineageEntry.Other(Map.of("stage", "train", "arch", a, "epochs", 2, "seed", 3))), "ExportFixtures",
          Map.of(), Map.of());
    });
  }

  /** The sweep's quantize stage applied to the trained {@code arch}. */
  static ModelArtifact quantized(String arch, String weights, Granularity granularity, QuantizationScheme scheme, ActivationSettings activations) {
    return Quantization.apply(trained(arch), new QuantizationSettings(WeightPrecision.parse(weights, "test"), granularity, scheme, activations),
        calibration(), "ExportFixtures");
  }

  /** The ONNX bytes of a model of the sweep, with the codes re-derived from its float parent as a pick export does. */
  static byte[] onnx(ModelArtifact model, String arch, OnnxExport.Options options) {
    return OnnxExport.bytes(model, BundleContents.codes(model, trained(arch), "test"), null, options);
  }

  /** The sweep's evaluation: its own forward pass on the test split. */
  static Predictions sweepPredictions(ModelArtifact model) {
    try (Classifier c = model.open()) {
      return Predictions.of(c, new InMemoryBatches(test()), 250);
    }
  }
}
