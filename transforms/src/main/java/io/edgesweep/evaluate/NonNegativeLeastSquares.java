package io.edgesweep.evaluate;

/**
 * Solves min ‖A x − b‖² subject to x ≥ 0 (Lawson and Hanson, "Solving Least Squares Problems",
 * 1974, chapter 23, algorithm NNLS).
 *
 * <p>The fit of the host profile uses it for the terms that latency is linear in (overheads and
 * conversion costs), which must not come out negative: a negative overhead would be a better fit
 * and a meaningless profile. Columns are scaled to unit norm before solving, since they mix layer
 * counts with value counts of a million times their size.
 */
final class NonNegativeLeastSquares {
  private static final int MAX_ITERATIONS = 1000;
  /** Below this pivot (columns have unit norm) a column is taken as dependent on the others. */
  private static final double SINGULAR = 1e-12;

  private NonNegativeLeastSquares() {}

  /**
   * @param a rows × columns, row-major
   * @param b the targets, one per row
   * @return x ≥ 0 with {@code columns} entries
   */
  static double[] solve(double[][] a, double[] b) {
    int rows = a.length;
    int columns = rows == 0 ? 0 : a[0].length;
    double[] scale = new double[columns];
    for (int j = 0; j < columns; j++) {
      double norm = 0;
      for (double[] row : a) {
        norm += row[j] * row[j];
      }
      scale[j] = norm > 0 ? Math.sqrt(norm) : 1;
    }
    double[][] scaled = new double[rows][columns];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        scaled[i][j] = a[i][j] / scale[j];
      }
    }
    double[] x = solveScaled(scaled, b, columns);
    for (int j = 0; j < columns; j++) {
      x[j] /= scale[j];
    }
    return x;
  }

  private static double[] solveScaled(double[][] a, double[] b, int columns) {
    double[] x = new double[columns];
    boolean[] passive = new boolean[columns];
    double tolerance = 1e-12;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] w = gradient(a, b, x);
      int best = -1;
      for (int j = 0; j < columns; j++) {
        if (!passive[j] && w[j] > tolerance && (best < 0 || w[j] > w[best])) {
          best = j;
        }
      }
      if (best < 0) {
        return x;
      }
      passive[best] = true;
      while (true) {
        double[] s = leastSquares(a, b, passive);
        boolean feasible = true;
        for (int j = 0; j < columns; j++) {
          if (passive[j] && s[j] <= 0) {
            feasible = false;
          }
        }
        if (feasible) {
          x = s;
          break;
        }
        double alpha = Double.POSITIVE_INFINITY;
        for (int j = 0; j < columns; j++) {
          if (passive[j] && s[j] <= 0) {
            alpha = Math.min(alpha, x[j] / (x[j] - s[j]));
          }
        }
        for (int j = 0; j < columns; j++) {
          x[j] += alpha * (s[j] - x[j]);
          if (passive[j] && x[j] <= tolerance) {
            passive[j] = false;
            x[j] = 0;
          }
        }
      }
    }
    throw new IllegalStateException("non-negative least squares did not converge in " + MAX_ITERATIONS + " iterations");
  }

  /** Aᵀ(b − A x): the direction in which each coordinate would lower the residual. */
  private static double[] gradient(double[][] a, double[] b, double[] x) {
    int columns = x.length;
    double[] w = new double[columns];
    for (int i = 0; i < a.length; i++) {
      double r = b[i];
      for (int j = 0; j < columns; j++) {
        r -= a[i][j] * x[j];
      }
      for (int j = 0; j < columns; j++) {
        w[j] += a[i][j] * r;
      }
    }
    return w;
  }

  /** Unconstrained least squares on the passive columns (normal equations, partial pivoting); 0 elsewhere. */
  private static double[] leastSquares(double[][] a, double[] b, boolean[] passive) {
    int columns = passive.length;
    int[] index = new int[columns];
    int n = 0;
    for (int j = 0; j < columns; j++) {
      if (passive[j]) {
        index[n++] = j;
      }
    }
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < a.length; i++) {
      double[] row = a[i];
      for (int p = 0; p < n; p++) {
        double ap = row[index[p]];
        for (int q = 0; q < n; q++) {
          m[p][q] += ap * row[index[q]];
        }
        m[p][n] += ap * b[i];
      }
    }
    double[] solution = gauss(m, n);
    double[] s = new double[columns];
    for (int p = 0; p < n; p++) {
      s[index[p]] = solution[p];
    }
    return s;
  }

  private static double[] gauss(double[][] m, int n) {
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = m[col];
      m[col] = m[pivot];
      m[pivot] = t;
      if (Math.abs(m[col][col]) < SINGULAR) {
        continue; // a column dependent on the others: leave its coefficient at 0
      }
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = m[r][col] / m[col][col];
          for (int c = col; c <= n; c++) {
            m[r][c] -= f * m[col][c];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.abs(m[i][i]) < SINGULAR ? 0 : m[i][n] / m[i][i];
    }
    return x;
  }
}
