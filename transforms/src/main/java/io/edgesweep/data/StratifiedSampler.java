package io.edgesweep.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Draws a sample that keeps each class's share of the whole, from a fixed seed.
 *
 * <p>Per-class quotas use the largest-remainder method so they add up to exactly the requested
 * size; within a class the draw is a seeded shuffle. The chosen indices come back in ascending
 * order, so a sample's file order follows its source's.
 */
public final class StratifiedSampler {
  private StratifiedSampler() {}

  /** A split of {@code labels} into a chosen sample and the rest, both in ascending order. */
  public record Split(int[] chosen, int[] rest) {}

  public static Split sample(int[] labels, int classCount, int size, long seed) {
    if (size < 0 || size > labels.length) {
      throw new IllegalArgumentException("cannot draw " + size + " of " + labels.length + " items");
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classCount; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    int[] quota = quotas(byClass.stream().mapToInt(List::size).toArray(), labels.length, size);
    Random random = new Random(seed);
    boolean[] chosen = new boolean[labels.length];
    for (int c = 0; c < classCount; c++) {
      List<Integer> members = byClass.get(c);
      java.util.Collections.shuffle(members, random);
      for (int k = 0; k < quota[c]; k++) {
        chosen[members.get(k)] = true;
      }
    }
    int[] picked = new int[size];
    int[] rest = new int[labels.length - size];
    int p = 0;
    int r = 0;
    for (int i = 0; i < labels.length; i++) {
      if (chosen[i]) {
        picked[p++] = i;
      } else {
        rest[r++] = i;
      }
    }
    return new Split(picked, rest);
  }

  static int[] quotas(int[] classSizes, int total, int size) {
    int[] quota = new int[classSizes.length];
    double[] remainder = new double[classSizes.length];
    int assigned = 0;
    for (int c = 0; c < classSizes.length; c++) {
      double exact = total == 0 ? 0 : (double) classSizes[c] * size / total;
      quota[c] = (int) Math.floor(exact);
      remainder[c] = exact - quota[c];
      assigned += quota[c];
    }
    Integer[] order = new Integer[classSizes.length];
    for (int c = 0; c < order.length; c++) {
      order[c] = c;
    }
    Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
    for (int k = 0; assigned < size; k = (k + 1) % order.length) {
      int c = order[k];
      if (quota[c] < classSizes[c]) {
        quota[c]++;
        assigned++;
      }
    }
    return quota;
  }
}
