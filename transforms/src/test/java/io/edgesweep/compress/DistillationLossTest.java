package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.edgesweep.data.ImageBatch;
import io.edgesweep.model.TorchRuntime;
import io.edgesweep.model.TrainingLoop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DistillationLossTest {
  // Two examples, three classes.
  static final float[] STUDENT = {1f, 2f, 0f, 0.5f, -1f, 2f};
  static final float[] TEACHER = {2f, 1f, 0f, 0f, 0f, 3f};
  static final int[] LABELS = {1, 2};
  static final double T = 2.0;
  static final double ALPHA = 0.7;

  // PyTorch 1.13 in float64, for the same numbers:
  //   ce = F.cross_entropy(s, y); kl = F.kl_div(F.log_softmax(s/T, 1), F.softmax(t/T, 1), reduction="batchmean")
  //   (1-a)*ce + a*T*T*kl
  static final double TORCH_CE = 0.32445863055076873;
  static final double TORCH_KL = 0.07146314069307877;
  static final double TORCH_KD = 0.2974343831058512;

  @BeforeAll
  static void engine() {
    TorchRuntime.ensureConfigured();
  }

  /** The loss written out by hand, term by term, for the two rows above. */
  static double handKd() {
    // Cross-entropy: -log softmax(s)[y], averaged.
    double ce1 = -(2 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0)));
    double ce2 = -(2 - Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2)));
    double ce = (ce1 + ce2) / 2;
    // Row 1 at T = 2: teacher [1, 0.5, 0], student [0.5, 1, 0].
    double zt1 = Math.exp(1) + Math.exp(0.5) + 1;
    double[] p1 = {Math.exp(1) / zt1, Math.exp(0.5) / zt1, 1 / zt1};
    double zs1 = Math.exp(0.5) + Math.exp(1) + 1;
    double[] q1 = {Math.exp(0.5) / zs1, Math.exp(1) / zs1, 1 / zs1};
    // Row 2 at T = 2: teacher [0, 0, 1.5], student [0.25, -0.5, 1].
    double zt2 = 1 + 1 + Math.exp(1.5);
    double[] p2 = {1 / zt2, 1 / zt2, Math.exp(1.5) / zt2};
    double zs2 = Math.exp(0.25) + Math.exp(-0.5) + Math.exp(1);
    double[] q2 = {Math.exp(0.25) / zs2, Math.exp(-0.5) / zs2, Math.exp(1) / zs2};
    double kl = 0;
    for (int c = 0; c < 3; c++) {
      kl += p1[c] * Math.log(p1[c] / q1[c]) + p2[c] * Math.log(p2[c] / q2[c]);
    }
    kl /= 2;
    assertThat(ce).isCloseTo(TORCH_CE, within(1e-12));
    assertThat(kl).isCloseTo(TORCH_KL, within(1e-12));
    return (1 - ALPHA) * ce + ALPHA * T * T * kl;
  }

  @Test
  void handComputedLossMatchesPyTorch() {
    assertThat(handKd()).isCloseTo(TORCH_KD, within(1e-12));
  }

  @Test
  void referenceImplementationMatchesTheHandComputation() {
    assertThat(DistillationLoss.reference(STUDENT, TEACHER, LABELS, 3, T, ALPHA)).isCloseTo(handKd(), within(1e-12));
    assertThat(DistillationLoss.reference(STUDENT, TEACHER, LABELS, 3, null, ALPHA)).isCloseTo(TORCH_CE, within(1e-12));
  }

  @Test
  void djlLossMatchesTheHandComputationTo1e5() {
    TeacherLogits teacher = teacherRows();
    try (NDManager manager = NDManager.newBaseManager()) {
      ImageBatch batch = batch(manager);
      NDArray student = manager.create(STUDENT, new Shape(2, 3));
      float loss = new DistillationLoss(teacher, T, ALPHA).loss(student, batch).getFloat();
      assertThat((double) loss).isCloseTo(handKd(), within(1e-5));
    }
  }

  @Test
  void withoutTemperatureItIsPlainCrossEntropy() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ImageBatch batch = batch(manager);
      NDArray student = manager.create(STUDENT, new Shape(2, 3));
      float none = new DistillationLoss(null, null, 0.7).loss(student, batch).getFloat();
      float djl = TrainingLoop.CROSS_ENTROPY.loss(student, batch).getFloat();
      assertThat((double) none).isCloseTo(TORCH_CE, within(1e-6));
      assertThat(none).isCloseTo(djl, within(1e-6f));
    }
  }

  @Test
  void gradientWithRespectToStudentLogitsIsTheTextbookOne() {
    // d/ds of (1-a) CE + a T^2 KL is ((1-a)(softmax(s) - y) + a T (softmax(s/T) - softmax(t/T))) / B.
    TeacherLogits teacher = teacherRows();
    float[] gradient;
    try (NDManager manager = NDManager.newBaseManager()) {
      ImageBatch batch = batch(manager);
      NDArray student = manager.create(STUDENT, new Shape(2, 3));
      student.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        collector.backward(new DistillationLoss(teacher, T, ALPHA).loss(student, batch));
      }
      gradient = student.getGradient().toFloatArray();
    }
    for (int i = 0; i < 2; i++) {
      double[] q = softmax(STUDENT, i, 1);
      double[] qt = softmax(STUDENT, i, T);
      double[] pt = softmax(TEACHER, i, T);
      for (int c = 0; c < 3; c++) {
        double y = LABELS[i] == c ? 1 : 0;
        double expected = ((1 - ALPHA) * (q[c] - y) + ALPHA * T * (qt[c] - pt[c])) / 2;
        assertThat((double) gradient[i * 3 + c]).as("row %d class %d", i, c).isCloseTo(expected, within(1e-6));
      }
    }
  }

  private static double[] softmax(float[] logits, int row, double temperature) {
    double[] e = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      e[c] = Math.exp(logits[row * 3 + c] / temperature);
      sum += e[c];
    }
    for (int c = 0; c < 3; c++) {
      e[c] /= sum;
    }
    return e;
  }

  @Test
  void softTargetsAreEachRowsSoftenedDistributionComputedOncePerTemperature() {
    // logits (0, ln 3) at T = 1: p = (1/4, 3/4); at T = 2: (1, sqrt 3) / (1 + sqrt 3).
    TeacherLogits logits = new TeacherLogits(new float[] {0f, (float) Math.log(3)}, 1, 2, "0".repeat(64), "0".repeat(64));
    SoftTargets one = logits.softened(1.0);
    float[] row = new float[3];
    one.copyRow(0, row, 1);
    assertThat(row[0]).isZero();
    assertThat(row[1]).isCloseTo(0.25f, within(1e-7f));
    assertThat(row[2]).isCloseTo(0.75f, within(1e-7f));
    assertThat(one.negativeEntropy(0)).isCloseTo(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75), within(1e-7));
    SoftTargets two = logits.softened(2.0);
    two.copyRow(0, row, 0);
    assertThat(row[0]).isCloseTo((float) (1 / (1 + Math.sqrt(3))), within(1e-7f));
    // Every student and fine-tune reading these logits at one temperature shares one computation.
    assertThat(logits.softened(1.0)).isSameAs(one);
    assertThat(two).isNotSameAs(one);
  }

  /** Teacher logits for a split of 3 examples in which the batch holds examples 2 and 0. */
  private static TeacherLogits teacherRows() {
    float[] rows = new float[9];
    System.arraycopy(TEACHER, 0, rows, 6, 3); // example 2 is the batch's first row
    System.arraycopy(TEACHER, 3, rows, 0, 3); // example 0 is its second
    rows[3] = 100f; // example 1 is not in the batch; a wrong join would show
    return new TeacherLogits(rows, 3, 3, "0".repeat(64), "0".repeat(64));
  }

  private static ImageBatch batch(NDManager manager) {
    NDArray images = manager.zeros(new Shape(2, 1, 2, 2));
    NDArray labels = manager.create(new long[] {LABELS[0], LABELS[1]});
    return new ImageBatch(images, labels, new int[] {2, 0});
  }
}
