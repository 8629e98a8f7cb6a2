package io.edgesweep.compress;

import java.util.Arrays;

/**
 * One weight tensor's shared weights: 2^b centroids and, per weight, the index of its centroid
 * (−1 for a pruned weight, which stays exactly zero).
 *
 * <p>Built by k-means over the tensor's non-zero weights (Lloyd's algorithm), with the centroids
 * initialised linearly over [min, max] of those weights, the initialisation Han et al. found best
 * (Deep Compression, ICLR 2016, section 3.1): it keeps centroids on the rare large weights, which
 * matter most. Each iteration assigns every weight to its nearest centroid (the lower index on a
 * tie) and moves each centroid to the mean of its weights; a centroid left without weights stays
 * where it was. It stops when no assignment changes.
 */
public record Codebook(float[] centroids, int[] assignments) {

  /**
   * @param bits the index width b: 2^b centroids
   * @param maxIterations at most this many assign-and-update rounds
   */
  public static Codebook cluster(float[] weights, int bits, int maxIterations) {
    int k = 1 << bits;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float w : weights) {
      if (w != 0f) {
        lo = Math.min(lo, w);
        hi = Math.max(hi, w);
      }
    }
    float[] centroids = new float[k];
    int[] assignments = new int[weights.length];
    Arrays.fill(assignments, -1);
    if (lo > hi) {
      return new Codebook(centroids, assignments);
    }
    for (int j = 0; j < k; j++) {
      centroids[j] = (float) (lo + (double) (hi - lo) * j / (k - 1));
    }
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      boolean changed = false;
      for (int i = 0; i < weights.length; i++) {
        int nearest = weights[i] == 0f ? -1 : nearest(centroids, weights[i]);
        if (nearest != assignments[i]) {
          assignments[i] = nearest;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      double[] sums = new double[k];
      int[] counts = new int[k];
      for (int i = 0; i < weights.length; i++) {
        if (assignments[i] >= 0) {
          sums[assignments[i]] += weights[i];
          counts[assignments[i]]++;
        }
      }
      for (int j = 0; j < k; j++) {
        if (counts[j] > 0) {
          centroids[j] = (float) (sums[j] / counts[j]);
        }
      }
    }
    return new Codebook(centroids, assignments);
  }

  private static int nearest(float[] centroids, float w) {
    int best = 0;
    float bestDistance = Math.abs(w - centroids[0]);
    for (int j = 1; j < centroids.length; j++) {
      float d = Math.abs(w - centroids[j]);
      if (d < bestDistance) {
        best = j;
        bestDistance = d;
      }
    }
    return best;
  }

  /** The shared weights: each weight its centroid's value, pruned weights 0. */
  public float[] weights() {
    float[] out = new float[assignments.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = assignments[i] < 0 ? 0f : centroids[assignments[i]];
    }
    return out;
  }

  /** Each centroid's gradient: the sum of the gradients of the weights that share it. */
  public float[] centroidGradients(float[] weightGradients) {
    double[] sums = new double[centroids.length];
    for (int i = 0; i < assignments.length; i++) {
      if (assignments[i] >= 0) {
        sums[assignments[i]] += weightGradients[i];
      }
    }
    float[] out = new float[centroids.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = (float) sums[j];
    }
    return out;
  }

  /**
   * The weight gradients that move every weight of a centroid together: each weight gets its
   * centroid's summed gradient, a pruned weight 0.
   *
   * <p>Given to Adam, weights that start equal and receive equal gradients keep equal moments and
   * so stay equal: Adam on the weights is Adam on the centroids with the summed gradient, and a
   * pruned weight, with zero gradient and zero moments, does not move.
   */
  public float[] tiedGradients(float[] weightGradients) {
    float[] perCentroid = centroidGradients(weightGradients);
    float[] out = new float[assignments.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = assignments[i] < 0 ? 0f : perCentroid[assignments[i]];
    }
    return out;
  }

  /** This codebook with the centroids read back from trained weights (each centroid's first weight). */
  public Codebook reread(float[] trained) {
    float[] next = centroids.clone();
    boolean[] seen = new boolean[next.length];
    for (int i = 0; i < assignments.length; i++) {
      int j = assignments[i];
      if (j >= 0 && !seen[j]) {
        next[j] = trained[i];
        seen[j] = true;
      }
    }
    return new Codebook(next, assignments);
  }
}
