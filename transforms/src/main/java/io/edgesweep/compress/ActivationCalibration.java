package io.edgesweep.compress;

import ai.djl.ndarray.NDManager;
import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ParameterSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the range of every weight layer's input on the calibration split and turns it into a
 * per-tensor integer grid.
 *
 * <p>The model runs in float over the calibration split with a hook on each weight layer's input
 * ({@link Classifier#openWithHook}); it runs with the weights it will be evaluated with (already
 * quantized, when they are), and the hook only observes, so each layer's range is that of its
 * float input. Ranges:
 *
 * <ul>
 *   <li>minmax: the smallest and largest value seen (PyTorch's {@code MinMaxObserver});
 *   <li>percentile p: [P(100 − p), P(p)] of all values seen, with linear interpolation between
 *       order statistics (numpy's default), so the rarest outliers are clipped rather than
 *       stretching the grid for everyone. All values of a layer are kept in memory for this, a few
 *       MB for a calibration split of 1,000 images.
 * </ul>
 *
 * <p>The grid is affine and unsigned, as PyTorch's default {@code quint8} activations: the range is
 * widened to contain 0, scale = (hi − lo) / (2^b − 1) in float32, zero-point = clamp(rint(−lo /
 * scale), 0, 2^b − 1). Inputs after a ReLU have lo = 0 and use all 2^b codes for [0, hi]; the
 * image input in [0, 1] at 8 bits gets scale 1/255, which represents every pixel exactly.
 */
public final class ActivationCalibration {
  private static final int BATCH = 500;

  private ActivationCalibration() {}

  /** Integer quantizers for every weight layer's input of a built architecture. */
  public static ActivationQuantization calibrate(
      Architecture architecture, ParameterSet parameters, ImageDataset calibration, ActivationSettings settings) {
    if (settings.kind() != ActivationSettings.Kind.INT) {
      throw new IllegalArgumentException("only integer activations are calibrated, not " + settings.kind());
    }
    if (architecture.isTorchScript()) {
      throw new InvalidInputException(architecture.spec(), "activations",
          "activation quantization needs a hook on every layer's input, which a compiled TorchScript graph does not have; "
              + "quantize its weights only (activations off)");
    }
    if (calibration == null || calibration.size() == 0) {
      throw new InvalidInputException("calibration split", null,
          (calibration == null ? "is missing" : "is empty") + "; integer activations need calibration images to set their ranges");
    }
    boolean keepValues = settings.calibration().method() == ActivationSettings.Calibration.Method.PERCENTILE;
    Map<String, LayerValues> seen = new LinkedHashMap<>();
    try (Classifier classifier = Classifier.openWithHook(architecture, parameters, (layer, input) -> {
          LayerValues values = seen.computeIfAbsent(layer, l -> new LayerValues(keepValues));
          if (keepValues) {
            values.add(input.toFloatArray());
          } else {
            // The extremes are exact in any order, so libtorch finds them where the values are.
            values.extremes(input.min().getFloat(), input.max().getFloat());
          }
          return input;
        });
        NDManager manager = NDManager.newBaseManager()) {
      new InMemoryBatches(calibration).forEachBatch(manager, BATCH, null,
          batch -> classifier.logits(batch.images().getManager(), batch.images()));
    }
    Map<String, ActivationQuantization.Range> ranges = new LinkedHashMap<>();
    for (Map.Entry<String, LayerValues> entry : seen.entrySet()) {
      LayerValues values = entry.getValue();
      double lo;
      double hi;
      if (keepValues) {
        float[] sorted = values.sorted();
        double p = settings.calibration().percentile();
        lo = percentile(sorted, 100 - p);
        hi = percentile(sorted, p);
      } else {
        lo = values.min;
        hi = values.max;
      }
      ranges.put(entry.getKey(), range(lo, hi, settings.bits()));
    }
    return new ActivationQuantization("int", settings.bits(), ranges);
  }

  /** The affine unsigned b-bit grid over [min(lo, 0), max(hi, 0)]. */
  public static ActivationQuantization.Range range(double lo, double hi, int bits) {
    // Math.min keeps a negative zero (it orders -0.0 below 0.0), and which zero a reduction returns
    // is not defined: + 0.0 makes it positive. Math.max already gives the positive one.
    double low = Math.min(lo, 0) + 0.0;
    double high = Math.max(hi, 0);
    int qmax = (1 << bits) - 1;
    float scale = high == low ? 1f : (float) ((high - low) / qmax);
    int zeroPoint = Math.max(0, Math.min(qmax, (int) Math.rint(-low / scale)));
    return new ActivationQuantization.Range(low, high, scale, zeroPoint, 0, qmax);
  }

  /** The p-th percentile (0..100) of sorted values, interpolating linearly as numpy does. */
  static double percentile(float[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    double position = p / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    double fraction = position - below;
    return sorted[below] + fraction * ((double) sorted[above] - sorted[below]);
  }

  /** What one layer's input looked like over the calibration split. */
  private static final class LayerValues {
    private final boolean keep;
    private float[] values = new float[0];
    private int size;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;

    LayerValues(boolean keep) {
      this.keep = keep;
    }

    void extremes(float batchMin, float batchMax) {
      min = Math.min(min, batchMin);
      max = Math.max(max, batchMax);
    }

    void add(float[] batch) {
      for (float v : batch) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (keep) {
        if (size + batch.length > values.length) {
          values = Arrays.copyOf(values, Math.max(2 * values.length, size + batch.length));
        }
        System.arraycopy(batch, 0, values, size, batch.length);
        size += batch.length;
      }
    }

    float[] sorted() {
      float[] copy = Arrays.copyOf(values, size);
      Arrays.sort(copy);
      return copy;
    }
  }
}
