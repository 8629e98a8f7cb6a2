package io.edgesweep.compress;

import io.edgesweep.model.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The float weights quantization-aware training updates, behind the rounded weights the forward
 * pass sees: the straight-through estimator in plain arithmetic.
 *
 * <p>The model holds Q(w), the shadow weights w rounded onto the quantization grid. After the
 * optimizer has moved the model's weights from Q(w) to Q(w) + Δ, with Δ computed from the gradient
 * at Q(w), {@link #step} adds the same Δ to w: the gradient passes the rounding as if it were the
 * identity (Bengio et al. 2013; Jacob et al., CVPR 2018). Then w is masked (pruned weights stay
 * exactly zero, whatever the optimizer's momentum says) and rounded again, with scales recomputed
 * from the new w, and the model gets Q(w) back.
 *
 * <p>On a symmetric grid each channel's scale is the least-squares one, not max|w|/qmax: starting
 * from max|w|/qmax, codes and scale are alternately re-fitted (codes by rounding, the scale as
 * Σ|w·q| / Σq²), which never increases Σ(w − Q(w))² and stops when the codes stop changing. At 2
 * bits (ternary) the max-based scale rounds every weight under max/2 to zero; the fitted one clips
 * the few largest instead. The stored model still re-derives exactly: its largest code is qmax in
 * every channel that has weights, so quantizing it again by max|w|/qmax finds the same grid
 * ({@link #settled}).
 *
 * <p>With learned scales ({@link LearnedScales}, LSQ) the rounding uses those instead of refitting,
 * and the weight gradient is cut where the code clips before the optimizer steps (LSQ's ∂ŵ/∂w).
 */
final class ShadowWeights {
  private final QuantizationSettings settings;
  private final LearnedScales learned;
  private final Map<String, Tensor> shadow = new LinkedHashMap<>();
  private final Map<String, boolean[]> kept = new LinkedHashMap<>();
  private final Map<String, float[]> rounded = new LinkedHashMap<>();

  /**
   * @param weights the float weights to start from; a weight that is exactly zero counts as pruned
   * @param settings the integer grid of the weights
   */
  ShadowWeights(Map<String, Tensor> weights, QuantizationSettings settings) {
    this(weights, settings, null);
  }

  /**
   * @param learned the learned scales to round with, made from the same weights; null to refit
   *     the scales from the weights at every step
   */
  ShadowWeights(Map<String, Tensor> weights, QuantizationSettings settings, LearnedScales learned) {
    this.learned = learned;
    if (!settings.weights().isInteger()) {
      throw new IllegalArgumentException("quantization-aware training needs integer weights, not " + settings.weights());
    }
    this.settings = settings;
    weights.forEach((name, tensor) -> {
      float[] values = tensor.values().clone();
      boolean[] keep = new boolean[values.length];
      for (int i = 0; i < values.length; i++) {
        keep[i] = values[i] != 0f;
      }
      shadow.put(name, new Tensor(tensor.shape(), values));
      kept.put(name, keep);
      rounded.put(name, round(name));
    });
  }

  /** Q(w) of one tensor, as the forward pass should see it. */
  float[] rounded(String name) {
    return rounded.get(name);
  }

  /** The shadow weights w of one tensor. */
  float[] shadow(String name) {
    return shadow.get(name).values();
  }

  /**
   * Applies the optimizer's change of the rounded weights to the shadow weights, and returns the
   * new rounded weights.
   *
   * @param afterStep the tensor's values after the optimizer step (Q(w) + Δ)
   */
  float[] step(String name, float[] afterStep) {
    float[] w = shadow.get(name).values();
    float[] before = rounded.get(name);
    boolean[] keep = kept.get(name);
    for (int i = 0; i < w.length; i++) {
      w[i] = keep[i] ? w[i] + (afterStep[i] - before[i]) : 0f;
    }
    float[] next = round(name);
    rounded.put(name, next);
    return next;
  }

  /** Q(w) with scales from the current w; pruned weights come out 0 since both grids hold 0 exactly. */
  private float[] round(String name) {
    Tensor w = shadow.get(name);
    if (learned != null) {
      return learned.round(name, w.values());
    }
    if (settings.scheme() != QuantizationScheme.SYMMETRIC) {
      return WeightQuantizer.quantize(name, w, settings.weights(), settings.granularity(), settings.scheme()).dequantize().values();
    }
    float[] values = w.values();
    float[] out = new float[values.length];
    int qmax = (1 << (settings.weights().bits() - 1)) - 1;
    int channels = settings.granularity() == Granularity.PER_CHANNEL && w.rank() >= 2 ? w.dim(0) : 1;
    int perChannel = values.length / channels;
    for (int c = 0; c < channels; c++) {
      fitChannel(values, out, c * perChannel, (c + 1) * perChannel, qmax);
    }
    return out;
  }

  /**
   * Least-squares symmetric grid for values[from, to), written to out.
   *
   * @return the scale of that grid (1 for a channel of zeros)
   */
  static float fitChannel(float[] values, float[] out, int from, int to, int qmax) {
    float amax = 0f;
    for (int i = from; i < to; i++) {
      amax = Math.max(amax, Math.abs(values[i]));
    }
    if (amax == 0f) {
      java.util.Arrays.fill(out, from, to, 0f);
      return 1f;
    }
    float scale = amax / qmax;
    int[] codes = new int[to - from];
    for (int iteration = 0; iteration < 20; iteration++) {
      boolean changed = iteration == 0;
      double wq = 0;
      double qq = 0;
      for (int i = from; i < to; i++) {
        int q = WeightQuantizer.code(values[i], scale, 0, -qmax, qmax);
        changed |= q != codes[i - from];
        codes[i - from] = q;
        wq += (double) values[i] * q;
        qq += (double) q * q;
      }
      if (!changed || qq == 0) {
        break;
      }
      scale = (float) (wq / qq);
    }
    for (int i = from; i < to; i++) {
      out[i] = codes[i - from] * scale;
    }
    return scale;
  }

  /**
   * The final rounded weights, rounded again until rounding changes nothing, so that quantizing the
   * stored model gives back exactly its own values (a bundle re-derives the integer codes that way).
   */
  Tensor settled(String name) {
    Tensor current = new Tensor(shadow.get(name).shape(), rounded.get(name).clone());
    for (int i = 0; i < 8; i++) {
      Tensor again = WeightQuantizer.quantize(name, current, settings.weights(), settings.granularity(), settings.scheme()).dequantize();
      if (again.equals(current)) {
        return current;
      }
      current = again;
    }
    throw new IllegalStateException("rounding " + name + " onto its grid does not settle");
  }
}
