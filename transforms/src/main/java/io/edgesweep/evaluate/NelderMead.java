package io.edgesweep.evaluate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/**
 * Minimises a function of a few variables without derivatives (Nelder and Mead, "A simplex method
 * for function minimization", The Computer Journal 7(4), 1965), with the standard coefficients:
 * reflection 1, expansion 2, contraction ½, shrink ½.
 *
 * <p>The host fit needs it because the cost model's max(compute, memory) has no derivative where
 * a layer changes from one bound to the other. Deterministic: the same start gives the same answer.
 */
final class NelderMead {
  private NelderMead() {}

  /**
   * @param start the first vertex; the others are {@code start} plus {@code step} along each axis
   * @param tolerance stops when the simplex's values differ by less than this
   */
  static double[] minimize(ToDoubleFunction<double[]> f, double[] start, double step, double tolerance, int maxEvaluations) {
    int n = start.length;
    if (n == 0) {
      return start.clone();
    }
    double[][] simplex = new double[n + 1][];
    double[] values = new double[n + 1];
    simplex[0] = start.clone();
    for (int i = 0; i < n; i++) {
      simplex[i + 1] = start.clone();
      simplex[i + 1][i] += step;
    }
    int evaluations = 0;
    for (int i = 0; i <= n; i++) {
      values[i] = f.applyAsDouble(simplex[i]);
      evaluations++;
    }
    while (evaluations < maxEvaluations) {
      Integer[] order = new Integer[n + 1];
      for (int i = 0; i <= n; i++) {
        order[i] = i;
      }
      double[] v = values;
      Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
      double[][] sorted = new double[n + 1][];
      double[] sortedValues = new double[n + 1];
      for (int i = 0; i <= n; i++) {
        sorted[i] = simplex[order[i]];
        sortedValues[i] = values[order[i]];
      }
      simplex = sorted;
      values = sortedValues;
      if (Math.abs(values[n] - values[0]) < tolerance) {
        break;
      }
      double[] centroid = new double[n];
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < n; d++) {
          centroid[d] += simplex[i][d] / n;
        }
      }
      double[] reflected = along(centroid, simplex[n], -1);
      double fr = f.applyAsDouble(reflected);
      evaluations++;
      if (fr < values[0]) {
        double[] expanded = along(centroid, simplex[n], -2);
        double fe = f.applyAsDouble(expanded);
        evaluations++;
        if (fe < fr) {
          simplex[n] = expanded;
          values[n] = fe;
        } else {
          simplex[n] = reflected;
          values[n] = fr;
        }
      } else if (fr < values[n - 1]) {
        simplex[n] = reflected;
        values[n] = fr;
      } else {
        boolean outside = fr < values[n];
        double[] contracted = along(centroid, simplex[n], outside ? -0.5 : 0.5);
        double fc = f.applyAsDouble(contracted);
        evaluations++;
        if (fc < Math.min(fr, values[n])) {
          simplex[n] = contracted;
          values[n] = fc;
        } else {
          for (int i = 1; i <= n; i++) {
            simplex[i] = along(simplex[0], simplex[i], 0.5);
            values[i] = f.applyAsDouble(simplex[i]);
            evaluations++;
          }
        }
      }
    }
    int best = 0;
    for (int i = 1; i <= n; i++) {
      if (values[i] < values[best]) {
        best = i;
      }
    }
    return simplex[best].clone();
  }

  /** from + t · (to − from): t = −1 reflects {@code to} through {@code from}, ½ is the midpoint. */
  private static double[] along(double[] from, double[] to, double t) {
    double[] p = new double[from.length];
    for (int d = 0; d < p.length; d++) {
      p[d] = from[d] + t * (to[d] - from[d]);
    }
    return p;
  }
}
