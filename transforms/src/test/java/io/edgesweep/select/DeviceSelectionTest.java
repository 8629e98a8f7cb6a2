package io.edgesweep.select;

import static io.edgesweep.select.Candidates.breaking;
import static io.edgesweep.select.Candidates.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.CostEstimate;
import io.edgesweep.evaluate.CostModel;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.ModelFootprint;
import io.edgesweep.evaluate.Objective;
import io.edgesweep.evaluate.Precision;
import io.edgesweep.evaluate.ScaleGranularity;
import io.edgesweep.evaluate.SelectionRule;
import io.edgesweep.evaluate.TestDevices;
import io.edgesweep.evaluate.WeightEncoding;
import io.edgesweep.model.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceSelectionTest {
  // (accuracy/1000, bytes, ms, energy J)
  private static final List<Candidate> SET = List.of(
      of("big", 910, 400, 8.0, 5.0),     // most accurate, large and slow
      of("mid", 900, 200, 4.0, 3.0),
      of("mid-dup", 900, 200, 4.0, 3.0), // exact duplicate of mid: split by id
      of("small", 870, 100, 3.0, 1.0),
      of("tiny", 800, 50, 2.0, 2.0),
      of("bad", 700, 300, 9.0, 9.0));    // dominated

  private static final SelectionLimits OPEN = new SelectionLimits(0.0, 1_000, 100.0);
  // Tests of the constraints other than the floor check it on the point estimate, so that hand-made
  // accuracies a few points apart behave as written; AccuracyFloorTest and the tests at the end
  // check the confidence rule.
  private static final SelectionRule POINT = SelectionRule.POINT_ESTIMATE;

  @Test
  void eachObjectivePicksItsBestWithTheDocumentedTieBreak() {
    assertThat(pick(Objective.MAX_ACCURACY, OPEN).pick().variantId()).isEqualTo("big");
    assertThat(pick(Objective.MIN_BYTES, OPEN).pick().variantId()).isEqualTo("tiny");
    assertThat(pick(Objective.MIN_LATENCY, OPEN).pick().variantId()).isEqualTo("tiny");
    // Least energy on the front: small (1.0 J).
    assertThat(pick(Objective.MIN_ENERGY, OPEN).pick().variantId()).isEqualTo("small");
    // With big and small gone, max-accuracy meets the mid/mid-dup tie: equal on every metric, so the id decides.
    SelectionLimits noBig = new SelectionLimits(0.0, 300, 100.0);
    DevicePick p = DeviceSelection.select("d", Objective.MAX_ACCURACY, noBig, List.of(SET.get(1), SET.get(2), SET.get(4)));
    assertThat(p.pick().variantId()).isEqualTo("mid");
  }

  @Test
  void tieOnTheObjectiveFallsToAccuracyThenBytesThenLatency() {
    // Same bytes (100): min-bytes takes the more accurate; same bytes and accuracy: the faster.
    List<Candidate> tied = List.of(of("s1", 850, 100, 3.0), of("s2", 860, 100, 3.5), of("s3", 860, 100, 3.2));
    assertThat(DeviceSelection.select("d", Objective.MIN_BYTES, OPEN, tied).pick().variantId()).isEqualTo("s3");
    // Same latency: min-latency takes the more accurate, then the smaller.
    List<Candidate> fast = List.of(of("f1", 850, 90, 2.0), of("f2", 850, 80, 2.0), of("f3", 840, 10, 2.0));
    assertThat(DeviceSelection.select("d", Objective.MIN_LATENCY, OPEN, fast).pick().variantId()).isEqualTo("f2");
  }

  @Test
  void infeasibleVariantsAreDroppedWithTheirReasons() {
    // Floor 0.85, max 250 bytes, 5 ms: big breaks bytes and latency, tiny and bad break accuracy, bad also latency.
    SelectionLimits limits = new SelectionLimits(0.85, 250, 5.0, POINT);
    DevicePick p = pick(Objective.MAX_ACCURACY, limits);
    assertThat(p.violations()).containsOnlyKeys("big", "tiny", "bad");
    assertThat(p.violations().get("big")).containsExactlyInAnyOrder(Constraint.MODEL_BYTES, Constraint.LATENCY);
    assertThat(p.violations().get("tiny")).containsExactly(Constraint.ACCURACY);
    assertThat(p.violations().get("bad")).containsExactlyInAnyOrder(Constraint.MODEL_BYTES, Constraint.LATENCY, Constraint.ACCURACY);
    assertThat(p.feasibleCount()).isEqualTo(3);
    assertThat(p.front()).extracting(Candidate::variantId).containsExactly("small", "mid", "mid-dup");
    assertThat(p.pick().variantId()).isEqualTo("mid");
    // Lifting the byte limit alone would not admit big (its latency still breaks 5 ms), and neither
    // would lifting latency alone: neither binds. Only constraints that change the pick are reported.
    assertThat(p.binding()).isEmpty();
  }

  @Test
  void bindingConstraintsAreThoseWhoseLiftingChangesThePick() {
    // 6 ms budget: big (8 ms) is out only for latency, so latency binds the max-accuracy pick.
    DevicePick p = pick(Objective.MAX_ACCURACY, new SelectionLimits(0.0, 1_000, 6.0));
    assertThat(p.pick().variantId()).isEqualTo("mid");
    assertThat(p.binding()).containsExactly(Constraint.LATENCY);
    // A hardware constraint can bind too: mid needs more RAM than the device has.
    List<Candidate> withRam = List.of(breaking("mid-ram", 900, 200, 4.0, Constraint.RAM), of("small", 870, 100, 3.0));
    DevicePick q = DeviceSelection.select("d", Objective.MAX_ACCURACY, OPEN, withRam);
    assertThat(q.pick().variantId()).isEqualTo("small");
    assertThat(q.binding()).containsExactly(Constraint.RAM);
    assertThat(q.reason()).contains("small").contains("max-accuracy").contains("RAM");
  }

  @Test
  void boundsAreInclusive() {
    // Exactly at floor, bytes and latency: feasible.
    DevicePick p = DeviceSelection.select("d", Objective.MAX_ACCURACY, new SelectionLimits(0.87, 100, 3.0, POINT), List.of(of("small", 870, 100, 3.0)));
    assertThat(p.pick().variantId()).isEqualTo("small");
  }

  @Test
  void noFeasibleVariantIsAnAnswerNotAnError() {
    DevicePick p = pick(Objective.MAX_ACCURACY, new SelectionLimits(0.99, 1_000, 100.0));
    assertThat(p.hasPick()).isFalse();
    assertThat(p.front()).isEmpty();
    assertThat(p.binding()).containsExactly(Constraint.ACCURACY);
    assertThat(p.reason()).contains("no variant");
  }

  @Test
  void overridesReplaceThePolicyButNotTheHardware() {
    TestDevices d = TestDevices.builder();
    d.accuracyFloor = 0.85;
    d.maxModelBytes = 150;
    d.latencyBudgetMs = 100;
    d.storageBytes = 1_000;
    d.selection = POINT;
    DeviceProfile device = d.build();
    assertThat(DeviceSelection.select(device, SET).pick().variantId()).isEqualTo("small");
    // --min-accuracy 0.9 --max-bytes 500: mid-level variants qualify, big does too.
    DevicePick relaxed = DeviceSelection.select(device, SET, new ConstraintOverrides(0.9, 500L, null));
    assertThat(relaxed.limits()).isEqualTo(new SelectionLimits(0.9, 500, 100, POINT));
    assertThat(relaxed.pick().variantId()).isEqualTo("big");
    // A larger byte limit does not lift a hardware verdict carried by the candidate.
    List<Candidate> tooBig = List.of(breaking("huge", 950, 5_000, 1.0, Constraint.STORAGE), of("small", 870, 100, 3.0));
    assertThat(DeviceSelection.select(device, tooBig, new ConstraintOverrides(null, 10_000L, null)).pick().variantId()).isEqualTo("small");
    assertThatThrownBy(() -> new ConstraintOverrides(1.5, null, null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--min-accuracy");
    assertThatThrownBy(() -> new ConstraintOverrides(null, 0L, null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--max-bytes");
    assertThatThrownBy(() -> new ConstraintOverrides(null, null, -1.0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--max-latency-ms");
    assertThatThrownBy(() -> new ConstraintOverrides(null, null, null, 0.3)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--floor-confidence");
    // --floor-confidence replaces the profile's confidence and turns the check to Holm.
    SelectionLimits lowered = SelectionLimits.of(device, new ConstraintOverrides(null, null, null, 0.5));
    assertThat(lowered.rule().floorConfidence()).isEqualTo(0.5);
    assertThat(lowered.rule().floorCheck()).isEqualTo(SelectionRule.FloorCheck.HOLM);
  }

  @Test
  void candidatesComeFromCostEstimatesKeepingOnlyHardwareVerdicts() {
    // fp32 mlp on a device that reads int8 only and with a tiny latency budget: the candidate keeps
    // WEIGHT_PRECISION (hardware) and leaves LATENCY (policy) to selection.
    TestDevices d = TestDevices.builder();
    d.weightPrecisions = java.util.Set.of(Precision.INT8);
    d.latencyBudgetMs = 1e-6;
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), WeightEncoding.float32(), Precision.FP32);
    CostEstimate cost = CostModel.estimate(model, d.build());
    assertThat(cost.violations()).contains(Constraint.WEIGHT_PRECISION, Constraint.LATENCY);
    Candidate c = Candidate.of("fp32", AccuracyEstimate.of(900, 1000), cost);
    assertThat(c.hardwareViolations()).containsExactly(Constraint.WEIGHT_PRECISION);
    assertThat(c.bytes()).isEqualTo(cost.storedBytes());
    assertThat(c.latencyMs()).isEqualTo(cost.latencyMs());
    assertThat(c.weightPrecisions()).containsExactly(Precision.FP32);
    ModelFootprint int8 = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), WeightEncoding.integer(8, ScaleGranularity.PER_CHANNEL, false), Precision.INT8);
    assertThatThrownBy(() -> Candidate.of("b4", AccuracyEstimate.of(1, 2), CostModel.estimate(int8, d.build(), 4)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void duplicateVariantIdsAreRefused() {
    assertThatThrownBy(() -> DeviceSelection.select("d", Objective.MAX_ACCURACY, OPEN, List.of(of("x", 1, 1, 1), of("x", 2, 2, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
  }

  @Test
  void aVariantThatClearsTheFloorOnlyByItsPointEstimateIsNotPicked() {
    // Floor 0.85 over small (870/1000), tiny and the others: on the point estimate small is the
    // min-bytes pick; with the confidence rule it is not shown to meet the floor among the six
    // compared (its exact p-value 0.0401 > 0.05/3 at its Holm step), so the pick moves to mid.
    SelectionLimits limits = new SelectionLimits(0.85, 1_000, 100.0);
    assertThat(pick(Objective.MIN_BYTES, limits.with(POINT)).pick().variantId()).isEqualTo("small");
    DevicePick p = pick(Objective.MIN_BYTES, limits);
    assertThat(p.pick().variantId()).isEqualTo("mid");
    assertThat(p.violations().get("small")).containsExactly(Constraint.ACCURACY);
    assertThat(p.binding()).contains(Constraint.ACCURACY);
    assertThat(p.floor().compared()).isEqualTo(6);
    assertThat(p.floor().pick().meetsFloor()).isTrue();
    assertThat(p.reason()).contains("met with 95% confidence over the 6 variants compared");
  }

  @Test
  void whenNoVariantMeetsTheFloorWithConfidenceThePickSaysSoAndNamesTheClosest() {
    // Floor 0.90: big measures 91.0% but its exact 95% bound over six is below 0.90.
    DevicePick p = pick(Objective.MAX_ACCURACY, new SelectionLimits(0.90, 1_000, 100.0));
    assertThat(p.hasPick()).isFalse();
    assertThat(p.floor().closest().candidate().variantId()).isEqualTo("big");
    assertThat(p.floor().closest().lowerBound()).isLessThan(0.90);
    assertThat(p.reason()).startsWith("no variant meets d's accuracy floor 90.00%").contains("closest: big, validation 91.00%");
  }

  @Test
  void maxAccuracyMayTakeTheCheapestVariantIndistinguishableFromTheBest() {
    // big 91.0%, mid 90.0%, small 87.0% of 1000: big and mid cannot be told apart (p = 0.45), big and
    // small can (p = 0.004). Under cheapest-indistinguishable by bytes the pick is mid, not big.
    SelectionRule ties = SelectionRule.DEFAULT.withTies(SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE, SelectionRule.Cost.BYTES);
    assertThat(AccuracyComparison.of(SET.get(0).accuracy(), SET.get(1).accuracy()).indistinguishable()).isTrue();
    assertThat(AccuracyComparison.of(SET.get(0).accuracy(), SET.get(3).accuracy()).indistinguishable()).isFalse();
    DevicePick p = pick(Objective.MAX_ACCURACY, OPEN.with(ties));
    assertThat(p.pick().variantId()).isEqualTo("mid");
    assertThat(p.mostAccurate().variantId()).isEqualTo("big");
    assertThat(p.tieRuleApplied()).isTrue();
    assertThat(p.reason()).contains("cheapest by bytes").contains("big at 91.00%");
    // By latency the same pair ties, and mid is also the faster.
    assertThat(pick(Objective.MAX_ACCURACY, OPEN.with(ties.withTies(SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE, SelectionRule.Cost.LATENCY)))
        .pick().variantId()).isEqualTo("mid");
    // The rule applies to max-accuracy only; the default rule keeps the most accurate.
    assertThat(pick(Objective.MAX_ACCURACY, OPEN).pick().variantId()).isEqualTo("big");
  }

  private static DevicePick pick(Objective objective, SelectionLimits limits) {
    return DeviceSelection.select("d", objective, limits, SET);
  }
}
