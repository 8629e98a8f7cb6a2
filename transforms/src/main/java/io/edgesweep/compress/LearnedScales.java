package io.edgesweep.compress;

import io.edgesweep.model.Tensor;
import io.edgesweep.spec.Names;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Learned step sizes for quantization-aware training: LSQ (Esser et al., "Learned Step Size
 * Quantization", ICLR 2020), on the leaf's symmetric grid.
 *
 * <p>Each scale s (one per output channel, or one per tensor, as the leaf's granularity says) is a
 * trainable parameter. The forward pass sees ŵ = clamp(round(w / s), −Q, Q) · s with Q = 2^(b−1) − 1
 * (the quantize stage's restricted symmetric range, so Qn = Qp = Q and every learned model lies on
 * the leaf's grid). With v = w / s, the paper's gradients (its equation 3 and section 2.1) are
 *
 * <ul>
 *   <li>∂ŵ/∂s = round(v) − v inside (−Q &lt; v &lt; Q), −Q at or below −Q, Q at or above Q;
 *   <li>∂ŵ/∂w = 1 inside, 0 outside (the straight-through estimator, cut where the code clips);
 *   <li>the scale's gradient multiplied by g = 1 / √(N·Q), N the weights the scale covers.
 * </ul>
 *
 * <p>Pruned weights are not quantized (they stay exactly 0 and add nothing to any gradient), so N
 * counts the kept weights of the channel. The initial scale is one of ({@link Init}):
 *
 * <ul>
 *   <li>{@code fitted} (the default): the least-squares scale of the float weights on the grid,
 *       where recomputed scales start too ({@link ShadowWeights#fitChannel});
 *   <li>{@code mean}: the paper's 2·mean|w| / √Q, over the kept weights (a mean over all
 *       positions would start 90%-pruned rows ten times too small).
 * </ul>
 *
 * <p>The paper's rule assumes dense, bell-shaped weights. After magnitude pruning only the largest
 * weights are left, whose mean is close to their maximum: at 4 bits 2·mean|w| / √7 puts the largest
 * kept weights near code 3 of 7, and at 2 bits 2·mean|w| rounds about half of the kept weights to
 * zero. On the 90%-pruned Fashion-MNIST MLP the mean start ends 0.1 to 1.6 points below the fitted
 * one on validation after 2 epochs (docs/compression.md). The leaf's own scale, max|w| / Q, is not used: at 2
 * bits it rounds every weight under max/2 to zero.
 *
 * <p>The scales take SGD steps with momentum 0.9 on the half-cosine schedule of the weights, as
 * the paper trains both with SGD, at their own learning rate: the weights' Adam normalises each
 * gradient's size away, SGD keeps the g the paper balances scales and weights with.
 */
public final class LearnedScales {
  static final double MOMENTUM = 0.9;

  /** Where the scales start (spec {@code qat.scale_init}). */
  public enum Init {
    /** The least-squares fit of the float weights on the grid. */
    FITTED,
    /** The paper's 2·mean|w| / √Q over the kept weights. */
    MEAN;

    public String id() {
      return Names.of(this);
    }

    public static Init parse(String text, String source) {
      return Names.parse(Init.class, text, source, "scale_init", "scale start");
    }

    @Override
    public String toString() {
      return Names.of(this);
    }
  }

  private final int q;
  private final boolean perChannel;
  private final double learningRate;
  private final int totalSteps;
  private final Map<String, float[]> scales = new LinkedHashMap<>();
  private final Map<String, double[]> gradientScale = new LinkedHashMap<>();
  private final Map<String, double[]> pending = new LinkedHashMap<>();
  private final Map<String, double[]> velocity = new LinkedHashMap<>();
  private int step;

  /**
   * @param weights the float weights training starts from; exact zeros count as pruned
   * @param settings the leaf's grid: symmetric integer weights
   * @param init where the scales start
   * @param learningRate the scales' SGD learning rate at step 0
   * @param totalSteps optimizer steps of the whole training, for the half-cosine schedule
   */
  LearnedScales(Map<String, Tensor> weights, QuantizationSettings settings, Init init, double learningRate, int totalSteps) {
    if (!settings.weights().isInteger() || settings.scheme() != QuantizationScheme.SYMMETRIC) {
      throw new IllegalArgumentException("learned scales (LSQ) need a symmetric integer grid, not " + settings.weights() + " " + settings.scheme());
    }
    this.q = (1 << (settings.weights().bits() - 1)) - 1;
    this.perChannel = settings.granularity() == Granularity.PER_CHANNEL;
    this.learningRate = learningRate;
    this.totalSteps = Math.max(1, totalSteps);
    weights.forEach((name, tensor) -> {
      float[] w = tensor.values();
      int channels = channels(tensor);
      int per = w.length / channels;
      float[] s = new float[channels];
      double[] g = new double[channels];
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        int kept = 0;
        for (int i = c * per; i < (c + 1) * per; i++) {
          if (w[i] != 0f) {
            sum += Math.abs(w[i]);
            kept++;
          }
        }
        // A channel with no kept weight holds zeros on any grid; scale 1 as WeightQuantizer gives it.
        if (kept == 0) {
          s[c] = 1f;
        } else if (init == Init.MEAN) {
          s[c] = (float) (2 * (sum / kept) / Math.sqrt(q));
        } else {
          s[c] = ShadowWeights.fitChannel(w, new float[w.length], c * per, (c + 1) * per, q);
        }
        g[c] = kept == 0 ? 0 : 1 / Math.sqrt((double) kept * q);
      }
      scales.put(name, s);
      gradientScale.put(name, g);
      pending.put(name, new double[channels]);
      velocity.put(name, new double[channels]);
    });
  }

  /** The current scales of one tensor (live: do not change). */
  float[] scales(String name) {
    return scales.get(name);
  }

  /** ŵ = clamp(round(w / s), −Q, Q) · s, in float32 as the quantizer computes it. */
  float[] round(String name, float[] w) {
    float[] s = scales.get(name);
    int per = w.length / s.length;
    float[] out = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      float scale = s[i / per];
      out[i] = WeightQuantizer.code(w[i], scale, 0, -q, q) * scale;
    }
    return out;
  }

  /**
   * Takes the loss gradient at ŵ of one tensor: accumulates its scales' gradients (g · Σ ∂L/∂ŵ ·
   * ∂ŵ/∂s), and cuts, in place, the weight gradient where the code clips (and at pruned weights),
   * so that the optimizer steps with ∂L/∂w.
   *
   * @param w the shadow weights the forward pass rounded
   * @param gradient ∂L/∂ŵ, overwritten with ∂L/∂w
   */
  void backward(String name, float[] w, float[] gradient) {
    float[] s = scales.get(name);
    double[] g = gradientScale.get(name);
    double[] sum = pending.get(name);
    int per = w.length / s.length;
    for (int c = 0; c < s.length; c++) {
      double total = 0;
      for (int i = c * per; i < (c + 1) * per; i++) {
        total += gradient[i] * stepSizeGradient(w[i], s[c], q);
        if (w[i] == 0f || !inside(w[i], s[c], q)) {
          gradient[i] = 0f;
        }
      }
      sum[c] += g[c] * total;
    }
  }

  /** One SGD-with-momentum step of every scale with the gradients {@link #backward} accumulated. */
  void step() {
    double rate = learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, totalSteps) / totalSteps));
    scales.forEach((name, s) -> {
      double[] sum = pending.get(name);
      double[] v = velocity.get(name);
      for (int c = 0; c < s.length; c++) {
        v[c] = MOMENTUM * v[c] + sum[c];
        // A step size must stay positive; a scale driven to zero would round every weight to 0.
        s[c] = (float) Math.max(s[c] - rate * v[c], 1e-8);
        sum[c] = 0;
      }
    });
    step++;
  }

  /** ∂ŵ/∂s of LSQ at one weight (Esser et al. 2020, equation 3), v = w / s in float32 as the forward pass divides. */
  static double stepSizeGradient(float w, float s, int q) {
    float v = w / s;
    if (v <= -q) {
      return -q;
    }
    if (v >= q) {
      return q;
    }
    return Math.rint(v) - v;
  }

  /** Whether the code of w is not clipped: −Q &lt; w / s &lt; Q, where ∂ŵ/∂w = 1. */
  static boolean inside(float w, float s, int q) {
    float v = w / s;
    return v > -q && v < q;
  }

  private int channels(Tensor tensor) {
    return perChannel && tensor.rank() >= 2 ? tensor.dim(0) : 1;
  }
}
