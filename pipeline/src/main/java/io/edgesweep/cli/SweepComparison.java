package io.edgesweep.cli;

import io.edgesweep.evaluate.AccuracyEstimate;
import java.util.Locale;

/**
 * What {@code run-bundle} and {@code run-onnx} say after scoring an export on a split: whether it
 * is the sweep's own split, and whether the export reproduces the sweep's count there.
 */
final class SweepComparison {
  private SweepComparison() {}

  /**
   * Prints the comparison and returns the exit code: 1 when the counts differ by more than
   * {@code tolerance} (a fraction of the split), else 0.
   *
   * @param split "validation" or "test" when the data is the sweep's split, else null
   * @param expected the sweep's accuracy there, or null when it did not score this variant there
   * @param why the reason printed for a difference within the tolerance
   */
  static int print(AccuracyEstimate accuracy, String split, AccuracyEstimate expected, double tolerance, String why) {
    if (split == null) {
      System.out.println("this data is neither the validation nor the test split the sweep used: nothing to compare with");
      return 0;
    }
    if (expected == null) {
      System.out.printf("this is the sweep's %s split, on which the sweep did not score this variant%n", split);
      return 0;
    }
    if (expected.correct() == accuracy.correct() && expected.n() == accuracy.n()) {
      System.out.printf(Locale.ROOT, "matches the sweep's %s accuracy exactly: %d/%d correct%n", split, expected.correct(), expected.n());
      return 0;
    }
    boolean within = expected.n() == accuracy.n() && Math.abs(accuracy.accuracy() - expected.accuracy()) <= tolerance + 1e-12;
    System.out.printf(Locale.ROOT, "%s the sweep's %s accuracy: %d/%d correct here, %d/%d in the sweep%s%n",
        within ? "within " + tolerance * 100 + " point of" : "DIFFERS from", split, accuracy.correct(), accuracy.n(), expected.correct(),
        expected.n(), within ? " (" + why + ")" : "");
    return within ? 0 : 1;
  }
}
