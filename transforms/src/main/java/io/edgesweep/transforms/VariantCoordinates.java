package io.edgesweep.transforms;

import java.io.Serializable;

/**
 * Where one variant sits in the grid: one value from every axis of the sweep.
 *
 * @param id a short, stable name ({@code v007}) in grid order, used in reports and picks
 * @param student the student's architecture spec
 * @param temperature the distillation temperature, or null for labels only ("none")
 * @param method the pruning method; irrelevant when {@code ratio} is 0
 * @param ratio the fraction of prunable weights removed
 * @param weights the weight format: "32" (float), "fp16" or an integer width
 * @param granularity per-channel or per-tensor weight scales
 * @param scheme symmetric or affine weight quantization
 * @param activations off, fp16 or int&lt;bits&gt;
 */
public record VariantCoordinates(
    String id,
    String student,
    Double temperature,
    String method,
    double ratio,
    String weights,
    String granularity,
    String scheme,
    String activations)
    implements Serializable {

  /** The temperature as the spec writes it. */
  public String temperatureLabel() {
    return temperature == null ? "none" : trim(temperature);
  }

  /** A one-line description: {@code mlp:784-100-10 T=4 magnitude-global 0.9 w8 per-channel symmetric a=int8}. */
  public String describe() {
    return student + " T=" + temperatureLabel() + " " + (ratio == 0 ? "unpruned" : method + " " + trim(ratio))
        + " w" + weights + (weights.equals("32") ? "" : " " + granularity + " " + scheme) + " a=" + activations;
  }

  static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
