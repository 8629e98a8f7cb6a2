package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Models trained together ({@link TrainingLoop#trainTogether}) against the same models trained one
 * at a time: the same weights bit for bit, and the same epoch figures.
 */
class TrainTogetherTest {
  private static ImageDataset data() {
    return RandomImages.of(128 * 6 + 40, 5); // ends in a short batch, a second product shape
  }

  /** A loss other than plain cross-entropy, so the members' losses really differ. */
  private static final TrainingLoop.BatchLoss HALF_CROSS_ENTROPY = (logits, batch) -> TrainingLoop.CROSS_ENTROPY.loss(logits, batch).mul(0.5f);

  /** Zeroes the first 1,000 first-layer weights after every step, as a pruning mask does. */
  private static final TrainingLoop.AfterStep MASK = c -> {
    var w = c.djlParameters().get(((Layer.Dense) c.architecture().layers().get(1)).weightName()).getArray();
    float[] v = w.toFloatArray();
    java.util.Arrays.fill(v, 0, 1000, 0f);
    w.set(v);
  };

  @Test
  void studentsTrainedTogetherEqualStudentsTrainedAloneBitForBit() {
    check(Architecture.parse("mlp:784-100-10"), new long[] {11, 11, 12});
  }

  @Test
  void aDeeperChainToo() {
    check(Architecture.parse("mlp:784-300-100-10"), new long[] {21, 22});
  }

  /** SHA-256 of every parameter's names and float bits, in order. */
  static String sha256(ParameterSet parameters) {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      for (String name : parameters.names()) {
        digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        float[] values = parameters.get(name).values();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(values.length * 4);
        for (float v : values) {
          bytes.putInt(Float.floatToRawIntBits(v));
        }
        digest.update(bytes.array());
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void check(Architecture arch, long[] seeds) {
    ImageDataset data = data();
    TrainingSettings settings = new TrainingSettings(2, 128, 2e-3, true, 3);
    List<TrainingLoop.BatchLoss> losses = List.of(TrainingLoop.CROSS_ENTROPY, HALF_CROSS_ENTROPY, TrainingLoop.CROSS_ENTROPY);
    List<TrainingLoop.AfterStep> hooks = List.of(TrainingLoop.AfterStep.NOTHING, TrainingLoop.AfterStep.NOTHING, MASK);
    List<ParameterSet> alone = new ArrayList<>();
    List<List<TrainingLoop.EpochReport>> aloneReports = new ArrayList<>();
    for (int m = 0; m < seeds.length; m++) {
      try (Classifier c = Classifier.open(arch, Initialization.forTraining(arch, seeds[m]), null, null)) {
        aloneReports.add(TrainingLoop.train(c, new InMemoryBatches(data), settings, losses.get(m), hooks.get(m),
            TrainingLoop.EpochListener.SILENT));
        alone.add(c.parameters());
      }
    }
    List<Classifier> classifiers = new ArrayList<>();
    List<ParameterSet> together = new ArrayList<>();
    List<List<TrainingLoop.EpochReport>> togetherReports;
    try {
      List<TrainingLoop.Member> members = new ArrayList<>();
      for (int m = 0; m < seeds.length; m++) {
        Classifier c = Classifier.open(arch, Initialization.forTraining(arch, seeds[m]), null, null);
        classifiers.add(c);
        members.add(new TrainingLoop.Member(c, losses.get(m), hooks.get(m)));
      }
      togetherReports = TrainingLoop.trainTogether(members, new InMemoryBatches(data), settings);
      classifiers.forEach(c -> together.add(c.parameters()));
    } finally {
      classifiers.forEach(Classifier::close);
    }
    for (int m = 0; m < seeds.length; m++) {
      assertThat(sha256(together.get(m))).as("model %d", m).isEqualTo(sha256(alone.get(m)));
      assertThat(togetherReports.get(m)).as("model %d", m).isEqualTo(aloneReports.get(m));
      assertThat(alone.get(m)).isNotEqualTo(Initialization.forTraining(arch, seeds[m]));
    }
    assertThat(sha256(alone.get(0))).isNotEqualTo(sha256(alone.get(1)));
    Layer.Dense first = (Layer.Dense) arch.layers().get(1);
    int threads = TorchRuntime.threads();
    // The wide path really ran on the full batches (a shape whose bits differ would fall back to one at a time).
    assertThat(JointTrainingStep.shapeVerdicts())
        .containsEntry(new VariantBatch.ProductShape(128, 784, first.outputs(), seeds.length, threads), true);
    System.out.println("verdicts " + JointTrainingStep.shapeVerdicts());
  }
}
